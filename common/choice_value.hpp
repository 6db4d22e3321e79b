/** @file choice_value.hpp
 *  @brief The option table's value type of an enumerated option: a
 *  Boost.Program_options string value that carries its allowed values
 *  (common/option_choices.hpp) to the parser, which refuses any other value
 *  naming the option and the list, and to docgen (EnumeratedValue), which
 *  lists them in the man pages and completions. Header-only and for the
 *  command lines (indexer/options.cpp, searcher/options.cpp) and docgen only:
 *  no source of common/'s library or of an engine includes it (they link no
 *  Boost.Program_options).
 */
#pragma once

#include "common/option_choices.hpp"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/value_semantic.hpp>
#include <boost/program_options/variables_map.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace dateline {

class ChoiceValue final : public boost::program_options::typed_value<std::string>, public EnumeratedValue {
public:
  /// @p alias: further spellings accepted but not listed (--language's
  /// two-letter codes), or empty.
  explicit ChoiceValue(std::vector<std::string> values, std::function<bool(std::string_view)> alias = {})
      : boost::program_options::typed_value<std::string>(nullptr), m_values(std::move(values)),
        m_alias(std::move(alias)) {}

  [[nodiscard]] const std::vector<std::string>& allowed_values() const override { return m_values; }

  /// Refuses a value not in the list; Boost's store() fills in the option's name.
  void xparse(boost::any& value_store, const std::vector<std::string>& tokens) const override {
    if (tokens.size() == 1 && !is_choice(m_values, tokens.front()) && !(m_alias && m_alias(tokens.front()))) {
      boost::program_options::error_with_option_name error(
          "option %canonical_option%: '%value%' is not one of " + listed_choices(m_values, ","));
      error.set_substitute("value", tokens.front());
      throw error;
    }
    boost::program_options::typed_value<std::string>::xparse(value_store, tokens);
  }

private:
  std::vector<std::string> m_values;
  std::function<bool(std::string_view)> m_alias;
};

/// A new ChoiceValue for an options_description row (which takes ownership).
[[nodiscard]] inline ChoiceValue* choice_value(std::vector<std::string> values,
                                               std::function<bool(std::string_view)> alias = {}) {
  return new ChoiceValue(std::move(values), std::move(alias));
}

/// The option table's value of an enumerated option with the choices @p list.
template <class T, std::size_t N>
[[nodiscard]] ChoiceValue* choices(const Choice<T> (&list)[N]) {
  return choice_value(choice_names(std::span<const Choice<T>>(list)));
}

/// The error for an enumerated option of @p options given no value:
/// "--format=" (empty), as ChoiceValue refuses "--format ''" ("option
/// --format: '' is not one of text, json"), or "--format" last ("option
/// --format needs a value, one of text, json"). Boost refuses both before
/// the value type sees them, naming neither the option's values nor their
/// form. "" for every other option or error.
[[nodiscard]] inline std::string missing_choice_error(
    const boost::program_options::options_description& options,
    const boost::program_options::invalid_command_line_syntax& error) {
  using Syntax = boost::program_options::invalid_command_line_syntax;
  if (error.kind() != Syntax::empty_adjacent_parameter && error.kind() != Syntax::missing_parameter) return {};
  const std::string option = error.get_option_name();  // "--format"
  if (!option.starts_with("--")) return {};
  const boost::program_options::option_description* found = options.find_nothrow(option.substr(2), false);
  const auto* enumerated = found ? dynamic_cast<const EnumeratedValue*>(found->semantic().get()) : nullptr;
  if (enumerated == nullptr) return {};
  const std::vector<std::string>& values = enumerated->allowed_values();
  if (error.kind() == Syntax::empty_adjacent_parameter) return not_a_choice(option, "", values);
  return "option " + option + " needs a value, one of " + listed_choices(values, ",");
}

/// The value of option @p name that the table accepted (ChoiceValue checked it).
template <class T, std::size_t N>
[[nodiscard]] T chosen_value(const boost::program_options::variables_map& vm, const char* name,
                             const Choice<T> (&list)[N]) {
  return chosen(std::span<const Choice<T>>(list), vm[name].as<std::string>(), std::string("--") + name);
}

} // namespace dateline
