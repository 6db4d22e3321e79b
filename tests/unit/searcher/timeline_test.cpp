/** @file timeline_test.cpp
 *  @brief Period bucketing for --timeline (issue 12.1), table-driven: month and
 *  year ends, leap years, ISO weeks across year ends, empty periods filled in,
 *  the auto unit, the bar cap.
 */
#include "searcher/timeline.hpp"

#include "common/error.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

Date d(std::string_view iso) { return *parse_iso_date(iso).date; }

struct WeekRow {
  std::string name;
  std::string date;
  std::string label;
};

class IsoWeekTest : public ::testing::TestWithParam<WeekRow> {};

TEST_P(IsoWeekTest, LabelIsTheIsoWeekDate) {
  EXPECT_EQ(period_label(d(GetParam().date), TimelineUnit::week), GetParam().label);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, IsoWeekTest,
    ::testing::Values(WeekRow{"monday_starts_week_1", "2024-01-01", "2024-W01"},
                      WeekRow{"leap_day", "2024-02-29", "2024-W09"},
                      WeekRow{"sunday_ends_week", "2024-07-28", "2024-W30"},
                      WeekRow{"last_days_belong_to_next_year", "2024-12-30", "2025-W01"},
                      WeekRow{"sunday_before_that", "2024-12-29", "2024-W52"},
                      WeekRow{"first_days_belong_to_last_year", "2021-01-03", "2020-W53"},
                      WeekRow{"week_53", "2020-12-31", "2020-W53"},
                      WeekRow{"first_monday", "2021-01-04", "2021-W01"},
                      WeekRow{"december_in_week_1", "2019-12-30", "2020-W01"},
                      WeekRow{"year_starting_thursday_has_53", "2026-12-31", "2026-W53"},
                      WeekRow{"friday_first_of_january", "2010-01-01", "2009-W53"},
                      WeekRow{"reuters_1987", "1987-01-01", "1987-W01"},
                      WeekRow{"before_1970", "1969-12-31", "1970-W01"},
                      WeekRow{"year_one", "0001-01-01", "0001-W01"},
                      WeekRow{"year_9999_end", "9999-12-31", "9999-W52"}),
    test::RowName{});

TEST(TimelineLabelTest, YearMonthDay) {
  EXPECT_EQ(period_label(d("2024-07-26"), TimelineUnit::year), "2024");
  EXPECT_EQ(period_label(d("2024-07-26"), TimelineUnit::month), "2024-07");
  EXPECT_EQ(period_label(d("2024-07-26"), TimelineUnit::day), "2024-07-26");
  EXPECT_EQ(period_label(d("0987-01-02"), TimelineUnit::year), "0987");
  // Zero-padded as printf's %04d / %02d did (the labels are built without it, #12.1).
  EXPECT_EQ(period_label(Date{7, 3, 9}, TimelineUnit::day), "0007-03-09");
  EXPECT_EQ(period_label(Date{0, 12, 31}, TimelineUnit::month), "0000-12");
  EXPECT_EQ(period_label(Date{12345, 1, 1}, TimelineUnit::year), "12345");
  EXPECT_EQ(period_label(Date{-5, 1, 1}, TimelineUnit::year), "-005");
}

TEST(TimelineUnitTest, ParseAndName) {
  for (const char* name : {"auto", "year", "month", "week", "day"}) {
    const auto unit = parse_timeline_unit(name);
    ASSERT_TRUE(unit) << name;
    EXPECT_EQ(timeline_unit_name(*unit), name);
  }
  EXPECT_FALSE(parse_timeline_unit("months"));
  EXPECT_FALSE(parse_timeline_unit(""));
  EXPECT_FALSE(parse_timeline_unit("Year"));
}

/// "label:count label:count ..." of @p t.
std::string bars(const Timeline& t) {
  std::string out;
  for (const TimelinePeriod& p : t.periods) out += (out.empty() ? "" : " ") + p.period + ":" + std::to_string(p.count);
  return out;
}

struct BucketRow {
  std::string name;
  std::vector<std::pair<std::string, std::size_t>> days;
  TimelineUnit unit;
  TimelineUnit chosen;
  std::string expected;
};

class BucketTest : public ::testing::TestWithParam<BucketRow> {};

TEST_P(BucketTest, PeriodsAndCounts) {
  const BucketRow& row = GetParam();
  std::vector<DayCount> days;
  for (const auto& [iso, count] : row.days) days.push_back({d(iso), count});
  const Timeline t = make_timeline(days, 7, row.unit);
  EXPECT_EQ(t.unit, row.chosen);
  EXPECT_EQ(bars(t), row.expected);
  EXPECT_EQ(t.undated, 7U);
}

using U = TimelineUnit;
INSTANTIATE_TEST_SUITE_P(
    Rows, BucketTest,
    ::testing::Values(
        BucketRow{"month_end", {{"2024-01-31", 1}, {"2024-02-01", 2}}, U::month, U::month, "2024-01:1 2024-02:2"},
        BucketRow{"year_end_by_month", {{"2023-12-31", 1}, {"2024-01-01", 1}}, U::month, U::month, "2023-12:1 2024-01:1"},
        BucketRow{"year_end_by_year", {{"2023-12-31", 1}, {"2024-01-01", 4}}, U::year, U::year, "2023:1 2024:4"},
        BucketRow{"year_end_by_day", {{"2023-12-31", 1}, {"2024-01-01", 4}}, U::day, U::day, "2023-12-31:1 2024-01-01:4"},
        BucketRow{"leap_year_has_29_february", {{"2024-02-28", 1}, {"2024-03-01", 1}}, U::day, U::day,
                  "2024-02-28:1 2024-02-29:0 2024-03-01:1"},
        BucketRow{"common_year_has_not", {{"2023-02-28", 1}, {"2023-03-01", 1}}, U::day, U::day, "2023-02-28:1 2023-03-01:1"},
        BucketRow{"century_not_leap", {{"1900-02-28", 1}, {"1900-03-01", 1}}, U::day, U::day, "1900-02-28:1 1900-03-01:1"},
        BucketRow{"400_years_leap", {{"2000-02-28", 1}, {"2000-03-01", 1}}, U::day, U::day,
                  "2000-02-28:1 2000-02-29:0 2000-03-01:1"},
        BucketRow{"iso_week_across_year_end", {{"2020-12-28", 1}, {"2021-01-03", 2}, {"2021-01-04", 3}}, U::week, U::week,
                  "2020-W53:3 2021-W01:3"},
        BucketRow{"week_year_is_not_calendar_year", {{"2024-12-29", 1}, {"2024-12-30", 1}, {"2025-01-05", 1}}, U::week,
                  U::week, "2024-W52:1 2025-W01:2"},
        BucketRow{"weeks_filled_across_year_end", {{"2015-12-20", 1}, {"2016-01-11", 1}}, U::week, U::week,
                  "2015-W51:1 2015-W52:0 2015-W53:0 2016-W01:0 2016-W02:1"},
        BucketRow{"empty_months_filled", {{"2024-04-02", 1}, {"2024-01-15", 1}}, U::month, U::month,
                  "2024-01:1 2024-02:0 2024-03:0 2024-04:1"},
        BucketRow{"empty_years_filled", {{"1987-03-01", 2}, {"1990-01-01", 1}}, U::year, U::year,
                  "1987:2 1988:0 1989:0 1990:1"},
        BucketRow{"repeated_days_add_up", {{"2024-07-26", 2}, {"2024-07-26", 3}, {"2024-07-01", 1}}, U::month, U::month,
                  "2024-07:6"},
        BucketRow{"zero_counts_do_not_widen_the_span", {{"2020-01-01", 0}, {"2024-07-26", 1}}, U::year, U::year, "2024:1"},
        BucketRow{"nothing_dated", {}, U::week, U::week, ""},
        BucketRow{"nothing_dated_auto", {}, U::automatic, U::month, ""},
        BucketRow{"auto_one_day_is_a_day", {{"2024-07-26", 3}}, U::automatic, U::day, "2024-07-26:3"},
        BucketRow{"auto_two_years_by_month", {{"2023-01-10", 1}, {"2024-12-10", 1}}, U::automatic, U::month,
                  "2023-01:1 2023-02:0 2023-03:0 2023-04:0 2023-05:0 2023-06:0 2023-07:0 2023-08:0 2023-09:0 "
                  "2023-10:0 2023-11:0 2023-12:0 2024-01:0 2024-02:0 2024-03:0 2024-04:0 2024-05:0 2024-06:0 "
                  "2024-07:0 2024-08:0 2024-09:0 2024-10:0 2024-11:0 2024-12:1"}),
    test::RowName{});

struct AutoRow {
  std::string name;
  std::string first;
  std::string last;
  TimelineUnit expected;
};

class AutoUnitTest : public ::testing::TestWithParam<AutoRow> {};

TEST_P(AutoUnitTest, ChoosesAbout10To40Bars) {
  EXPECT_EQ(choose_timeline_unit(d(GetParam().first), d(GetParam().last)), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, AutoUnitTest,
    ::testing::Values(AutoRow{"one_day", "2024-07-26", "2024-07-26", U::day},
                      AutoRow{"three_weeks_by_day", "2024-07-01", "2024-07-21", U::day},
                      AutoRow{"forty_days_by_day", "2024-07-01", "2024-08-09", U::day},
                      AutoRow{"two_months_by_week", "2024-07-01", "2024-08-31", U::week},
                      AutoRow{"reuters_1987_by_week", "1987-02-26", "1987-10-20", U::week},
                      AutoRow{"a_year_by_month", "2024-01-01", "2024-12-31", U::month},
                      AutoRow{"three_years_by_month", "2022-01-01", "2024-12-31", U::month},
                      AutoRow{"four_years_48_months_nearer_than_4_years", "2021-01-01", "2024-12-31", U::month},
                      AutoRow{"six_years_6_years_nearer_than_72_months", "2019-01-01", "2024-12-31", U::year},
                      AutoRow{"nine_years_by_year", "2016-01-01", "2024-12-31", U::year},
                      AutoRow{"thirty_years_by_year", "1995-01-01", "2024-12-31", U::year},
                      AutoRow{"three_centuries_still_by_year", "1700-01-01", "2024-12-31", U::year}),
    test::RowName{});

TEST(TimelineCapTest, TooManyBarsIsAUsageErrorNamingACoarserUnit) {
  const std::vector<DayCount> days{{d("1700-01-01"), 1}, {d("2024-12-31"), 1}};
  try {
    (void)make_timeline(days, 0, TimelineUnit::day);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("coarser unit"), std::string::npos) << e.what();
  }
  EXPECT_EQ(make_timeline(days, 0, TimelineUnit::week).periods.size(), period_count(d("1700-01-01"), d("2024-12-31"), U::week));
  EXPECT_EQ(make_timeline(days, 0, TimelineUnit::automatic).unit, U::year);
}

/// "label:articles/stories ..." of @p t, then " | dated D undated U".
std::string story_bars(const Timeline& t) {
  std::string out;
  for (const TimelinePeriod& p : t.periods) {
    out += (out.empty() ? "" : " ") + p.period + ":" + std::to_string(p.count) + "/" +
           (p.stories ? std::to_string(*p.stories) : "-");
  }
  const auto text = [](const std::optional<std::size_t>& n) { return n ? std::to_string(*n) : std::string("-"); };
  return out + " | dated " + text(t.dated_stories) + " undated " + text(t.undated_stories);
}

struct StoryRow {
  std::string name;
  std::vector<std::pair<std::string, std::size_t>> days;  ///< matching articles per day
  std::size_t undated;
  std::vector<std::pair<std::string, std::uint64_t>> copies;  ///< (date or "" undated, story) of the grouped matches
  TimelineUnit unit;
  std::string expected;
};

class StoryCountTest : public ::testing::TestWithParam<StoryRow> {};

TEST_P(StoryCountTest, ArticlesAndDistinctStoriesPerPeriod) {
  const StoryRow& row = GetParam();
  std::vector<DayCount> days;
  for (const auto& [iso, count] : row.days) days.push_back({d(iso), count});
  std::vector<StoryCopy> copies;
  for (const auto& [iso, story] : row.copies) {
    copies.push_back({iso.empty() ? std::nullopt : std::optional<Date>(d(iso)), story});
  }
  Timeline t = make_timeline(days, row.undated, row.unit);
  add_story_counts(t, copies);
  EXPECT_EQ(story_bars(t), row.expected);
  std::size_t articles = row.undated;
  for (const auto& day : row.days) articles += day.second;
  EXPECT_LE(*t.dated_stories + *t.undated_stories, articles);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, StoryCountTest,
    ::testing::Values(
        StoryRow{"no_copies_every_article_its_own_story", {{"2024-01-10", 3}, {"2024-03-01", 2}}, 1, {}, U::month,
                 "2024-01:3/3 2024-02:0/0 2024-03:2/2 | dated 5 undated 1"},
        StoryRow{"three_copies_one_day", {{"2024-07-10", 3}}, 0,
                 {{"2024-07-10", 1}, {"2024-07-10", 1}, {"2024-07-10", 1}}, U::day, "2024-07-10:3/1 | dated 1 undated 0"},
        StoryRow{"copies_and_articles_alone", {{"2024-05-01", 5}}, 0,
                 {{"2024-05-01", 1}, {"2024-05-01", 2}, {"2024-05-01", 1}, {"2024-05-01", 2}}, U::month,
                 "2024-05:5/3 | dated 3 undated 0"},
        StoryRow{"story_across_month_end_counts_in_both", {{"2024-01-31", 2}, {"2024-02-01", 1}}, 0,
                 {{"2024-01-31", 1}, {"2024-02-01", 1}}, U::month, "2024-01:2/2 2024-02:1/1 | dated 2 undated 0"},
        StoryRow{"same_story_by_year_counts_once", {{"2024-01-31", 2}, {"2024-02-01", 1}}, 0,
                 {{"2024-01-31", 1}, {"2024-02-01", 1}}, U::year, "2024:3/2 | dated 2 undated 0"},
        StoryRow{"story_across_year_end", {{"2023-12-31", 1}, {"2024-01-01", 2}}, 0,
                 {{"2023-12-31", 1}, {"2024-01-01", 1}, {"2024-01-01", 1}}, U::year,
                 "2023:1/1 2024:2/1 | dated 1 undated 0"},
        StoryRow{"iso_week_holds_the_year_end", {{"2020-12-31", 1}, {"2021-01-03", 1}, {"2021-01-04", 1}}, 0,
                 {{"2020-12-31", 1}, {"2021-01-03", 1}, {"2021-01-04", 1}}, U::week,
                 "2020-W53:2/1 2021-W01:1/1 | dated 1 undated 0"},
        StoryRow{"leap_day_copies", {{"2024-02-28", 1}, {"2024-02-29", 2}, {"2024-03-01", 1}}, 0,
                 {{"2024-02-29", 1}, {"2024-02-29", 1}, {"2024-03-01", 1}}, U::day,
                 "2024-02-28:1/1 2024-02-29:2/1 2024-03-01:1/1 | dated 2 undated 0"},
        StoryRow{"undated_copies", {{"2024-03-01", 1}}, 3, {{"", 2}, {"", 2}, {"2024-03-01", 2}}, U::month,
                 "2024-03:1/1 | dated 1 undated 2"},
        StoryRow{"nothing_dated", {}, 2, {{"", 2}, {"", 2}}, U::month, " | dated 0 undated 1"},
        StoryRow{"copy_outside_the_chart_left_out", {{"2024-01-01", 1}}, 0, {{"2025-01-01", 1}}, U::year,
                 "2024:1/1 | dated 1 undated 0"},
        StoryRow{"more_copies_than_articles_never_more_stories", {{"2024-01-01", 1}}, 0,
                 {{"2024-01-01", 1}, {"2024-01-01", 2}}, U::year, "2024:1/1 | dated 1 undated 0"}),
    test::RowName{});

TEST(StoryCountTest, WithoutCopiesNoStoryCounts) {
  const Timeline t = make_timeline({{d("2024-01-01"), 2}}, 0, U::year);
  EXPECT_EQ(story_bars(t), "2024:2/- | dated - undated -") << "only add_story_counts adds them";
}

TEST(StoryCountTest, TotalStories) {
  EXPECT_EQ(count_distinct_stories(0, {}), 0U);
  EXPECT_EQ(count_distinct_stories(7, {}), 7U);
  EXPECT_EQ(count_distinct_stories(4, {{d("2024-01-01"), 1}, {std::nullopt, 1}, {d("2024-01-02"), 2}}), 3U);
  EXPECT_EQ(count_distinct_stories(1, {{d("2024-01-01"), 1}, {d("2024-01-01"), 2}}), 1U) << "never more than the matches";
}

} // namespace
} // namespace dateline::searcher
