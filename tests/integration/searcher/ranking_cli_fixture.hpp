/** @file ranking_cli_fixture.hpp
 *  @brief The RankingCliTest fixture that the ranking option tests
 *  (ranking_cli_test.cpp, ranking_feedback_cli_test.cpp) share: articles
 *  written and indexed in a temporary folder, searched with the real binary,
 *  and the hits read as file names and scores.
 */
#pragma once

#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repeat.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dateline::test {

class RankingCliTest : public ::testing::Test {
protected:
  void write_article(const std::string& name, const std::string& title, const std::string& body) const {
    write_file(dir / ("articles/" + name), "date 2024-03-01\n" + title + "\n\n" + body + "\n");
  }

  /// Unrelated articles, so that the test words are rare (positive idf).
  void write_fillers(int count) const {
    for (int i = 0; i < count; ++i) {
      write_article("filler" + std::to_string(i) + ".txt", "Weather today",
                    "Rain and wind are expected across the region this week, forecasters said.");
    }
  }

  /// Ten volcano updates, four fillers, and two island stories: "related"
  /// shares the eruption's words; "lone" has the query word twice and
  /// nothing else in common. Indexed.
  void write_volcano_articles() const {
    write_fillers(4);
    for (int i = 0; i < 10; ++i) {
      write_article("v" + std::to_string(i) + ".txt", "Volcano update " + std::to_string(i),
                    "The volcano sent lava and ash into the sky; the eruption continued.");
    }
    write_article("related.txt", "Island news",
                  "A volcano is near. " + repeat_words("fishermen mended nets in the harbour", 5) +
                      "Lava, ash and an eruption were reported.");
    write_article("lone.txt", "Island news",
                  "Volcano volcano. " + repeat_words("fishermen mended nets in the harbour", 5));
    index();
  }

  /// The hits (file name, score) of `volcano` with --feedback-weight 2, every
  /// copy shown, at @p offset / @p limit, with @p extra options.
  std::vector<std::pair<std::string, double>> volcano_hits(const std::vector<std::string>& extra, int offset,
                                                           int limit) const {
    std::vector<std::string> argv{search_binary(), "--db", db, "--format", "json", "--duplicates=show",
                                  "--feedback-weight", "2", "--offset", std::to_string(offset),
                                  "--limit", std::to_string(limit)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.emplace_back("volcano");
    const ProcessResult result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    if (result.exit_code != 0) return {};
    return hit_name_scores(JsonParser::parse(result.out));
  }

  void index() const {
    const ProcessResult result = run_process({index_binary(), "--db", db, (dir / "articles").string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  /// The JSON answer for @p args, up to 100 hits; nullopt when the search
  /// fails. Every article, near-duplicates included: the fixtures share
  /// their filler text, and these tests are about order, not stories (#11.1).
  std::optional<JsonValue> answer(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{search_binary(), "--db", db, "--format", "json", "--limit", "100",
                                  "--duplicates=show"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = run_process(argv);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    if (result.exit_code != 0) return std::nullopt;
    return JsonParser::parse(result.out);
  }

  /// File names of the hits for @p args, best first.
  std::vector<std::string> ranking(const std::vector<std::string>& args) const {
    const std::optional<JsonValue> parsed = answer(args);
    return parsed ? hit_names(*parsed) : std::vector<std::string>{};
  }

  /// File name -> score of the hits for @p args.
  std::map<std::string, double> scores(const std::vector<std::string>& args) const {
    const std::optional<JsonValue> parsed = answer(args);
    return parsed ? hit_score_map(*parsed) : std::map<std::string, double>{};
  }

  /// Where @p name is in @p names (its size when absent).
  static std::size_t position(const std::vector<std::string>& names, const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  }

  static std::set<std::string> as_set(const std::vector<std::string>& names) { return {names.begin(), names.end()}; }

  TempDir dir;
  std::string db = (dir / "db").string();
};

} // namespace dateline::test
