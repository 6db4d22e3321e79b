/** @file query_cli_test.cpp
 *  @brief The query language through the real dateline-search (#9.1-5):
 *  queries that Xapian used to re-parse without operators either keep their
 *  meaning (exit 0/1 with the right hits) or exit 2 with one line.
 */
#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

std::vector<FixtureArticle> articles() {
  return {
      {"oil.txt", "2019-03-01", "Oil output rises", "Oil output rose as prices held.", "", "Wire", {}},
      {"oil-gas.txt", "2019-03-02", "Oil and gas", "Oil and gas producers met; gas prices fell.", "", "Wire", {}},
      {"francs.txt", "2020-01-01", "A sale", "The villa sold for CHF 1'000'000 last week.", "", "Wire", {}},
      {"tokyo.txt", "2021-01-01", "Cities", "\xE6\x9D\xB1\xE4\xBA\xAC and \xE5\xA4\xA7\xE9\x98\xAA grew.", "", "Wire", {}},
      {"idf.txt", "2022-01-01", "Army", "\xD7\xA6\xD7\x94\"\xD7\x9C said so.", "", "Wire", {}},
      {"weird.txt", "2022-02-01", "Notes", "weird stuff happened", "", "Wire", {}},
  };
}

class QueryCliTest : public FixtureDbSuite<articles> {
protected:
  static ProcessResult search(const std::string& query) {
    return run_process({search_binary(), "--db", db(), "--format", "json", "--", query});
  }
  static std::vector<std::string> paths(const ProcessResult& result) {
    std::vector<std::string> out = hit_paths(JsonParser::parse(result.out));
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(QueryCliTest, BracketedExclusionExcludes) {
  const ProcessResult r = search("oil (-gas)");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(paths(r), std::vector<std::string>{"/fixture/oil.txt"}) << "gas articles must not match, let alone first";
}

TEST_F(QueryCliTest, RefusedQueriesExitTwoWithOneLine) {
  for (const std::string& query : std::vector<std::string>{"oil AND (-gas OR -coal)", "wang NEAR -kamikawa", "oil NEAR (gas)",
                                  "oil NEAR source:reuters", "oil NEAR", "oil NEAR NEAR gas", "export* NEAR curbs",
                                  "oil NEAR gas*", "date:" + std::string(3000, '9')}) {
    const ProcessResult r = search(query);
    EXPECT_EQ(r.exit_code, 2) << query << "\n" << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << query << ": " << r.err;
    EXPECT_LT(r.err.size(), 400U) << "the error echoes a bounded part of the query";
  }
}

TEST_F(QueryCliTest, SeparatorsQuotesAndParity) {
  EXPECT_EQ(paths(search("CHF 1'000'000")), std::vector<std::string>{"/fixture/francs.txt"});
  EXPECT_EQ(search("1'000'000").exit_code, 0);
  EXPECT_EQ(search("\xD7\xA6\xD7\x94\"\xD7\x9C").exit_code, 0) << "gershayim is part of the word";
  EXPECT_EQ(search("\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x80\x80\xE5\xA4\xA7\xE9\x98\xAA").exit_code, 0)
      << "U+3000 separates words (they are not adjacent in the article)";
  EXPECT_EQ(search("weird\x7fstuff").exit_code, 0) << "DEL separates words, as in the index";
  EXPECT_EQ(paths(search("\xE2\x80\x9Cgas producers\xE2\x80\x9D")), std::vector<std::string>{"/fixture/oil-gas.txt"});
  EXPECT_EQ(search("\xE2\x80\x9Cproducers gas\xE2\x80\x9D").exit_code, 1) << "curly quotes make a phrase";
}

} // namespace
} // namespace dateline::test
