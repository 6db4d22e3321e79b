/** @file sgml_test.cpp
 *  @brief Table-driven tests for the Reuters SGML helpers.
 */
#include "corpus/import/sgml.hpp"
#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

namespace dateline::reuters {
namespace {

struct DecodeRow {
  std::string name;
  std::string raw;
  std::string expected;
};

class DecodeSgmlText : public ::testing::TestWithParam<DecodeRow> {};

TEST_P(DecodeSgmlText, Decodes) {
  EXPECT_EQ(decode_sgml_text(GetParam().raw), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, DecodeSgmlText,
    ::testing::Values(
        DecodeRow{"plain", "Net profit rose", "Net profit rose"},
        DecodeRow{"named", "ACME &lt;ACM&gt; &amp; Sons &quot;q&quot; &apos;a&apos;", "ACME <ACM> & Sons \"q\" 'a'"},
        DecodeRow{"decimal", "caf&#233; &#65;", "caf\xC3\xA9 A"},
        DecodeRow{"hex", "&#x263A; &#X41;", "\xE2\x98\xBA A"},
        DecodeRow{"control_refs_dropped", "&#2;start&#5;&#22;&#31;end&#3;&#127;", "startend"},
        DecodeRow{"tab_and_newline_kept", "a&#9;b\nc", "a\tb\nc"},
        DecodeRow{"raw_controls_dropped", std::string("a\x01\x1b[31mb\rc", 10), "a[31mbc"},
        DecodeRow{"latin1_bytes", "Z\xFCrich \xE9t\xE9", "Z\xC3\xBCrich \xC3\xA9t\xC3\xA9"},
        DecodeRow{"c1_bytes_dropped", "a\x85\x9F" "b", "ab"},
        DecodeRow{"unknown_entity_kept", "&nbsp; &foo; AT&T", "&nbsp; &foo; AT&T"},
        DecodeRow{"malformed_numeric_kept", "&#; &#x; &#12a; &#99999999999;", "&#; &#x; &#12a; &#99999999999;"},
        DecodeRow{"surrogate_replaced", "&#xD800;", "\xEF\xBF\xBD"},
        DecodeRow{"beyond_unicode_replaced", "&#x110000;", "\xEF\xBF\xBD"},
        DecodeRow{"ampersand_at_end", "R&", "R&"}),
    test::RowName{});

TEST(FindElement, DistinguishesPrefixNames) {
  const std::string buffer = "<DATE>1-MAR-1987</DATE><TOPICS><D>grain</D><D>wheat</D></TOPICS>";
  const auto d = find_element(buffer, "D");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->content, "grain");
  const auto second = find_element(buffer, "D", d->end);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->content, "wheat");
  EXPECT_FALSE(find_element(buffer, "D", second->end).has_value());
  const auto date = find_element(buffer, "DATE");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->content, "1-MAR-1987");
}

TEST(FindElement, ReadsStartTagWithAttributes) {
  const std::string buffer = "x <TEXT TYPE=\"BRIEF\">hello</TEXT> y";
  const auto text = find_element(buffer, "TEXT");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->start_tag, "<TEXT TYPE=\"BRIEF\">");
  EXPECT_EQ(text->content, "hello");
  EXPECT_EQ(buffer.substr(text->end), " y");
}

TEST(FindElement, MissingEndTagIsNotAnElement) {
  EXPECT_FALSE(find_element("<TITLE>never closed", "TITLE").has_value());
  EXPECT_FALSE(find_element("no tags here", "TITLE").has_value());
  EXPECT_FALSE(find_element("<TITLEX>a</TITLEX>", "TITLE").has_value());
}

struct AttributeRow {
  std::string name;
  std::string tag;
  std::string attribute;
  std::optional<std::string> expected;
};

class Attribute : public ::testing::TestWithParam<AttributeRow> {};

TEST_P(Attribute, Reads) {
  const auto value = attribute(GetParam().tag, GetParam().attribute);
  if (GetParam().expected) {
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(*value, *GetParam().expected);
  } else {
    EXPECT_FALSE(value.has_value());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rows, Attribute,
    ::testing::Values(
        AttributeRow{"quoted", R"(<REUTERS TOPICS="YES" OLDID="5544" NEWID="1">)", "NEWID", "1"},
        AttributeRow{"not_a_suffix_match", R"(<REUTERS OLDID="5544" NEWID="7">)", "ID", std::nullopt},
        AttributeRow{"oldid_is_not_newid", R"(<REUTERS OLDID="5544">)", "NEWID", std::nullopt},
        AttributeRow{"single_quotes", "<TEXT TYPE='UNPROC'>", "TYPE", "UNPROC"},
        AttributeRow{"unquoted", "<TEXT TYPE=BRIEF>", "TYPE", "BRIEF"},
        AttributeRow{"unterminated_quote", "<TEXT TYPE=\"BRIEF>", "TYPE", std::nullopt}),
    test::RowName{});

TEST(CollapseWhitespace, TrimsAndJoins) {
  EXPECT_EQ(collapse_whitespace("  BAHIA\n  COCOA \t REVIEW \n"), "BAHIA COCOA REVIEW");
  EXPECT_EQ(collapse_whitespace(" \n\t "), "");
  EXPECT_EQ(collapse_whitespace("one"), "one");
}

} // namespace
} // namespace dateline::reuters
