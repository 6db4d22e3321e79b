/** @file repeat.hpp
 *  @brief Text written again and again, for test articles and queries: one
 *  helper where three test files each had their own.
 */
#pragma once

#include <string>
#include <string_view>

namespace dateline::test {

/// @p text @p times times in a row, nothing between.
inline std::string repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

/// @p words @p times times, each copy followed by a space (filler for an
/// article body: "a b a b ").
inline std::string repeat_words(std::string_view words, int times) { return repeat(std::string(words) + " ", times); }

} // namespace dateline::test
