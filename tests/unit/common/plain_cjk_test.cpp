/** @file plain_cjk_test.cpp
 *  @brief The analyzer's plain CJK fast paths (session 14) are exact: every
 *  code point common/plain_cjk.hpp names is, by ICU's own data, its own
 *  NFKC_Casefold, a starter that never composes with the character before
 *  it, no mark, no apostrophe and no part of an emoji sequence, so
 *  normalize() would give any string of them back unchanged and emit()
 *  would find no emoji in it. And the UTF-8 reading takes exactly those.
 */
#include "common/plain_cjk.hpp"

#include "common/text_analyzer.hpp"

#include <gtest/gtest.h>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <string>

namespace dateline {
namespace {

using analyzer_detail::is_plain_cjk;
using analyzer_detail::plain_cjk_at;

std::string utf8(char32_t c) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

TEST(PlainCjk, EveryCodePointIsItsOwnTermByIcu) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  std::size_t checked = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (!is_plain_cjk(c)) continue;
    ++checked;
    const auto u = static_cast<UChar32>(c);
    const auto code = static_cast<std::uint32_t>(c);
    const icu::UnicodeString one(u);
    ASSERT_EQ(casefold->normalize(one, status), one) << std::hex << code;
    ASSERT_EQ(u_getCombiningClass(u), 0) << std::hex << code;
    ASSERT_EQ(u_getIntPropertyValue(u, UCHAR_NFC_QUICK_CHECK), UNORM_YES) << std::hex << code;
    ASSERT_EQ(u_getIntPropertyValue(u, UCHAR_NFKC_QUICK_CHECK), UNORM_YES) << std::hex << code;
    ASSERT_NE(u_charType(u), U_NON_SPACING_MARK) << std::hex << code;
    ASSERT_FALSE(u_hasBinaryProperty(u, UCHAR_EXTENDED_PICTOGRAPHIC)) << std::hex << code;
    ASSERT_FALSE(u_hasBinaryProperty(u, UCHAR_EMOJI_MODIFIER)) << std::hex << code;
    ASSERT_FALSE(u_hasBinaryProperty(u, UCHAR_REGIONAL_INDICATOR)) << std::hex << code;
    ASSERT_FALSE(u_hasBinaryProperty(u, UCHAR_EMOJI_COMPONENT)) << std::hex << code;
    ASSERT_EQ(static_cast<std::uint32_t>(plain_cjk_at(utf8(c), 0)), static_cast<std::uint32_t>(c));
  }
  ASSERT_TRUE(U_SUCCESS(status));
  EXPECT_EQ(checked, 0x4DBFU - 0x3400U + 1 + 0x9FFFU - 0x4E00U + 1 + 0xD7A3U - 0xAC00U + 1);
}

TEST(PlainCjk, ReadsOnlyWholeSequencesOfThoseCodePoints) {
  EXPECT_TRUE(is_plain_cjk(std::string_view("中国人民")));
  EXPECT_TRUE(is_plain_cjk(std::string_view("서울")));
  EXPECT_TRUE(is_plain_cjk(std::string_view("中国서울")));
  EXPECT_FALSE(is_plain_cjk(std::string_view("")));
  EXPECT_FALSE(is_plain_cjk(std::string_view("中国a")));
  EXPECT_FALSE(is_plain_cjk(std::string_view("タワー")));     // kana: the full path
  EXPECT_FALSE(is_plain_cjk(std::string_view("\xEF\xA4\x80")));  // U+F900, a compatibility ideograph
  EXPECT_FALSE(is_plain_cjk(std::string_view("\xE4\xB8")));      // a cut sequence
  EXPECT_FALSE(is_plain_cjk(std::string_view("\xE0\x80\x80")));  // overlong
  EXPECT_EQ(static_cast<std::uint32_t>(plain_cjk_at("中", 1)), 0U);
  EXPECT_EQ(static_cast<std::uint32_t>(plain_cjk_at("a中", 1)), 0x4E2DU);
}

TEST(PlainCjk, AnalyzerTermsOfPlainWordsAreTheirText) {
  const TextAnalyzer analyzer("english");
  const std::string text = "中国人民银行 서울에서 䶵 一丁";
  for (const Token& token : analyzer.tokenize(text)) {
    EXPECT_EQ(token.term, text.substr(token.begin, token.end - token.begin));
  }
}

} // namespace
} // namespace dateline
