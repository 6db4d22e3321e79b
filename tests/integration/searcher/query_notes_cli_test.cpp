/** @file query_notes_cli_test.cpp
 *  @brief Session 17's outside trial through the real dateline-search: what
 *  is searched otherwise than typed is said, not failed or hidden. Pasted
 *  text ("Date: March", an unclosed '"') runs as plain words with a note on
 *  stderr and in JSON's "notes"; a wildcard whose expansion was cut says so;
 *  a word in no document gets "did you mean" even among many hits.
 */
#include "searcher/query_builder.hpp"

#include "tests/integration/searcher/fixture_db.hpp"
#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::test {
namespace {

std::vector<FixtureArticle> articles() {
  std::vector<FixtureArticle> out{
      {"coffee.txt", "2024-03-04", "Coffee talks resume", "Coffee growers held talks in March with officials.", "", "Wire", {}},
      // A second article: the spelling table keeps words of two documents or more.
      {"coffee-prices.txt", "2024-02-01", "Coffee prices", "Coffee prices rose this week.", "", "Wire", {}},
  };
  const std::vector<std::string> topics{"soy",     "football", "elections", "forests",  "bonds",   "carnival",
                                        "steel",   "oil",      "shipping",  "airlines", "drought", "tourism"};
  for (std::size_t i = 0; i < topics.size(); ++i) {
    out.push_back({"brazil-" + topics[i] + ".txt", "2024-01-" + std::to_string(10 + i), "Brazil and " + topics[i],
                   "Brazil officials spoke about " + topics[i] + " on day " + std::to_string(i) + ".", "", "Wire", {}});
  }
  for (int i = 0; i < 120; ++i) {
    const std::string word = "zebra" + std::to_string(i) + "x";
    out.push_back({word + ".txt", "2023-05-01", "Animals " + std::to_string(i), "A " + word + " was seen.", "", "Wire", {}});
  }
  return out;
}

class QueryNotesCliTest : public FixtureDbSuite<articles> {
protected:
  static ProcessResult search(std::vector<std::string> args) {
    std::vector<std::string> argv{search_binary(), "--db", db(), "--duplicates=show"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }
  static std::vector<std::string> notes(const JsonValue& v) {
    std::vector<std::string> out;
    if (!v.has("notes")) return out;
    for (const JsonValue& note : v.at("notes").array) out.push_back(note.string);
    return out;
  }
  static bool any_holds(const std::vector<std::string>& lines, const std::string& part) {
    for (const std::string& line : lines) {
      if (line.find(part) != std::string::npos) return true;
    }
    return false;
  }
};

// Trial: 'coffee talks date: march' and a pasted "Date:" line failed with
// "field 'date:' needs a value" (exit 2).
TEST_F(QueryNotesCliTest, FieldNameBeforeColonAndSpaceIsAWordWithANote) {
  for (const std::string query : {"coffee talks date: march", "Date: March coffee growers", "the source: coffee officials"}) {
    const ProcessResult r = search({"--format", "json", "--", query});
    ASSERT_EQ(r.exit_code, 0) << query << "\n" << r.err;
    const JsonValue v = JsonParser::parse(r.out);
    ASSERT_FALSE(hit_paths(v).empty()) << query << "\n" << r.out;
    EXPECT_EQ(hit_paths(v).front(), "/fixture/coffee.txt") << query << "\n" << r.out;
    EXPECT_TRUE(any_holds(notes(v), "' is searched as the word ")) << query << "\n" << r.out;
    EXPECT_NE(r.err.find("dateline-search: note: '"), std::string::npos) << query << "\n" << r.err;
    EXPECT_NE(r.err.find("a field takes its value right after the colon"), std::string::npos) << r.err;
  }
  // --explain shows what ran: the field name as a word.
  const ProcessResult explained = search({"--explain", "coffee talks date: march"});
  EXPECT_EQ(explained.exit_code, 0) << explained.err;
  EXPECT_NE(explained.out.find("coffee talks date march"), std::string::npos) << explained.out;
  // A field without a space keeps its meaning; a field with nothing after it stays refused.
  EXPECT_EQ(search({"date:march"}).exit_code, 2);
  EXPECT_EQ(search({"coffee date:"}).exit_code, 2);
  EXPECT_EQ(search({"coffee date: "}).exit_code, 2);
  const ProcessResult field = search({"--format", "json", "coffee date:2024-03"});
  EXPECT_EQ(field.exit_code, 0) << field.err;
  EXPECT_TRUE(notes(JsonParser::parse(field.out)).empty()) << field.out;
  EXPECT_EQ(field.err, "");
}

// Trial: a pasted sentence ending a quotation failed with "unbalanced quote".
TEST_F(QueryNotesCliTest, UnbalancedQuoteIsIgnoredWithANote) {
  for (const std::string query : {"critical point: advance or be left behind,\" coffee officials said",
                                  "\"coffee growers", "\xE2\x80\x9C" "coffee growers", "coffee 12\" growers"}) {
    const ProcessResult r = search({"--format", "json", "--", query});
    ASSERT_EQ(r.exit_code, 0) << query << "\n" << r.err;
    const JsonValue v = JsonParser::parse(r.out);
    ASSERT_FALSE(hit_paths(v).empty()) << query << "\n" << r.out;
    EXPECT_EQ(hit_paths(v).front(), "/fixture/coffee.txt") << query << "\n" << r.out;
    EXPECT_TRUE(any_holds(notes(v), "is never closed: it was ignored")) << query << "\n" << r.out;
    EXPECT_NE(r.err.find("dateline-search: note: the '\"' at '"), std::string::npos) << query << "\n" << r.err;
  }
  // Text output: the hits on stdout, the note on stderr.
  const ProcessResult text = search({"\"coffee growers"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("coffee.txt"), std::string::npos) << text.out;
  EXPECT_NE(text.err.find("note: the '\"' at '\"coffee growers' is never closed"), std::string::npos) << text.err;
}

// Trial: 'zebra*' over 120 zebraNNNx words searched 100 of them and said so
// only under --explain.
TEST_F(QueryNotesCliTest, CutWildcardIsNoted) {
  const ProcessResult listed = search({"-l", "zebra*"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.err.find("dateline-search: note: 'zebra*' matches 120 words; only the " +
                            std::to_string(searcher::k_max_wildcard_expansion) + " most frequent were searched"),
            std::string::npos)
      << listed.err;
  EXPECT_NE(listed.err.find("a longer prefix than 'zebra*' narrows it"), std::string::npos) << listed.err;
  const ProcessResult json = search({"--format", "json", "zebra*"});
  EXPECT_TRUE(any_holds(notes(JsonParser::parse(json.out)), "'zebra*' matches 120 words")) << json.out;
  // A prefix that 100 or fewer words start with is searched whole, silently.
  const ProcessResult narrow = search({"-l", "zebra1*"});
  EXPECT_EQ(narrow.exit_code, 0) << narrow.err;
  EXPECT_EQ(narrow.err, "");
  EXPECT_NE(narrow.out.find("zebra119x.txt"), std::string::npos) << narrow.out;
}

// Trial: 'coffe brazil' gave 12 Brazil hits and no "did you mean".
TEST_F(QueryNotesCliTest, WordInNoDocumentIsCorrectedBesideManyHits) {
  const ProcessResult text = search({"coffe brazil"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Did you mean: coffee brazil\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("brazil-soy.txt"), std::string::npos) << "the hits are still shown: " << text.out;
  const ProcessResult json = search({"--format", "json", "coffe brazil"});
  const JsonValue v = JsonParser::parse(json.out);
  EXPECT_EQ(v.at("suggestion").string, "coffee brazil") << json.out;
  EXPECT_GE(v.at("hits").array.size(), 10U) << json.out;
  // Every word in some document: no suggestion among many hits.
  EXPECT_EQ(search({"brazil officials"}).out.find("Did you mean"), std::string::npos);
}

} // namespace
} // namespace dateline::test
