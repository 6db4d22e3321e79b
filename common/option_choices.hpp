/** @file option_choices.hpp
 *  @brief The allowed values of an enumerated option (--format text|json,
 *  --sort, --shard-by, ...), written once: each program keeps one list per
 *  option (a Choice table or a name list) beside its plain options struct,
 *  the option table carries it (common/choice_value.hpp: the parser refuses
 *  any other value, naming the option and the list) and docgen reads it from
 *  there into the man pages and the bash, zsh and fish completions. No Boost
 *  here: the engines and their option structs include this header.
 *
 *  A value "NAME:PARAM" (PARAM in capitals) stands for NAME: followed by a
 *  parameter: --if-locked's wait:SECONDS.
 */
#pragma once

#include "common/error.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// One allowed value of an enumerated option and what it means to the program.
template <class T>
struct Choice {
  std::string_view name;
  T value;
};

/// The names of @p choices, in order.
template <class T>
[[nodiscard]] std::vector<std::string> choice_names(std::span<const Choice<T>> choices) {
  std::vector<std::string> out;
  for (const Choice<T>& choice : choices) out.emplace_back(choice.name);
  return out;
}

/// "option --format: 'xml' is not one of text, json".
[[nodiscard]] std::string not_a_choice(std::string_view option, std::string_view text,
                                       std::span<const std::string> values);

/// Whether @p text is one of @p values (for a "NAME:PARAM" value: starts with "NAME:").
[[nodiscard]] bool is_choice(std::span<const std::string> values, std::string_view text);

/// The value of the choice named @p text; a UsageError (not_a_choice) when none is.
template <class T>
[[nodiscard]] T chosen(std::span<const Choice<T>> choices, std::string_view text, std::string_view option) {
  for (const Choice<T>& choice : choices) {
    if (choice.name == text) return choice.value;
  }
  throw UsageError(not_a_choice(option, text, choice_names(choices)));
}

/// @p values for prose: "auto, always or never" (@p last "or"), "a, b" (@p last ",").
[[nodiscard]] std::string listed_choices(std::span<const std::string> values, std::string_view last = "or");

/// The word a shell completion offers for @p value: itself, or "NAME:" for "NAME:PARAM".
[[nodiscard]] std::string completion_word(std::string_view value);

/// What the option table's value type of an enumerated option
/// (common/choice_value.hpp) offers docgen: its allowed values.
class EnumeratedValue {
public:
  EnumeratedValue() = default;
  EnumeratedValue(const EnumeratedValue&) = delete;
  EnumeratedValue& operator=(const EnumeratedValue&) = delete;
  virtual ~EnumeratedValue() = default;
  [[nodiscard]] virtual const std::vector<std::string>& allowed_values() const = 0;
};

} // namespace dateline
