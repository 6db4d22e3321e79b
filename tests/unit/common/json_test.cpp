/** @file json_test.cpp
 *  @brief JSON string escaping and numbers.
 */
#include "common/json.hpp"

#include "common/encoding.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace dateline {
namespace {

struct EscapeCase {
  const char* name;
  std::string input;
  std::string expected;
};

class JsonEscapeTest : public ::testing::TestWithParam<EscapeCase> {};

TEST_P(JsonEscapeTest, Escapes) {
  std::string out;
  append_json_string(out, GetParam().input);
  EXPECT_EQ(out, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, JsonEscapeTest,
    ::testing::Values(EscapeCase{"plain", "oil", "\"oil\""},
                      EscapeCase{"quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\""},
                      EscapeCase{"short escapes", "\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""},
                      EscapeCase{"other controls", std::string("\x01\x1b\x7f", 3), "\"\\u0001\\u001b\\u007f\""},
                      EscapeCase{"nul", std::string("a\0b", 3), "\"a\\u0000b\""},
                      EscapeCase{"utf8 kept", "中日 café", "\"中日 café\""},
                      EscapeCase{"line separators", "a\xE2\x80\xA8" "b\xE2\x80\xA9", "\"a\\u2028b\\u2029\""},
                      EscapeCase{"invalid utf8 replaced", "a\xff" "b", "\"a\xEF\xBF\xBD" "b\""},
                      EscapeCase{"empty", "", "\"\""}),
    test::RowName{});

TEST(JsonEscapeTest, TruncatedSequenceBecomesReplacement) {
  std::string out;
  append_json_string(out, "a\xE4\xB8");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_EQ(out.rfind("\"a\xEF\xBF\xBD", 0), 0U);
  EXPECT_EQ(out.back(), '"');
}

TEST(JsonEscapeTest, JsonStringIsTheAppendedLiteral) {
  for (const std::string_view text : {std::string_view(""), std::string_view("a\"b\\c\n"),
                                      std::string_view("caf\xC3\xA9 \xFF")}) {
    std::string appended = "x";
    append_json_string(appended, text);
    EXPECT_EQ("x" + json_string(text), appended);
  }
}

TEST(JsonNumberTest, Formats) {
  std::string out;
  append_json_number(out, 1.5);
  out += ',';
  append_json_number(out, 0.0);
  out += ',';
  append_json_number(out, std::numeric_limits<double>::infinity());
  EXPECT_EQ(out, "1.5,0,0");
}

} // namespace
} // namespace dateline
