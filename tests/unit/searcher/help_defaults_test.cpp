/** @file help_defaults_test.cpp
 *  @brief The defaults dateline-search's option declarations state (so
 *  --help, the man page and the completions' descriptions) are the ones it
 *  uses (issue 10: every option written once). Each declared help text that
 *  says "default N" for a number N has a row here reading the value the
 *  command line gives when the option is absent (parse_search_options, then
 *  make_request, then the engine's own fallbacks for unset values), and
 *  every row's option states its default.
 */
#include "searcher/option_declarations.hpp"
#include "searcher/options.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/request_options.hpp"
#include "searcher/searcher.hpp"

#include "tests/support/help_defaults.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>

namespace dateline::searcher {
namespace {

/// The number @p help gives as the default ("default 10", "default: 0.5",
/// "default 0 = off"), or nullopt when it states none or not a plain number.
std::optional<double> stated_default(const std::string& help) {
  static const std::regex number(R"(default:? (-?[0-9]+(\.[0-9]+)?)(?![0-9A-Za-z.]))");
  std::smatch match;
  if (!std::regex_search(help, match, number)) return std::nullopt;
  return std::stod(match[1]);
}

TEST(HelpDefaults, ReadsTheStatedNumber) {
  EXPECT_EQ(stated_default("hits to show (default 10, at most 10000)"), 10.0);
  EXPECT_EQ(stated_default("(0 to 100; default 0.5; 0 = off)"), 0.5);
  EXPECT_EQ(stated_default("(default: 256)"), 256.0);
  EXPECT_EQ(stated_default("(default 0 = off)"), 0.0);
  EXPECT_EQ(stated_default("(default: 16M)"), std::nullopt);
  EXPECT_EQ(stated_default("(default: off, every query)"), std::nullopt);
  EXPECT_EQ(stated_default("relevance (default), newest"), std::nullopt);
}

using Actual = std::function<double(const SearchOptions&, const SearchRequest&)>;

TEST(HelpDefaults, AreTheDefaultsUsed) {
  const SearchOptions options = parse_search_options({"q"}, {});
  const SearchRequest request = make_request(options, "q");
  const Bm25Parameters bm25;
  const std::map<std::string, Actual> actual{
      {"timeout", [](const SearchOptions& o, const SearchRequest&) { return static_cast<double>(o.timeout.count()) / 1000.0; }},
      {"limit", [](const SearchOptions&, const SearchRequest& r) { return static_cast<double>(r.limit); }},
      {"recency-weight", [](const SearchOptions&, const SearchRequest& r) { return r.recency_weight; }},
      {"bm25-k1", [&](const SearchOptions&, const SearchRequest& r) { return r.ranking.bm25_k1.value_or(bm25.k1); }},
      {"bm25-b", [&](const SearchOptions&, const SearchRequest& r) { return r.ranking.bm25_b.value_or(bm25.b); }},
      {"title-weight", [](const SearchOptions&, const SearchRequest& r) { return r.ranking.title_weight; }},
      {"proximity", [](const SearchOptions&, const SearchRequest& r) { return r.ranking.proximity_weight; }},
      {"all-words-boost",
       [](const SearchOptions&, const SearchRequest& r) { return r.ranking.all_words_boost.value_or(k_all_words_boost); }},
      {"pair-proximity", [](const SearchOptions&, const SearchRequest& r) { return r.ranking.pair_proximity_weight; }},
      {"feedback", [](const SearchOptions&, const SearchRequest& r) { return static_cast<double>(r.ranking.feedback_terms); }},
      {"feedback-weight", [](const SearchOptions&, const SearchRequest& r) { return r.ranking.feedback_weight; }},
      {"feedback-max-words",
       [](const SearchOptions&, const SearchRequest& r) { return static_cast<double>(r.ranking.feedback_max_words); }},
      {"feedback-depth", [](const SearchOptions&, const SearchRequest& r) { return static_cast<double>(r.ranking.feedback_depth); }},
      {"feedback-max-share", [](const SearchOptions&, const SearchRequest& r) { return r.ranking.feedback_max_share; }},
      {"feedback-window",
       [](const SearchOptions&, const SearchRequest& r) { return static_cast<double>(r.ranking.feedback_window); }},
      {"snippets", [](const SearchOptions&, const SearchRequest& r) { return static_cast<double>(r.snippets); }},
      {"snippet-chars", [](const SearchOptions&, const SearchRequest& r) { return static_cast<double>(r.snippet_chars); }},
  };
  test::expect_stated_defaults_used(search_option_declarations(), stated_default, actual, [&](const Actual& row) { return row(options, request); }, "the search");
}

} // namespace
} // namespace dateline::searcher
