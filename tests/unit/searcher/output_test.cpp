/** @file output_test.cpp
 *  @brief Text and JSON rendering: structure, highlighting, terminal safety.
 */
#include "searcher/output.hpp"

#include "tests/integration/searcher/json_value.hpp"

#include <gtest/gtest.h>

namespace dateline::searcher {
namespace {

SearchResult sample_result() {
  SearchResult r;
  r.query = "oil \"prices\"";
  r.parsed = "Query(oil)";
  r.total_estimate = 2;
  r.offset = 0;
  r.limit = 10;
  r.seconds = 0.0042;
  Hit hit;
  hit.rank = 1;
  hit.docid = 7;
  hit.path = "/news/2024/oil.txt";
  hit.date = "2024-07-26";
  hit.title = "Oil \x1b[31mprices\x1b[0m rise";
  hit.score = 3.25;
  hit.snippets.push_back({"Oil prices rose \"sharply\"\\", {{0, 3}, {4, 10}}});
  r.hits.push_back(hit);
  Hit undated;
  undated.rank = 2;
  undated.docid = 9;
  undated.path = "/news/undated/x.txt";
  undated.title = "No date";
  r.hits.push_back(undated);
  return r;
}

TEST(OutputTest, TextHasHeaderHitsAndMarkers) {
  const std::string text = render_text(sample_result(), HighlightStyle::marker());
  EXPECT_EQ(text.rfind("About 2 results for oil \"prices\", 0.004 s\n", 0), 0U) << text;
  EXPECT_NE(text.find("1. 2024-07-26  Oil prices rise\n"), std::string::npos) << text;
  EXPECT_NE(text.find("   /news/2024/oil.txt\n"), std::string::npos);
  EXPECT_NE(text.find("   [[Oil]] [[prices]] rose"), std::string::npos) << text;
  EXPECT_NE(text.find("2. undated  No date"), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "escape sequences from article text must not pass";
}

TEST(OutputTest, BoldOnTerminalsUnlessNoColor) {
  constexpr ColorMode k_auto = ColorMode::automatic;
  EXPECT_EQ(HighlightStyle::choose(k_auto, true, nullptr, "xterm").open, "\x1b[1m");
  EXPECT_EQ(HighlightStyle::choose(k_auto, true, "", nullptr).open, "\x1b[1m");
  EXPECT_EQ(HighlightStyle::choose(k_auto, true, "1", "xterm").open, "[[");
  EXPECT_EQ(HighlightStyle::choose(k_auto, false, nullptr, "xterm").open, "[[");
  // #9.17: TERM=dumb gets no escape codes; --color overrides the guess.
  EXPECT_EQ(HighlightStyle::choose(k_auto, true, nullptr, "dumb").open, "[[");
  EXPECT_EQ(HighlightStyle::choose(ColorMode::always, false, "1", "dumb").open, "\x1b[1m");
  EXPECT_EQ(HighlightStyle::choose(ColorMode::never, true, nullptr, "xterm").open, "[[");
  const std::string text = render_text(sample_result(), HighlightStyle::bold());
  EXPECT_NE(text.find("\x1b[1mOil\x1b[22m"), std::string::npos);
}

// #14.11: bidi controls, zero-width characters and line separators in titles
// and snippets are neutralised in text output; highlights still land on the
// right words. JSON keeps the text.
TEST(OutputTest, TextNeutralisesInvisibleCharacters) {
  SearchResult r = sample_result();
  r.hits[0].title = "Oil \xE2\x80\xAE" "esir\xE2\x80\xAC prices\xE2\x80\xA8" "up\xE2\x81\xA6!\xE2\x81\xA9";
  // "\u200Bzw Oil\u2067 prices" with "Oil" and "prices" highlighted by byte offsets.
  const std::string snippet = "\xE2\x80\x8Bzw Oil\xE2\x81\xA7 prices";
  r.hits[0].snippets = {{snippet, {{6, 9}, {13, 19}}}};
  const std::string text = render_text(r, HighlightStyle::marker());
  EXPECT_NE(text.find("1. 2024-07-26  Oil esir prices up!\n"), std::string::npos) << text;
  EXPECT_NE(text.find("   zw [[Oil]] [[prices]]\n"), std::string::npos) << text;
  for (const char* invisible : {"\xE2\x80\xAE", "\xE2\x80\xAC", "\xE2\x80\xA8", "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x80\x8B"}) {
    EXPECT_EQ(text.find(invisible), std::string::npos) << text;
  }
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  EXPECT_EQ(v.at("hits").array.at(0).at("snippets").array.at(0).at("text").string, snippet) << "JSON keeps the text";
}

// #14.10: paths are escaped in text output, exact in JSON (with the raw bytes
// as base64 when they are not UTF-8).
TEST(OutputTest, PathsAreEscapedInTextAndExactInJson) {
  SearchResult r = sample_result();
  r.hits[0].path = "/news/a\ndateline-search: fake\t\xE2\x80\xAEtxt.exe";
  r.hits[1].path = "/news/caf\xE9.txt";
  const std::string text = render_text(r, HighlightStyle::marker());
  EXPECT_NE(text.find("   /news/a\\ndateline-search: fake\\t\\u202etxt.exe\n"), std::string::npos) << text;
  EXPECT_NE(text.find("   /news/caf\\xe9.txt\n"), std::string::npos) << text;
  EXPECT_EQ(render_paths(r), "/news/a\\ndateline-search: fake\\t\\u202etxt.exe\n/news/caf\\xe9.txt\n");
  // --null: the bytes as stored, each path ended by a NUL (for xargs -0).
  EXPECT_EQ(render_paths(r, true), r.hits[0].path + std::string(1, '\0') + r.hits[1].path + std::string(1, '\0'));
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  const auto& hits = v.at("hits").array;
  EXPECT_EQ(hits[0].at("path").string, r.hits[0].path);
  EXPECT_FALSE(hits[0].has("path_bytes")) << "valid UTF-8 needs no second form";
  EXPECT_EQ(hits[1].at("path").string, "/news/caf\xEF\xBF\xBD.txt");
  EXPECT_EQ(hits[1].at("path_bytes").string, "L25ld3MvY2Fm6S50eHQ=");
}

// #15.4: --allow-partial names the remote shards left out; absent otherwise.
TEST(OutputTest, JsonListsMissingShardsOnlyWhenSomeAreMissing) {
  SearchResult r = sample_result();
  EXPECT_FALSE(test::JsonParser::parse(render_json(r)).has("missing_shards"));
  r.missing_shards = {"10.0.0.2:33333", "[::1]:8000"};
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  ASSERT_TRUE(v.has("missing_shards"));
  const auto& missing = v.at("missing_shards").array;
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].string, "10.0.0.2:33333");
  EXPECT_EQ(missing[1].string, "[::1]:8000");
}

TEST(OutputTest, NoResultsAndSuggestion) {
  SearchResult r;
  r.query = "oill";
  r.suggestion = "oil";
  const std::string text = render_text(r, HighlightStyle::marker());
  EXPECT_NE(text.find("No results for oill"), std::string::npos);
  EXPECT_NE(text.find("Did you mean: oil\n"), std::string::npos);
}

TEST(OutputTest, JsonFollowsTheDocumentedSchema) {
  const std::string json = render_json(sample_result());
  EXPECT_EQ(json.find('\n'), std::string::npos) << "one line";
  const test::JsonValue v = test::JsonParser::parse(json);
  using T = test::JsonValue::Type;
  EXPECT_EQ(v.at("query").string, "oil \"prices\"");
  EXPECT_EQ(v.at("parsed").string, "Query(oil)");
  EXPECT_EQ(v.at("total_estimate").number, 2);
  EXPECT_EQ(v.at("offset").number, 0);
  EXPECT_EQ(v.at("limit").number, 10);
  EXPECT_EQ(v.at("suggestion").type, T::null);
  const auto& hits = v.at("hits").array;
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].at("rank").number, 1);
  EXPECT_EQ(hits[0].at("docid").number, 7);
  EXPECT_EQ(hits[0].at("path").string, "/news/2024/oil.txt");
  EXPECT_EQ(hits[0].at("date").string, "2024-07-26");
  EXPECT_EQ(hits[0].at("title").string, "Oil prices rise");
  EXPECT_EQ(hits[0].at("score").number, 3.25);
  const auto& snippet = hits[0].at("snippets").array.at(0);
  EXPECT_EQ(snippet.at("text").string, "Oil prices rose \"sharply\"\\");
  const auto& highlights = snippet.at("highlights").array;
  ASSERT_EQ(highlights.size(), 2U);
  EXPECT_EQ(highlights[1].array.at(0).number, 4);
  EXPECT_EQ(highlights[1].array.at(1).number, 10);
  EXPECT_EQ(hits[1].at("date").type, T::null);
  EXPECT_TRUE(hits[1].at("snippets").array.empty());
  EXPECT_FALSE(v.has("explain"));
}

TEST(OutputTest, JsonErrorLine) {
  const test::JsonValue v = test::JsonParser::parse(render_json_error("\"x", "unbalanced quote"));
  EXPECT_EQ(v.at("query").string, "\"x");
  EXPECT_EQ(v.at("error").string, "unbalanced quote");
}

TEST(OutputTest, JsonExplainBlock) {
  SearchResult r = sample_result();
  Explanation e;
  e.rewritten = "export*";
  e.language = "english";
  e.words.push_back({"export", "export", false, false});
  e.wildcards.push_back({"export*", {"export", "exports"}, 2});
  e.dates.push_back({"--since/--until", "2024-01-01", ""});
  r.explanation = e;
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  const auto& x = v.at("explain");
  EXPECT_EQ(x.at("wildcards").array.at(0).at("expansions").array.size(), 2U);
  EXPECT_EQ(x.at("dates").array.at(0).at("last").string, "");
  const std::string text = render_text(r, HighlightStyle::marker());
  EXPECT_NE(text.find("wildcard export*: 2 terms, searching export exports"), std::string::npos) << text;
  EXPECT_NE(text.find("2024-01-01 .. open"), std::string::npos) << text;
}

// #12.2: --explain lists each synonym expansion, in text and JSON.
TEST(OutputTest, ExplainListsSynonyms) {
  SearchResult r = sample_result();
  Explanation e;
  e.rewritten = "usa";
  e.language = "english";
  e.words.push_back({"usa", "usa", false, false});
  e.synonyms.push_back({"usa", "america", "\"united states\""});
  r.explanation = e;
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  const auto& synonyms = v.at("explain").at("synonyms").array;
  ASSERT_EQ(synonyms.size(), 1U);
  ASSERT_EQ(synonyms.at(0).array.size(), 3U);
  EXPECT_EQ(synonyms.at(0).array.at(2).string, "\"united states\"");
  const std::string text = render_text(r, HighlightStyle::marker());
  EXPECT_NE(text.find("synonyms of usa: america, \"united states\"\n"), std::string::npos) << text;
}

// #9.11: "N results" when counted, "About N" only for an estimate; JSON says which.
// #9.17: --limit 0 is a count-only answer, not "past the end".
TEST(OutputTest, ExactCountsAndCountOnlyPages) {
  SearchResult r = sample_result();
  r.total_exact = true;
  EXPECT_EQ(render_text(r, HighlightStyle::marker()).rfind("2 results for oil", 0), 0U);
  EXPECT_TRUE(test::JsonParser::parse(render_json(r)).at("total_exact").boolean);
  r.total_exact = false;
  EXPECT_FALSE(test::JsonParser::parse(render_json(r)).at("total_exact").boolean);
  r.total_exact = true;
  r.hits.clear();
  r.limit = 0;
  EXPECT_EQ(render_text(r, HighlightStyle::marker()), "2 results for oil \"prices\", 0.004 s\n");
  r.limit = 10;
  r.offset = 40;
  EXPECT_NE(render_text(r, HighlightStyle::marker()).find("--offset 40 is past the end"), std::string::npos);
}

// ---- #11.2 recency and #11.3 more like this
TEST(OutputTest, RecencyAndLikeInTextAndJson) {
  SearchResult r = sample_result();
  r.query = "tariff";
  r.like = {"/news/a.txt", "/news/b\nc.txt"};
  r.hits[0].score = 5.5;
  r.hits[0].recency = 1.25;
  r.hits[1].recency = 0.0;
  Explanation e;
  e.recency = Explanation::Recency{30.0, 0.1, 40.0, 4.0, "2024-07-26"};
  e.like_terms = {"tariff", "steel"};
  r.explanation = e;
  const std::string text = render_text(r, HighlightStyle::marker());
  EXPECT_NE(text.find("results like /news/a.txt, /news/b\\nc.txt for tariff, "), std::string::npos) << text;
  EXPECT_NE(text.find("   score 5.500 = text 4.250 + recency 1.250\n"), std::string::npos) << text;
  EXPECT_NE(text.find("More like this, searching: tariff steel\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Recency: bonus 4.000 x 0.5^(age / 30.000 days), age counted from 2024-07-26; 4.000 = weight "
                      "0.100 x highest possible text score 40.000"),
            std::string::npos)
      << text;
  const test::JsonValue v = test::JsonParser::parse(render_json(r));
  ASSERT_EQ(v.at("like").array.size(), 2U);
  EXPECT_EQ(v.at("like").array[1].string, "/news/b\nc.txt");
  EXPECT_DOUBLE_EQ(v.at("hits").array[0].at("text_score").number, 4.25);
  EXPECT_DOUBLE_EQ(v.at("hits").array[0].at("recency").number, 1.25);
  EXPECT_DOUBLE_EQ(v.at("hits").array[1].at("recency").number, 0.0);
  EXPECT_EQ(v.at("explain").at("recency").at("now").string, "2024-07-26");
  EXPECT_DOUBLE_EQ(v.at("explain").at("recency").at("max_bonus").number, 4.0);
  EXPECT_EQ(v.at("explain").at("like_terms").array.size(), 2U);
  // Without them: none of the fields, and the header says "for".
  const SearchResult plain = sample_result();
  const test::JsonValue p = test::JsonParser::parse(render_json(plain));
  EXPECT_FALSE(p.has("like"));
  EXPECT_FALSE(p.at("hits").array[0].has("text_score"));
  EXPECT_NE(render_text(plain, HighlightStyle::marker()).find("2 results for oil"), std::string::npos);
}

} // namespace
} // namespace dateline::searcher
