/** @file plain_cjk.hpp
 *  @brief Plain CJK characters (session 14): code points whose term is
 *  themselves, so the analyzer skips ICU's normalisers and emoji lookups
 *  for a word made only of them. Internal to the analyzer's files
 *  (text_normalizer.cpp, icu_segmenter.cpp); not a public interface.
 *
 *  The CJK Unified Ideographs (Extension A and the main block) and the
 *  precomposed Hangul syllables: NFKC_Casefold maps each to itself, each is
 *  a starter (combining class 0) that never composes with the character
 *  before it (NFC_Quick_Check Yes), none is a mark, an apostrophe or part
 *  of an emoji sequence. So TextAnalyzer::Impl::normalize gives a string of
 *  them back unchanged, and emit finds no emoji in it;
 *  tests/unit/common/plain_cjk_test.cpp checks those properties with ICU
 *  for every code point named here.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dateline::analyzer_detail {

/// True for the code points named in the file comment.
[[nodiscard]] constexpr bool is_plain_cjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

/// The plain CJK code point whose UTF-8 starts at byte @p i of @p text (all
/// of them are three bytes), or 0 when there is none there.
[[nodiscard]] constexpr char32_t plain_cjk_at(std::string_view text, std::size_t i) {
  if (i + 3 > text.size()) return 0;
  const auto b0 = static_cast<unsigned char>(text[i]);
  const auto b1 = static_cast<unsigned char>(text[i + 1]);
  const auto b2 = static_cast<unsigned char>(text[i + 2]);
  if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  const char32_t c = (static_cast<char32_t>(b0 & 0x0F) << 12) | (static_cast<char32_t>(b1 & 0x3F) << 6) |
                     static_cast<char32_t>(b2 & 0x3F);
  return is_plain_cjk(c) ? c : 0;
}

/// True when @p text is not empty and holds nothing but plain CJK code points.
[[nodiscard]] constexpr bool is_plain_cjk(std::string_view text) {
  if (text.empty() || text.size() % 3 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 3) {
    if (plain_cjk_at(text, i) == 0) return false;
  }
  return true;
}

} // namespace dateline::analyzer_detail
