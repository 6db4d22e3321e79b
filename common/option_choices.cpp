/** @file option_choices.cpp
 *  @brief Enumerated options' values: the check, the error and the listings.
 */
#include "common/option_choices.hpp"

namespace dateline {
namespace {

/// "wait" for "wait:SECONDS"; "" for a value without a parameter.
std::string_view parameter_prefix(std::string_view value) {
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon + 1 >= value.size()) return {};
  for (const char c : value.substr(colon + 1)) {
    if (!(c >= 'A' && c <= 'Z') && c != '_') return {};
  }
  return value.substr(0, colon + 1);
}

} // namespace

std::string not_a_choice(std::string_view option, std::string_view text, std::span<const std::string> values) {
  return "option " + std::string(option) + ": '" + std::string(text) + "' is not one of " + listed_choices(values, ",");
}

bool is_choice(std::span<const std::string> values, std::string_view text) {
  for (const std::string& value : values) {
    if (text == value) return true;
    const std::string_view prefix = parameter_prefix(value);
    if (!prefix.empty() && text.starts_with(prefix)) return true;
  }
  return false;
}

std::string listed_choices(std::span<const std::string> values, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() && last != "," ? " " + std::string(last) + " " : std::string(", ");
    out += values[i];
  }
  return out;
}

std::string completion_word(std::string_view value) {
  const std::string_view prefix = parameter_prefix(value);
  return std::string(prefix.empty() ? value : prefix);
}

} // namespace dateline
