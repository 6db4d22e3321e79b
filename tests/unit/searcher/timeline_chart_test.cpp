/** @file timeline_chart_test.cpp
 *  @brief --timeline rendering (issue 12.1): locale and width choice, bars in
 *  Unicode eighths or ASCII within the terminal width, the JSON fields.
 */
#include "searcher/output.hpp"
#include "searcher/timeline_chart.hpp"

#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace dateline::searcher {
namespace {

struct LocaleRow {
  std::string name;
  const char* lc_all;
  const char* lc_ctype;
  const char* lang;
  bool utf8;
};

class LocaleTest : public ::testing::TestWithParam<LocaleRow> {};

TEST_P(LocaleTest, Utf8Codeset) {
  const LocaleRow& row = GetParam();
  EXPECT_EQ(locale_is_utf8(row.lc_all, row.lc_ctype, row.lang), row.utf8);
}

INSTANTIATE_TEST_SUITE_P(Rows, LocaleTest,
                         ::testing::Values(LocaleRow{"nothing_set_is_C", nullptr, nullptr, nullptr, false},
                                           LocaleRow{"lang_utf8", nullptr, nullptr, "en_US.UTF-8", true},
                                           LocaleRow{"lang_lower_utf8", nullptr, nullptr, "C.utf8", true},
                                           LocaleRow{"lang_latin1", nullptr, nullptr, "de_DE.ISO-8859-1", false},
                                           LocaleRow{"lang_C", nullptr, nullptr, "C", false},
                                           LocaleRow{"lc_all_wins", "C", "en_US.UTF-8", "en_US.UTF-8", false},
                                           LocaleRow{"empty_lc_all_ignored", "", nullptr, "en_GB.UTF-8", true},
                                           LocaleRow{"lc_ctype_before_lang", nullptr, "POSIX", "en_US.UTF-8", false}),
                         test::RowName{});

TEST(ChartStyleTest, WidthAndBars) {
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, nullptr, std::nullopt, true).width, 80U) << "not a terminal";
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, nullptr, 132, true).width, 132U);
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, "100", 132, true).width, 100U) << "$COLUMNS wins";
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, "wide", 132, true).width, 132U) << "not a number";
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, "0", std::nullopt, true).width, 80U);
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, "3", std::nullopt, true).width, k_min_chart_width);
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, "99999999999999999999999", std::nullopt, true).width, 80U);
  EXPECT_EQ(choose_chart_style(ColorMode::automatic, "50000", std::nullopt, true).width, k_max_chart_width);
  EXPECT_TRUE(choose_chart_style(ColorMode::automatic, nullptr, std::nullopt, true).unicode);
  EXPECT_TRUE(choose_chart_style(ColorMode::always, nullptr, std::nullopt, true).unicode);
  EXPECT_FALSE(choose_chart_style(ColorMode::never, nullptr, std::nullopt, true).unicode);
  EXPECT_FALSE(choose_chart_style(ColorMode::always, nullptr, std::nullopt, false).unicode);
}

/// Display columns of @p line: code points (the chart draws no wide characters).
std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

Timeline sample() {
  Timeline t;
  t.unit = TimelineUnit::month;
  t.periods = {{"2024-01", 1000, {}}, {"2024-02", 0, {}}, {"2024-03", 1, {}}, {"2024-04", 500, {}}, {"2024-05", 3, {}}};
  t.undated = 4;
  return t;
}

TEST(ChartTextTest, AsciiBarsScaledToTheWidth) {
  for (const std::size_t width : {20U, 40U, 80U, 200U}) {
    const auto out = lines(render_timeline_text(sample(), ChartStyle{width, false}));
    ASSERT_EQ(out.size(), 6U);
    EXPECT_EQ(out[0], "Articles per month: 1504 dated, 4 undated (not charted)");
    for (std::size_t i = 1; i < out.size(); ++i) {
      EXPECT_LT(columns(out[i]), std::max<std::size_t>(width, 40)) << out[i];
      EXPECT_EQ(out[i].find_first_not_of("0123456789- #"), std::string::npos) << "ASCII only: " << out[i];
    }
    EXPECT_EQ(out[2], "2024-02     0") << "an empty period is a line without a bar";
    EXPECT_EQ(out[3].substr(0, 15), "2024-03     1 #") << "a count above 0 shows at least one mark";
    const auto bar = [](const std::string& l) { return std::count(l.begin(), l.end(), '#'); };
    if (width >= 80) {
      EXPECT_EQ(columns(out[1]), width - 1) << "the largest fills the line but its last column";
      EXPECT_NEAR(static_cast<double>(bar(out[4])), static_cast<double>(bar(out[1])) / 2, 1.0);
    }
  }
}

TEST(ChartTextTest, UnicodeBarsInEighths) {
  Timeline t;
  t.unit = TimelineUnit::year;
  t.periods = {{"2023", 16, {}}, {"2024", 1, {}}, {"2025", 9, {}}};
  // label 4 + 2 + count 2 + 1 + 1 = 10 columns used, 2 left for bars: 16 eighths.
  const auto out = lines(render_timeline_text(t, ChartStyle{20, true}));
  ASSERT_EQ(out.size(), 4U);
  EXPECT_EQ(out[0], "Articles per year: 26 dated");
  const std::size_t bars_from = std::string("2023  16 ").size();
  const std::size_t width = 20 - 10;  // at least 10 columns of bar
  EXPECT_EQ(out[1].substr(bars_from), [&] {
    std::string s;
    for (std::size_t i = 0; i < width; ++i) s += "\u2588";
    return s;
  }()) << out[1];
  EXPECT_EQ(out[2].substr(bars_from), "\u258B") << "1/16 of 80 eighths is 5 eighths: " << out[2];
  EXPECT_EQ(out[3].substr(bars_from), "\u2588\u2588\u2588\u2588\u2588\u258B") << "9/16 of 80 = 45 eighths, 5 full and 5/8: " << out[3];
}

TEST(ChartTextTest, NothingDated) {
  Timeline t;
  t.unit = TimelineUnit::month;
  t.undated = 2;
  EXPECT_EQ(render_timeline_text(t, ChartStyle{}), "Articles per month: 0 dated, 2 undated (not charted)\n");
}

/// sample() with story counts: two copies of a story in January, a story
/// with a copy in April and one undated.
Timeline with_stories() {
  Timeline t = sample();
  for (TimelinePeriod& p : t.periods) p.stories = p.count;
  t.periods[0].stories = 999;
  t.periods[3].stories = 499;
  t.dated_stories = 1502;
  t.undated_stories = 3;
  return t;
}

TEST(ChartTextTest, StoriesBesideTheArticlesInAscii) {
  const Timeline t = with_stories();
  for (const std::size_t width : {20U, 80U}) {
    const auto out = lines(render_timeline_text(t, ChartStyle{width, false}));
    ASSERT_EQ(out.size(), 6U);
    EXPECT_EQ(out[0], "Articles (stories) per month: 1504 (1502) dated, 4 (3) undated (not charted)");
    EXPECT_EQ(out[1].substr(0, 20), "2024-01  1000 (999) ") << out[1];
    EXPECT_EQ(out[2], "2024-02     0 (  0)") << "an empty period: both counts, no bar";
    EXPECT_EQ(out[3], "2024-03     1 (  1) #") << "at least one mark";
    EXPECT_EQ(out[4].substr(0, 20), "2024-04   500 (499) ");
    const auto bar = [](const std::string& l) { return std::count(l.begin(), l.end(), '#'); };
    for (std::size_t i = 1; i < out.size(); ++i) {
      EXPECT_LT(columns(out[i]), std::max<std::size_t>(width, 46)) << out[i];
      EXPECT_EQ(out[i].find_first_not_of("0123456789- #()"), std::string::npos) << "ASCII only: " << out[i];
    }
    if (width >= 80) {
      EXPECT_EQ(columns(out[1]), width - 1) << "the largest fills the line but its last column";
      EXPECT_NEAR(static_cast<double>(bar(out[4])), static_cast<double>(bar(out[1])) / 2, 1.0)
          << "the bars count articles, not stories";
    }
  }
}

TEST(ChartTextTest, StoriesBesideTheArticlesInUnicode) {
  Timeline t;
  t.unit = TimelineUnit::year;
  t.periods = {{"2023", 16, 12}, {"2024", 1, 1}, {"2025", 9, 9}};
  t.dated_stories = 21;
  t.undated_stories = 0;
  // label 4 + 2 + count 2 + " (12)" 5 + 1 + 1 = 15 columns used, 10 left for bars: 80 eighths.
  const auto out = lines(render_timeline_text(t, ChartStyle{25, true}));
  ASSERT_EQ(out.size(), 4U);
  EXPECT_EQ(out[0], "Articles (stories) per year: 26 (21) dated");
  const std::size_t bars_from = std::string("2023  16 (12) ").size();
  std::string full;
  for (int i = 0; i < 10; ++i) full += "\u2588";
  EXPECT_EQ(out[1], "2023  16 (12) " + full);
  EXPECT_EQ(out[2].substr(0, bars_from), "2024   1 ( 1) ");
  EXPECT_EQ(out[2].substr(bars_from), "\u258B") << "1/16 of 80 eighths is 5 eighths: " << out[2];
  EXPECT_EQ(out[3].substr(bars_from), "\u2588\u2588\u2588\u2588\u2588\u258B") << out[3];
}

TEST(ChartTextTest, StoriesEqualToArticlesAreNotRepeated) {
  Timeline t = sample();
  for (TimelinePeriod& p : t.periods) p.stories = p.count;
  t.dated_stories = 1504;
  t.undated_stories = 4;
  EXPECT_EQ(render_timeline_text(t, ChartStyle{60, false}), render_timeline_text(sample(), ChartStyle{60, false}))
      << "no story has two copies among the matches: the plain chart";
  t.undated_stories = 3;
  EXPECT_EQ(lines(render_timeline_text(t, ChartStyle{60, false}))[0],
            "Articles (stories) per month: 1504 (1504) dated, 4 (3) undated (not charted)")
      << "two undated copies of one story are enough";
}

TEST(ChartJsonTest, StoriesPerPeriodWithStoryCounts) {
  SearchResult r;
  r.query = "oil";
  r.timeline = with_stories();
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  const auto& periods = v.at("timeline").array;
  ASSERT_EQ(periods.size(), 5U);
  EXPECT_EQ(periods[0].at("count").number, 1000);
  EXPECT_EQ(periods[0].at("stories").number, 999);
  EXPECT_EQ(periods[1].at("stories").number, 0);
  EXPECT_EQ(periods[3].at("stories").number, 499);
  EXPECT_EQ(v.at("timeline_undated_stories").number, 3);
  r.timeline = sample();
  const test::JsonValue plain = test::JsonParser::parse(render_json(r));
  EXPECT_FALSE(plain.at("timeline").array[0].has("stories")) << "no story counts, no field";
  EXPECT_FALSE(plain.has("timeline_undated_stories"));
}

TEST(ChartJsonTest, FieldsOnlyWithATimeline) {
  SearchResult r;
  r.query = "oil";
  EXPECT_FALSE(test::JsonParser::parse(render_json(r)).has("timeline"));
  r.timeline = sample();
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  EXPECT_EQ(v.at("timeline_unit").string, "month");
  EXPECT_EQ(v.at("timeline_undated").number, 4);
  const auto& periods = v.at("timeline").array;
  ASSERT_EQ(periods.size(), 5U);
  EXPECT_EQ(periods[1].at("period").string, "2024-02");
  EXPECT_EQ(periods[1].at("count").number, 0);
  EXPECT_EQ(periods[0].at("count").number, 1000);
}

TEST(ChartTextTest, ChartAfterTheHeaderBeforeTheHits) {
  SearchResult r;
  r.query = "oil";
  r.total_estimate = 1;
  r.total_exact = true;
  r.limit = 10;
  Hit hit;
  hit.rank = 1;
  hit.path = "/a.txt";
  hit.date = "2024-01-02";
  r.hits.push_back(hit);
  r.timeline = sample();
  const std::string text = render_text(r, HighlightStyle::marker(), ChartStyle{80, false});
  const auto header = text.find("1 result for oil");
  const auto chart = text.find("Articles per month");
  const auto first_hit = text.find("1. 2024-01-02");
  ASSERT_NE(chart, std::string::npos) << text;
  EXPECT_LT(header, chart);
  EXPECT_LT(chart, first_hit);
}

} // namespace
} // namespace dateline::searcher
