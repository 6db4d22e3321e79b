#include "common/charset.hpp"
#include "common/encoding.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

namespace dateline {
namespace {

struct DecodeCase {
  const char* name;
  std::string input;
  std::string expected;
  bool repaired;
};

class DecodeTest : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(DecodeTest, Decodes) {
  const auto& c = GetParam();
  const DecodedText decoded = decode_to_utf8(c.input);
  EXPECT_TRUE(is_valid_utf8(decoded.utf8)) << c.name;
  EXPECT_EQ(decoded.utf8, c.expected) << c.name << " charset=" << decoded.charset;
  EXPECT_EQ(decoded.repaired, c.repaired) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DecodeTest,
    ::testing::Values(
        DecodeCase{"ascii", "plain text\n", "plain text\n", false},
        DecodeCase{"utf8", "caf\xC3\xA9", "caf\xC3\xA9", false},
        DecodeCase{"bom", "\xEF\xBB\xBF" "date 2024-01-01", "date 2024-01-01", false},
        DecodeCase{"crlf", "a\r\nb\rc", "a\nb\nc", false},
        DecodeCase{"utf16le", std::string("\xFF\xFE" "h\0i\0", 6), "hi", true},
        DecodeCase{"utf16be", std::string("\xFE\xFF\0h\0i", 6), "hi", true},
        DecodeCase{"latin1",
                   "Le caf\xE9 de la gare est ferm\xE9 depuis l'\xE9t\xE9 dernier, a d\xE9"
                   "clar\xE9 le maire de la commune fran\xE7" "aise.",
                   "Le caf\xC3\xA9 de la gare est ferm\xC3\xA9 depuis l'\xC3\xA9t\xC3\xA9 dernier, a "
                   "d\xC3\xA9" "clar\xC3\xA9 le maire de la commune fran\xC3\xA7" "aise.",
                   true},
        DecodeCase{"short latin1", "Il est tr\xE8s tard.", "Il est tr\xC3\xA8s tard.", true},
        DecodeCase{"stray byte in utf8", "caf\xC3\xA9 \x80 ok", "caf\xC3\xA9 \xEF\xBF\xBD ok", true},
        DecodeCase{"overlong", "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", true},
        DecodeCase{"surrogate", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", true}), test::RowName{});

TEST(EncodingTest, Gb18030IsDetected) {
  // "中华人民共和国国务院新闻办公室今天举行新闻发布会" in GB18030 (GBK subset).
  const std::string gbk =
      "\xD6\xD0\xBB\xAA\xC8\xCB\xC3\xF1\xB9\xB2\xBA\xCD\xB9\xFA\xB9\xFA\xCE\xF1\xD4\xBA\xD0\xC2\xCE\xC5"
      "\xB0\xEC\xB9\xAB\xCA\xD2\xBD\xF1\xCC\xEC\xBE\xD9\xD0\xD0\xD0\xC2\xCE\xC5\xB7\xA2\xB2\xBC\xBB\xE1";
  const DecodedText decoded = decode_to_utf8(gbk);
  EXPECT_TRUE(decoded.repaired);
  EXPECT_TRUE(is_valid_utf8(decoded.utf8));
  EXPECT_NE(decoded.utf8.find("\xE4\xB8\xAD\xE5\x8D\x8E"), std::string::npos) << decoded.charset;  // 中华
}

struct StripCase {
  std::string input;
  std::string expected;
};

class StripTest : public ::testing::TestWithParam<StripCase> {};

TEST_P(StripTest, RemovesControls) {
  EXPECT_EQ(strip_control_chars(GetParam().input), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, StripTest,
                         ::testing::Values(StripCase{"plain\ttext\n", "plain\ttext\n"},
                                           StripCase{"red \x1B[31mALERT\x1B[0m!", "red ALERT!"},
                                           StripCase{"title \x1B]0;pwned\x07 ok", "title  ok"},
                                           StripCase{"bell\x07 nul", "bell nul"},
                                           StripCase{"c1 \xC2\x9B" "31m", "c1 31m"},
                                           StripCase{"caf\xC3\xA9", "caf\xC3\xA9"},
                                           // regression (fuzz_snippet): ESC before a multi-byte character
                                           StripCase{"a\x1B\xC3\xA9z", "a\xC3\xA9z"}));

struct RepairCase {
  const char* name;
  std::string input;
  std::string expected;
};

class RepairTest : public ::testing::TestWithParam<RepairCase> {};

TEST_P(RepairTest, ReplacesOnlyInvalidSequences) {
  const std::string out = repair_utf8(GetParam().input);
  EXPECT_EQ(out, GetParam().expected);
  EXPECT_TRUE(is_valid_utf8(out));
}

// Valid text comes back unchanged (repair_utf8's fast path); each invalid
// byte becomes one U+FFFD.
INSTANTIATE_TEST_SUITE_P(Table, RepairTest,
                         ::testing::Values(RepairCase{"empty", "", ""},
                                           RepairCase{"ascii", "plain text, eight+ bytes", "plain text, eight+ bytes"},
                                           RepairCase{"valid multibyte", "caf\xC3\xA9 \xE4\xB8\xAD", "caf\xC3\xA9 \xE4\xB8\xAD"},
                                           RepairCase{"stray latin-1 byte", "caf\xE9!", "caf\xEF\xBF\xBD!"},
                                           RepairCase{"truncated at the end", "ab\xE4\xB8", "ab\xEF\xBF\xBD\xEF\xBF\xBD"},
                                           RepairCase{"overlong", "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"}),
                         test::RowName{});

struct AsciiCase {
  const char* name;
  std::string input;
  bool ascii;
};

class AsciiTest : public ::testing::TestWithParam<AsciiCase> {};

TEST_P(AsciiTest, FindsAnyHighByte) {
  EXPECT_EQ(is_ascii(GetParam().input), GetParam().ascii);
}

// is_ascii reads eight bytes at a time: a high byte in each lane of a word,
// and in the tail after the last whole word.
INSTANTIATE_TEST_SUITE_P(Table, AsciiTest,
                         ::testing::Values(AsciiCase{"empty", "", true},
                                           AsciiCase{"one byte", "a", true},
                                           AsciiCase{"one word", "abcdefgh", true},
                                           AsciiCase{"word and tail", "abcdefgh\x7f\x01 x", true},
                                           AsciiCase{"nul and controls", std::string("a\0\x1b\x7f", 4), true},
                                           AsciiCase{"high first", "\x80" "bcdefgh", false},
                                           AsciiCase{"high last of word", "abcdefg\xff", false},
                                           AsciiCase{"high in second word", "abcdefgh" "abc\xC3\xA9" "fgh", false},
                                           AsciiCase{"high in tail", "abcdefgh" "ab\xE4", false},
                                           AsciiCase{"only tail", "\xC3\xA9", false}),
                         test::RowName{});

TEST(EncodingTest, Utf8PrefixNeverSplitsASequence) {
  const std::string text = "a\xE4\xB8\xAD" "b";  // a中b
  EXPECT_EQ(utf8_prefix(text, 1), "a");
  EXPECT_EQ(utf8_prefix(text, 2), "a");
  EXPECT_EQ(utf8_prefix(text, 3), "a");
  EXPECT_EQ(utf8_prefix(text, 4), "a\xE4\xB8\xAD");
  EXPECT_EQ(utf8_prefix(text, 10), text);
}

} // namespace
} // namespace dateline
