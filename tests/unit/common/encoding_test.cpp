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
                                           // U+009B is CSI: "31m" completes it, as on a terminal
                                           StripCase{"c1 \xC2\x9B" "31m", "c1 "},
                                           // #14.1: sequences are bounded; an unfinished one loses only its ESC
                                           StripCase{"head \x1B]0;title\nbody words", "head ]0;title\nbody words"},
                                           StripCase{"osc \x1B]0;t\xC2\x9C" "after", "osc after"},
                                           StripCase{"csi \x1B[   beta", "csi [   beta"},
                                           StripCase{"caf\xC3\xA9", "caf\xC3\xA9"},
                                           // regression (fuzz_snippet): ESC before a multi-byte character
                                           StripCase{"a\x1B\xC3\xA9z", "a\xC3\xA9z"}));

// #14.1: what the indexer keeps. Each row's words must survive; complete
// sequences vanish, lone controls become spaces.
struct SeparateCase {
  const char* name;
  std::string input;
  std::string expected;
  std::size_t removed;
};

class SeparateTest : public ::testing::TestWithParam<SeparateCase> {};

TEST_P(SeparateTest, KeepsEveryWord) {
  const ControlCleanup out = separate_control_chars(GetParam().input);
  EXPECT_EQ(out.text, GetParam().expected);
  EXPECT_EQ(out.removed, GetParam().removed);
  EXPECT_TRUE(is_valid_utf8(out.text));
}

const std::string k_long_osc = "\x1B]8;;" + std::string(600, 'u') + "\x07tail";

INSTANTIATE_TEST_SUITE_P(
    Table, SeparateTest,
    ::testing::Values(
        SeparateCase{"clean", "plain\ttext\n", "plain\ttext\n", 0},
        SeparateCase{"sgr", "red \x1B[31mALERT\x1B[0m!", "red ALERT!", 2},
        SeparateCase{"sgr inside a word", "hel\x1B[1mlo", "hello", 1},
        SeparateCase{"osc bel", "t \x1B]0;x\x07 ok", "t  ok", 1},
        SeparateCase{"osc esc backslash", "t \x1B]2;x\x1B\\ok", "t ok", 1},
        SeparateCase{"osc c1 st", "t \x1B]2;x\xC2\x9Cok", "t ok", 1},
        SeparateCase{"osc 8-bit", "t \xC2\x9D" "2;x\x07ok", "t ok", 1},
        SeparateCase{"osc unterminated", "Head \x1B] line\nbeta gamma", "Head  ] line\nbeta gamma", 1},
        SeparateCase{"osc unterminated at end", "a \x1B]0;b", "a  ]0;b", 1},
        SeparateCase{"osc past the cap", k_long_osc, " ]8;;" + std::string(600, 'u') + " tail", 2},
        SeparateCase{"csi then spaces", "alpha \x1B[   beta", "alpha  [   beta", 1},
        SeparateCase{"csi with a space intermediate", "x\x1B[2 q y", "x [2 q y", 1},
        SeparateCase{"csi 8-bit", "x \xC2\x9B" "1mbold", "x bold", 1},
        SeparateCase{"csi unfinished at end", "x \x1B[12", "x  [12", 1},
        SeparateCase{"dcs", "a\x1BPq#0\x1B\\b", "ab", 1},
        SeparateCase{"dcs unterminated", "a \x1BPdata\nb", "a  Pdata\nb", 1},
        SeparateCase{"apc pm sos", "\x1B_x\x07" "a\x1B^y\x07" "b\x1BXz\x07" "c", "abc", 3},
        SeparateCase{"charset escape", "\x1B(Bword", "word", 1},
        SeparateCase{"two-byte escape", "\x1B" "7saved", "saved", 1},
        SeparateCase{"lone esc before utf8", "a\x1B\xC3\xA9z", "a \xC3\xA9z", 1},
        SeparateCase{"lone esc at end", "end\x1B", "end ", 1},
        SeparateCase{"bell and nul-like controls", "one\x07two\x01three\x7F" "four", "one two three four", 3},
        SeparateCase{"c1 nel", "left\xC2\x85right", "left right", 1},
        SeparateCase{"lone c1 st", "a\xC2\x9C" "b", "a b", 1}),
    test::RowName{});

struct NeutralizeCase {
  const char* name;
  std::string input;
  std::string expected;
};

class NeutralizeTest : public ::testing::TestWithParam<NeutralizeCase> {};

TEST_P(NeutralizeTest, LeavesOnlyVisibleText) {
  EXPECT_EQ(neutralize_for_terminal(GetParam().input), GetParam().expected);
}

// #14.11: bidi controls, zero-width characters and line separators.
INSTANTIATE_TEST_SUITE_P(
    Table, NeutralizeTest,
    ::testing::Values(NeutralizeCase{"plain", "caf\xC3\xA9 \xE4\xB8\xAD", "caf\xC3\xA9 \xE4\xB8\xAD"},
                      NeutralizeCase{"rlo", "abc\xE2\x80\xAEtxt.exe", "abctxt.exe"},
                      NeutralizeCase{"isolates", "\xE2\x81\xA6x\xE2\x81\xA7y\xE2\x81\xA8z\xE2\x81\xA9", "xyz"},
                      NeutralizeCase{"marks", "a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xD8\x9C" "d", "abcd"},
                      NeutralizeCase{"zero width", "ex\xE2\x80\x8Bport\xEF\xBB\xBF\xE2\x81\xA0", "export"},
                      NeutralizeCase{"line separators", "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "a b c"},
                      NeutralizeCase{"newline and tab", "a\nb\tc", "a b c"},
                      NeutralizeCase{"escape sequence", "a\x1B[31mb", "ab"},
                      NeutralizeCase{"invalid utf8", "caf\xE9", "caf\xEF\xBF\xBD"}),
    test::RowName{});

struct EscapeCase {
  const char* name;
  std::string input;
  std::string expected;
};

class EscapeTest : public ::testing::TestWithParam<EscapeCase> {};

TEST_P(EscapeTest, ShowsEveryByte) {
  EXPECT_EQ(escape_for_terminal(GetParam().input), GetParam().expected);
}

// #14.10: paths are escaped, never stripped; two different names never print alike.
INSTANTIATE_TEST_SUITE_P(
    Table, EscapeTest,
    ::testing::Values(EscapeCase{"plain", "news/2024/caf\xC3\xA9 a.txt", "news/2024/caf\xC3\xA9 a.txt"},
                      EscapeCase{"newline", "a\ndateline-index: error: x", "a\\ndateline-index: error: x"},
                      EscapeCase{"tab and cr", "a\tb\rc", "a\\tb\\rc"},
                      EscapeCase{"escape", "a\x1B[31mred", "a\\x1b[31mred"},
                      EscapeCase{"del", "a\x7F", "a\\x7f"},
                      EscapeCase{"backslash", "a\\n", "a\\\\n"},
                      EscapeCase{"invalid byte", "caf\xE9.txt", "caf\\xe9.txt"},
                      EscapeCase{"replacement char stays", "caf\xEF\xBF\xBD.txt", "caf\xEF\xBF\xBD.txt"},
                      EscapeCase{"rlo", "x\xE2\x80\xAEtxt.exe", "x\\u202etxt.exe"},
                      EscapeCase{"c1", "x\xC2\x9By", "x\\u009by"},
                      EscapeCase{"zero width", "a\xE2\x80\x8B" "b", "a\\u200bb"}),
    test::RowName{});

TEST(EncodingTest, EscapeCanKeepBackslashes) {
  EXPECT_EQ(escape_for_terminal("C:\\dir\n\x1B", false), "C:\\dir\\n\\x1b");
}

TEST(EncodingTest, Base64) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("caf\xE9.txt"), "Y2Fm6S50eHQ=");
  for (const std::string& bytes : {std::string(""), std::string("f"), std::string("fo"), std::string("foo"), std::string("foob"), std::string("caf\xE9\n\x00.txt", 10)}) {
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  }
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);
  EXPECT_EQ(base64_decode("Z!=="), std::nullopt);
}

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

// code_points and code_point_offset are the one count of UTF-8 code points
// (the article's title limits, the snippet's window length).
struct CodePointCase {
  const char* name;
  std::string text;
  std::size_t code_points;
  std::size_t offset_of_second;  ///< byte offset of code point 2 (0-based), or the size
};

class CodePointTest : public ::testing::TestWithParam<CodePointCase> {};

TEST_P(CodePointTest, CountsLeadBytes) {
  const CodePointCase& c = GetParam();
  EXPECT_EQ(code_points(c.text), c.code_points);
  EXPECT_EQ(code_point_offset(c.text, 2), c.offset_of_second);
  EXPECT_EQ(code_point_offset(c.text, 0), 0U);
  EXPECT_EQ(code_point_offset(c.text, c.code_points), c.text.size());
  EXPECT_EQ(code_point_offset(c.text, c.code_points + 5), c.text.size());
}

INSTANTIATE_TEST_SUITE_P(Table, CodePointTest,
                         ::testing::Values(CodePointCase{"empty", "", 0, 0},
                                           CodePointCase{"ascii", "abc", 3, 2},
                                           CodePointCase{"two byte", "\xC3\xA9t\xC3\xA9", 3, 3},
                                           CodePointCase{"three byte", "\xE4\xB8\xAD\xE6\x97\xA5x", 3, 6},
                                           CodePointCase{"four byte", "\xF0\x9F\x93\xB0\xF0\x9F\x93\xB0", 2, 8},
                                           CodePointCase{"mixed", "a\xE4\xB8\xAD" "b", 3, 4}),
                         test::RowName{});

} // namespace
} // namespace dateline
