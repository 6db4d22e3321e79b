/** @file timeline_cli_test.cpp
 *  @brief --timeline through the real dateline-search (issue 12.1): exact
 *  counts over every match (not the page, beyond the exact-count limit),
 *  empty periods, undated articles, filters, --count, text and JSON.
 */
#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

/// 2600 "harbour" articles: 100 a month from 2023-09 to 2025-08 except none
/// in 2024-02 and 2024-03, plus 2 undated; "crane" in the 2024-12 ones and the
/// undated ones; by "Ann Lee" in 2024-12 only. And 10 "tanker" articles.
std::vector<FixtureArticle> articles() {
  std::vector<FixtureArticle> out;
  int n = 0;
  for (int m = 0; m < 24; ++m) {
    const int year = 2023 + (m + 8) / 12;
    const int month = (m + 8) % 12 + 1;
    if (year == 2024 && (month == 2 || month == 3)) continue;
    for (int i = 0; i < 100; ++i) {
      const int day = i % 28 + 1;
      const bool december = year == 2024 && month == 12;
      out.push_back({"h/" + std::to_string(++n) + ".txt", std::to_string(year) + "-" + two(month) + "-" + two(day),
                     "Harbour " + std::to_string(n), december ? "The harbour crane moved." : "The harbour is busy.",
                     december && i < 30 ? "Ann Lee" : "", "", {}});
    }
  }
  out.push_back({"u/1.txt", "", "Harbour notes", "Undated harbour crane notes.", "", "", {}});
  out.push_back({"u/2.txt", "", "Harbour more", "More undated harbour crane notes.", "", "", {}});
  for (int i = 0; i < 10; ++i) {
    out.push_back({"t/" + std::to_string(i) + ".txt", i < 5 ? "2020-12-28" : "2021-01-0" + std::to_string(i - 3),
                   "Tanker", "A tanker sailed.", "", "", {}});
  }
  return out;
}

class TimelineCliTest : public FixtureDbSuite<articles> {
protected:
  static ProcessResult search(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env = {}) {
    std::vector<std::string> argv{search_binary(), "--db", db()};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.env = std::move(env);
    return run_process(argv, options);
  }
  /// period -> count of a JSON answer.
  static std::map<std::string, double> periods(const JsonValue& v) {
    std::map<std::string, double> out;
    for (const JsonValue& p : v.at("timeline").array) out[p.at("period").string] = p.at("count").number;
    return out;
  }
};

TEST_F(TimelineCliTest, JsonCountsEveryMatchNotThePage) {
  const auto r = search({"--format", "json", "--timeline=month", "--limit", "3", "harbour"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const JsonValue v = JsonParser::parse(r.out);
  EXPECT_EQ(v.at("hits").array.size(), 3U);
  EXPECT_EQ(v.at("total_estimate").number, 2202) << "2200 + 2 undated, more than the exact-count limit";
  EXPECT_TRUE(v.at("total_exact").boolean);
  EXPECT_EQ(v.at("timeline_unit").string, "month");
  EXPECT_EQ(v.at("timeline_undated").number, 2);
  const auto p = periods(v);
  ASSERT_EQ(p.size(), 24U) << "2023-09 .. 2025-08, the empty months included";
  EXPECT_EQ(v.at("timeline").array.front().at("period").string, "2023-09");
  EXPECT_EQ(v.at("timeline").array.back().at("period").string, "2025-08");
  EXPECT_EQ(p.at("2024-01"), 100);
  EXPECT_EQ(p.at("2024-02"), 0);
  EXPECT_EQ(p.at("2024-03"), 0);
  EXPECT_EQ(p.at("2024-12"), 100);
}

TEST_F(TimelineCliTest, AutoPicksAbout10To40Bars) {
  const JsonValue v = JsonParser::parse(search({"--format", "json", "--timeline", "--count", "harbour"}).out);
  EXPECT_EQ(v.at("timeline_unit").string, "month") << "24 months";
  EXPECT_TRUE(v.at("hits").array.empty());
  const JsonValue crane = JsonParser::parse(search({"--format", "json", "--timeline", "crane"}).out);
  EXPECT_EQ(crane.at("timeline_unit").string, "day") << "28 days of one month";
  EXPECT_EQ(crane.at("timeline").array.size(), 28U);
  EXPECT_EQ(crane.at("timeline_undated").number, 2);
}

TEST_F(TimelineCliTest, CombinesWithDatesAndFields) {
  const auto p = periods(JsonParser::parse(
      search({"--format", "json", "--timeline=year", "--since", "2024-06", "--until", "2025-01", "harbour"}).out));
  EXPECT_EQ(p, (std::map<std::string, double>{{"2024", 700}, {"2025", 100}}));
  const auto q = periods(JsonParser::parse(search({"--format", "json", "--timeline=month", "harbour date:2024"}).out));
  EXPECT_EQ(q.size(), 12U);
  EXPECT_EQ(q.at("2024-02"), 0);
  const JsonValue a = JsonParser::parse(search({"--format", "json", "--timeline=month", "author:\"ann lee\""}).out);
  EXPECT_EQ(periods(a), (std::map<std::string, double>{{"2024-12", 30}}));
  EXPECT_EQ(a.at("timeline_undated").number, 0);
}

TEST_F(TimelineCliTest, IsoWeeksAcrossTheYearEnd) {
  const JsonValue v = JsonParser::parse(search({"--format", "json", "--timeline=week", "tanker"}).out);
  // 2020-12-28 is in 2020-W53; 2021-01-03 too; 2021-01-04 starts 2021-W01.
  EXPECT_EQ(periods(v), (std::map<std::string, double>{{"2020-W53", 7}, {"2021-W01", 3}}));
}

TEST_F(TimelineCliTest, CountPrintsTheChartOnly) {
  const auto r = search({"--timeline=year", "--count", "harbour"}, {{"LANG", "C.UTF-8"}, {"LC_ALL", ""}, {"LC_CTYPE", ""}, {"COLUMNS", "60"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("results for"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(".txt"), std::string::npos) << "no hits: " << r.out;
  EXPECT_EQ(r.out.rfind("Articles per year: 2200 dated, 2 undated (not charted)\n2023   400 \u2588", 0), 0U) << r.out;
  EXPECT_NE(r.out.find("\n2024  1000 \u2588"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n2025   800 \u2588"), std::string::npos) << r.out;
  std::size_t longest = 0;
  std::size_t start = 0;
  for (std::size_t end; (end = r.out.find('\n', start)) != std::string::npos; start = end + 1) {
    std::size_t cols = 0;
    for (std::size_t i = start; i < end; ++i) cols += (static_cast<unsigned char>(r.out[i]) & 0xC0) != 0x80 ? 1 : 0;
    longest = std::max(longest, cols);
  }
  EXPECT_EQ(longest, 59U) << "the 2024 bar fills COLUMNS=60 but its last column";
}

TEST_F(TimelineCliTest, AsciiUnderColorNeverOrAnotherLocale) {
  for (const auto& [args, env] :
       std::vector<std::pair<std::vector<std::string>, std::vector<std::pair<std::string, std::string>>>>{
           {{"--color=never", "--timeline=year", "--count", "harbour"}, {{"LANG", "C.UTF-8"}, {"LC_ALL", ""}, {"LC_CTYPE", ""}}},
           {{"--timeline=year", "--count", "harbour"}, {{"LANG", "C.UTF-8"}, {"LC_ALL", "C"}, {"LC_CTYPE", ""}}},
           {{"--timeline=year", "--count", "harbour"}, {{"LANG", "de_DE.ISO-8859-1"}, {"LC_ALL", ""}, {"LC_CTYPE", ""}}}}) {
    const auto r = search(args, env);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\n2024  1000 ####"), std::string::npos) << r.out;
    for (const char c : r.out) ASSERT_LT(static_cast<unsigned char>(c), 0x80) << r.out;
  }
}

TEST_F(TimelineCliTest, TextChartComesBeforeTheHits) {
  const auto r = search({"--timeline=year", "--color=never", "-n", "2", "crane"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto header = r.out.find("102 results for crane");
  const auto chart = r.out.find("Articles per year: 100 dated, 2 undated");
  const auto hit = r.out.find("\n1. ");
  ASSERT_NE(header, std::string::npos) << r.out;
  ASSERT_NE(chart, std::string::npos) << r.out;
  EXPECT_LT(header, chart);
  EXPECT_LT(chart, hit);
}

TEST_F(TimelineCliTest, NoMatchesAndBadUnits) {
  const auto none = search({"--timeline", "--count", "zeppelin"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.out, "Articles per month: 0 dated\n");
  const auto bad = search({"--timeline", "week", "harbour"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--timeline=week"), std::string::npos) << bad.err;
  const auto batch = search({"--batch", "-", "--timeline=year"});
  EXPECT_EQ(batch.exit_code, 1) << "no queries";
}

TEST_F(TimelineCliTest, BatchLinesCarryTheTimeline) {
  std::vector<std::string> argv{search_binary(), "--db", db(), "--batch", "-",
                                "--timeline=year"};
  ProcessOptions options;
  options.stdin_data = "tanker\nharbour\n";
  const auto r = run_process(argv, options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto first = r.out.substr(0, r.out.find('\n'));
  EXPECT_EQ(periods(JsonParser::parse(first)), (std::map<std::string, double>{{"2020", 5}, {"2021", 5}}));
}

} // namespace
} // namespace dateline::test
