#include "common/date.hpp"
#include "common/error.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

namespace dateline {
namespace {

struct IsoCase {
  const char* input;
  bool valid;
  bool looks_like_date;
};

class IsoDateTest : public ::testing::TestWithParam<IsoCase> {};

TEST_P(IsoDateTest, Parses) {
  const auto& c = GetParam();
  const DateParse parsed = parse_iso_date(c.input);
  EXPECT_EQ(parsed.date.has_value(), c.valid) << c.input;
  EXPECT_EQ(!parsed.error.empty(), c.looks_like_date && !c.valid) << c.input;
  if (parsed.date) {
    EXPECT_EQ(parsed.date->iso(), c.input);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, IsoDateTest,
                         ::testing::Values(IsoCase{"2024-07-26", true, true}, IsoCase{"2024-02-29", true, true},
                                           IsoCase{"2023-02-29", false, true}, IsoCase{"2024-02-30", false, true},
                                           IsoCase{"2024-13-01", false, true}, IsoCase{"2024-00-10", false, true},
                                           IsoCase{"1900-02-29", false, true}, IsoCase{"2000-02-29", true, true},
                                           IsoCase{"0000-01-01", false, true}, IsoCase{"2024-7-26", false, false},
                                           IsoCase{"2024/07/26", false, false}, IsoCase{"", false, false},
                                           IsoCase{"2024-07-26x", false, false}));

TEST(DateTest, CompactIsSortable) {
  EXPECT_EQ((Date{1987, 3, 9}.compact()), "19870309");
  EXPECT_LT((Date{1987, 3, 9}), (Date{1987, 10, 1}));
}

struct HeaderCase {
  const char* input;
  const char* expected;  // "" = no date, "!" = impossible
};

class HeaderDateTest : public ::testing::TestWithParam<HeaderCase> {};

TEST_P(HeaderDateTest, Parses) {
  const auto& c = GetParam();
  const DateParse parsed = parse_header_date(c.input);
  if (std::string(c.expected) == "!") {
    EXPECT_FALSE(parsed.date) << c.input;
    EXPECT_FALSE(parsed.error.empty()) << c.input;
  } else if (std::string(c.expected).empty()) {
    EXPECT_FALSE(parsed.date) << c.input;
  } else {
    ASSERT_TRUE(parsed.date) << c.input;
    EXPECT_EQ(parsed.date->iso(), c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, HeaderDateTest,
                         ::testing::Values(HeaderCase{"Fri, 26 Jul 2024 10:00:00 +0000", "2024-07-26"},
                                           HeaderCase{"26 Jul 2024", "2024-07-26"},
                                           HeaderCase{" 3 March 1987 09:00 GMT", "1987-03-03"},
                                           HeaderCase{"2024-07-26", "2024-07-26"},
                                           HeaderCase{"2024-07-26T10:00:00Z", "2024-07-26"},
                                           HeaderCase{"2024-02-30", "!"}, HeaderCase{"31 Apr 2024", "!"},
                                           HeaderCase{"yesterday", ""}, HeaderCase{"26 Foo 2024", ""},
                                           // RFC 3339 timestamps: the calendar date as written.
                                           HeaderCase{"2024-01-05T23:30:00+09:00", "2024-01-05"},
                                           HeaderCase{"2024-01-05t10:00:00z", "2024-01-05"},
                                           HeaderCase{"2024-01-05T10:00:00 +0900", "2024-01-05"},
                                           HeaderCase{"2024-07-26 10:00 EST", "2024-07-26"},
                                           HeaderCase{"2024-02-30T10:00:00Z", "!"},
                                           HeaderCase{"2024-07-26Tnonsense", ""},
                                           HeaderCase{"2024-07-26T25:00:00Z", ""}));

struct TimestampCase {
  const char* name;
  const char* input;
  const char* expected;  // "" = not a date, "!" = impossible date
};

class TimestampDateTest : public ::testing::TestWithParam<TimestampCase> {};

TEST_P(TimestampDateTest, TakesTheCalendarDateAsWritten) {
  const auto& c = GetParam();
  const DateParse parsed = parse_iso_date_time(c.input);
  if (std::string(c.expected) == "!") {
    EXPECT_FALSE(parsed.date) << c.input;
    EXPECT_FALSE(parsed.error.empty()) << c.input;
  } else if (std::string(c.expected).empty()) {
    EXPECT_FALSE(parsed.date) << c.input;
    EXPECT_TRUE(parsed.error.empty()) << c.input;
  } else {
    ASSERT_TRUE(parsed.date) << c.input;
    EXPECT_EQ(parsed.date->iso(), c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, TimestampDateTest,
    ::testing::Values(
        TimestampCase{"date alone", "2024-01-05", "2024-01-05"},
        TimestampCase{"utc", "2024-01-05T10:00:00Z", "2024-01-05"},
        TimestampCase{"east of utc is not converted", "2024-01-05T23:30:00+09:00", "2024-01-05"},
        TimestampCase{"west of utc is not converted", "2024-01-05T00:30:00-05:00", "2024-01-05"},
        TimestampCase{"lower case t and z", "2024-01-05t10:00:00z", "2024-01-05"},
        TimestampCase{"no seconds", "2024-01-05T10:00Z", "2024-01-05"},
        TimestampCase{"fraction", "2024-01-05T10:00:00.123456Z", "2024-01-05"},
        TimestampCase{"comma fraction and basic offset", "2024-01-05T10:00:00,5+0100", "2024-01-05"},
        TimestampCase{"hour offset", "2024-01-05T10:00:00-03", "2024-01-05"},
        TimestampCase{"leap second", "2016-12-31T23:59:60Z", "2016-12-31"},
        TimestampCase{"local time", "2024-01-05T10:00:00", "2024-01-05"},
        TimestampCase{"impossible date", "2024-02-30T10:00:00Z", "!"},
        TimestampCase{"hour 25", "2024-01-05T25:00:00Z", ""},
        TimestampCase{"minute 60", "2024-01-05T10:60Z", ""},
        TimestampCase{"second 61", "2024-01-05T10:00:61Z", ""},
        TimestampCase{"hour only", "2024-01-05T10", ""},
        TimestampCase{"t alone", "2024-01-05T", ""},
        TimestampCase{"one-digit offset", "2024-01-05T10:00:00+9", ""},
        TimestampCase{"offset hour 24", "2024-01-05T10:00:00+24:00", ""},
        TimestampCase{"text after the zone", "2024-01-05T10:00:00Zjunk", ""},
        TimestampCase{"empty fraction", "2024-01-05T10:00:00.Z", ""},
        TimestampCase{"other separator", "2024-01-05X10:00", ""},
        TimestampCase{"space separator is not a timestamp", "2024-01-05 10:00", ""}),
    test::RowName{});

struct LooksCase {
  const char* name;
  const char* input;
  bool looks;
};

class LooksLikeDateTest : public ::testing::TestWithParam<LooksCase> {};

TEST_P(LooksLikeDateTest, Decides) {
  EXPECT_EQ(looks_like_date(GetParam().input), GetParam().looks) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Table, LooksLikeDateTest,
    ::testing::Values(LooksCase{"iso", "2024-07-26", true}, LooksCase{"digits first", "26/07/2024", true},
                      LooksCase{"month name", "July 26", true}, LooksCase{"month abbreviation", "Jul. 26, 2024", true},
                      LooksCase{"weekday", "Fri, 26 Jul 2024", true}, LooksCase{"blanks first", "  2024", true},
                      LooksCase{"sentence", "of the vote is set", false},
                      LooksCase{"month word without a number", "May we begin", false},
                      LooksCase{"word starting like a month", "Mayor 5 resigned", false},
                      LooksCase{"empty", "", false}),
    test::RowName{});

struct PathCase {
  const char* path;
  const char* expected;  // "" = none
};

class PathDateTest : public ::testing::TestWithParam<PathCase> {};

TEST_P(PathDateTest, Finds) {
  const auto& c = GetParam();
  const auto date = date_from_path(c.path);
  if (std::string(c.expected).empty()) {
    EXPECT_FALSE(date) << c.path;
  } else {
    ASSERT_TRUE(date) << c.path;
    EXPECT_EQ(date->iso(), c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, PathDateTest,
                         ::testing::Values(PathCase{"2024/07/26/x.txt", "2024-07-26"},
                                           PathCase{"news/2024/7/6/x.txt", "2024-07-06"},
                                           PathCase{"2024-07-26-x.txt", "2024-07-26"},
                                           PathCase{"a/20240726.txt", "2024-07-26"},
                                           PathCase{"2024-02-30-x.txt", ""}, PathCase{"x.txt", ""},
                                           PathCase{"12345678901.txt", ""}, PathCase{"2024/13/01/x.txt", ""}));

TEST(DateBoundTest, ExpandsPeriods) {
  EXPECT_EQ(parse_date_bound("2024", false, "--since").iso(), "2024-01-01");
  EXPECT_EQ(parse_date_bound("2024", true, "--until").iso(), "2024-12-31");
  EXPECT_EQ(parse_date_bound("2024-02", true, "--until").iso(), "2024-02-29");
  EXPECT_EQ(parse_date_bound("2024-07-04", true, "--until").iso(), "2024-07-04");
}

TEST(DateBoundTest, RejectsBadInputNamingTheOption) {
  try {
    (void)parse_date_bound("2024-02-30", false, "--since");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--since"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("2024-02-30"), std::string::npos);
  }
  EXPECT_THROW((void)parse_date_bound("2024-13", false, "x"), UsageError);
  EXPECT_THROW((void)parse_date_bound("July", false, "x"), UsageError);
}

} // namespace
} // namespace dateline
