/** @file reuters_story_test.cpp
 *  @brief Reuters dates, story parsing and the article layout written for each story.
 */
#include "common/error.hpp"
#include "corpus/import/reuters_story.hpp"
#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

namespace dateline::reuters {
namespace {

struct DateRow {
  std::string name;
  std::string raw;
  std::optional<Date> expected;
};

class ParseReutersDate : public ::testing::TestWithParam<DateRow> {};

TEST_P(ParseReutersDate, Parses) {
  EXPECT_EQ(parse_reuters_date(GetParam().raw), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ParseReutersDate,
    ::testing::Values(
        DateRow{"usual", "26-FEB-1987 15:01:01.79", Date{1987, 2, 26}},
        DateRow{"one_digit_day_padded", " 3-APR-1987 07:09:06.48", Date{1987, 4, 3}},
        DateRow{"one_digit_day", "9-MAR-1987 04:58:41.12", Date{1987, 3, 9}},
        DateRow{"trailing_codes", "19-OCT-1987 15:37:46.03&#9;&#9;&#9;F RM", Date{1987, 10, 19}},
        DateRow{"trailing_comment", "5-APR-1987 01:53:30.00    # date added by hand ", Date{1987, 4, 5}},
        DateRow{"date_only", "1-JUN-1987", Date{1987, 6, 1}},
        DateRow{"lower_case_month", "1-jun-1987", Date{1987, 6, 1}},
        DateRow{"leap_day", "29-FEB-1988 00:00:00.00", Date{1988, 2, 29}},
        DateRow{"impossible_day", "29-FEB-1987 00:00:00.00", std::nullopt},
        DateRow{"day_zero", "0-MAR-1987", std::nullopt},
        DateRow{"unknown_month", "12-FOO-1987", std::nullopt},
        DateRow{"short_year", "12-MAR-87", std::nullopt},
        DateRow{"long_year", "12-MAR-19870", std::nullopt},
        DateRow{"iso_is_not_reuters", "1987-03-12", std::nullopt},
        DateRow{"empty", "", std::nullopt},
        DateRow{"garbage", "yesterday", std::nullopt}),
    test::RowName{});

std::string story_element(const std::string& attributes, const std::string& inner) {
  return "<REUTERS TOPICS=\"YES\" " + attributes + ">\n" + inner + "</REUTERS>";
}

TEST(ParseStory, FullStory) {
  const Story story = parse_story(story_element(
      "OLDID=\"9\" NEWID=\"42\"",
      "<DATE> 2-MAR-1987 10:00:00.00</DATE>\n"
      "<TOPICS><D>grain</D><D>wheat</D></TOPICS>\n<PLACES><D>usa</D></PLACES>\n"
      "<UNKNOWN>&#5;&#5;&#5;G\n&#22;&#22;&#1;f0001&#31;reute</UNKNOWN>\n"
      "<TEXT>&#2;\n<TITLE>FARM GROUP &lt;FGX&gt; SEES\n  BIGGER CROP</TITLE>\n"
      "<AUTHOR>    By Ann Example, Reuters</AUTHOR>\n"
      "<DATELINE>    SPRINGFIELD, March 2 - </DATELINE><BODY>A farm group said the\n"
      "crop would be bigger &amp; earlier.\n"
      "    Prices fell.\n"
      " Reuter\n&#3;</BODY></TEXT>\n"));
  EXPECT_EQ(story.newid, "42");
  EXPECT_EQ(story.date, (Date{1987, 3, 2}));
  EXPECT_EQ(story.title, "FARM GROUP <FGX> SEES BIGGER CROP");
  EXPECT_EQ(story.author, "Ann Example");
  EXPECT_EQ(story.topics, (std::vector<std::string>{"grain", "wheat"}));
  EXPECT_EQ(story.type, TextType::normal);
  EXPECT_FALSE(story.text_from_title);
  EXPECT_EQ(story.text,
            "SPRINGFIELD, March 2 - A farm group said the crop would be bigger & earlier.\n\nPrices fell.");
  EXPECT_EQ(format_article(story),
            "Date: 1987-03-02\n"
            "Title: FARM GROUP <FGX> SEES BIGGER CROP\n"
            "Source: Reuters\n"
            "Author: Ann Example\n"
            "Topics: grain, wheat\n"
            "\n"
            "SPRINGFIELD, March 2 - A farm group said the crop would be bigger & earlier.\n\nPrices fell.\n");
  EXPECT_EQ(article_relative_path(story), "1987/03/reuters-42.txt");
}

TEST(ParseStory, BriefStoryUsesTitleAsText) {
  const Story story = parse_story(story_element(
      "NEWID=\"7\"",
      "<DATE>26-FEB-1987 15:43:14.36</DATE>\n<TOPICS></TOPICS>\n"
      "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>BANK RATE CUT TO 9.5 PCT\n</TITLE>Blah blah blah.\n&#3;\n\n</TEXT>\n"));
  EXPECT_EQ(story.type, TextType::brief);
  EXPECT_EQ(story.title, "BANK RATE CUT TO 9.5 PCT");
  EXPECT_TRUE(story.text_from_title);
  EXPECT_EQ(story.text, "BANK RATE CUT TO 9.5 PCT");
  EXPECT_TRUE(story.topics.empty());
  EXPECT_EQ(format_article(story),
            "Date: 1987-02-26\nTitle: BANK RATE CUT TO 9.5 PCT\nSource: Reuters\n\nBANK RATE CUT TO 9.5 PCT\n");
}

TEST(ParseStory, UnprocessedStoryKeepsLinesAndMakesFirstLineTheHeadline) {
  const Story story = parse_story(story_element(
      "NEWID=\"8\"",
      "<DATE>26-FEB-1987 15:00:00.00</DATE>\n"
      "<TEXT TYPE=\"UNPROC\">&#2;\nCOMMODITY VOLUMES - FEB 26\n"
      "    Contract     Vol\n Wheat........120\n Corn..........95\n Reuter\n&#3;\n\n</TEXT>\n"));
  EXPECT_EQ(story.type, TextType::unproc);
  EXPECT_TRUE(story.title.empty());
  EXPECT_FALSE(story.text_from_title);
  EXPECT_EQ(story.text, "COMMODITY VOLUMES - FEB 26\n\n    Contract     Vol\n Wheat........120\n Corn..........95");
  EXPECT_EQ(format_article(story).substr(0, 36), "Date: 1987-02-26\nSource: Reuters\n\nCO");
}

TEST(ParseStory, EmptyStoryHasNoText) {
  const Story story = parse_story(story_element(
      "NEWID=\"9\"", "<DATE> 3-APR-1987 07:09:06.48</DATE>\n<TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n</TEXT>\n"));
  EXPECT_TRUE(story.text.empty());
  EXPECT_TRUE(story.title.empty());
  EXPECT_FALSE(story.text_from_title);
}

TEST(ParseStory, UnparsableDateGoesToUndated) {
  const Story story = parse_story(story_element(
      "NEWID=\"10\"", "<DATE>31-FEB-1987 10:00:00.00</DATE>\n<TEXT><TITLE>T</TITLE><BODY>B.\n</BODY></TEXT>"));
  EXPECT_FALSE(story.date.has_value());
  EXPECT_EQ(article_relative_path(story), "undated/reuters-10.txt");
  EXPECT_EQ(format_article(story), "Title: T\nSource: Reuters\n\nB.\n");
}

struct SignOffRow {
  std::string name;
  std::string body_end;
  std::string expected_text;
};

class SignOff : public ::testing::TestWithParam<SignOffRow> {};

TEST_P(SignOff, IsRemoved) {
  const Story story = parse_story(story_element(
      "NEWID=\"11\"", "<TEXT><TITLE>T</TITLE><BODY>Prices rose.\n" + GetParam().body_end + "</BODY></TEXT>"));
  EXPECT_EQ(story.text, GetParam().expected_text);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, SignOff,
    ::testing::Values(
        SignOffRow{"reuter", " Reuter\n&#3;", "Prices rose."},
        SignOffRow{"upper_with_dots", " REUTER...\r\n&#3;", "Prices rose."},
        SignOffRow{"truncated", " REUTE\n&#3;", "Prices rose."},
        SignOffRow{"reuters_no_indent", "Reuters\n&#3;", "Prices rose."},
        SignOffRow{"none", "&#3;", "Prices rose."},
        SignOffRow{"word_in_sentence_kept", "    Reuter said no.\n Reuter\n&#3;", "Prices rose.\n\nReuter said no."}),
    test::RowName{});

struct BadIdRow {
  std::string name;
  std::string attributes;
};

class BadNewId : public ::testing::TestWithParam<BadIdRow> {};

TEST_P(BadNewId, Throws) {
  EXPECT_THROW((void)parse_story(story_element(GetParam().attributes, "<TEXT><BODY>x</BODY></TEXT>")), Error);
}

INSTANTIATE_TEST_SUITE_P(Rows, BadNewId,
                         ::testing::Values(BadIdRow{"missing", "OLDID=\"5\""},
                                           BadIdRow{"empty", "NEWID=\"\""},
                                           BadIdRow{"path_traversal", "NEWID=\"../../etc/x\""},
                                           BadIdRow{"not_digits", "NEWID=\"12a\""}),
                         test::RowName{});

} // namespace
} // namespace dateline::reuters
