#include "common/date.hpp"
#include "common/error.hpp"

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
                                           HeaderCase{"yesterday", ""}, HeaderCase{"26 Foo 2024", ""}));

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
