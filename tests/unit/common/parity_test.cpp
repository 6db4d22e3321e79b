/** @file parity_test.cpp
 *  @brief One analysis for documents, queries and snippets: the same strings go
 *  through the index path (common/term_generator), the query path
 *  (searcher QueryRewriter + QueryBuilder) and the snippet highlighter, and
 *  must produce the same terms and highlight the same words.
 */
#include "common/cjk_bigrams.hpp"
#include "common/encoding.hpp"
#include "common/schema.hpp"
#include "common/term_generator.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/snippet.hpp"

#include <xapian.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dateline {
namespace {

const std::vector<std::string>& parity_strings() {
  static const std::vector<std::string> strings = {
      "Semiconductor export curbs",
      "Café Zürich élection",
      "cafe\xCC\x81 decomposed",
      "Japan's foreign ministry",
      "Japan\xE2\x80\x99s curly apostrophe",
      "China-Japan relations",
      "the U.S. ally",
      "5.93 mln bags 155,221 in 1987",
      "\xEF\xBC\xAF\xEF\xBC\xB0\xEF\xBC\xA5\xEF\xBC\xA3 \xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94",  // ＯＰＥＣ ２０２４
      "\xEF\xAC\x81nance Straße",
      "中日关系 半导体",
      "日本の外務大臣",
      // CJK next to Latin and digits, kana, Korean, one-character runs (#13.3).
      "iPhone手机2019年销量 東京タワーへ 서울에서 만나요 X中Y",
      "ฉันรักภาษาไทย",
      "Αθήνα Москва",
      "e-mail example.com desk@example.com",
      "story123 g7 3d 1980s",
      // Elided articles (#9.6): dropped from the term, the same on every path.
      "l'\xC3\xA9lection pr\xC3\xA9sidentielle",
      "d\xE2\x80\x99Italia qu'il jusqu'au dell'Unione",
      "l'election d'Estaing c'mon O'Brien",
      // Invisible characters inside words (#14.13): U+200B, U+2060, U+FEFF, U+00AD.
      "ex\xE2\x80\x8Bport curbs",
      "ex\xE2\x81\xA0port ex\xEF\xBB\xBFport ex\xC2\xADport",
      // Emoji sequences next to words (#9.5): ZWJ + heart, skin tone, VS16, keycap.
      "abc\xE2\x80\x8D\xE2\x9D\xA4 love",
      // Hebrew geresh U+05F3 is the apostrophe (#9.5).
      "\xD7\x92\xD7\xB3\xD7\x95\xD7\xA8\xD7\x92\xD7\xB3 \xD7\x91\xD7\x95\xD7\xA9",
      "ok\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" "deal news\xE2\x9D\xA4\xEF\xB8\x8F",
  };
  return strings;
}

/// Words the index keeps as one term (word_classes_test, "OneTerm") that the
/// query path once split: numbers with group separators (Swiss
/// thousands, U+066C) and Hebrew acronyms with an ASCII '"' (#9.5). The query
/// side is issue 9.5's other half (searcher/query_rewriter writes terms that
/// QueryParser cannot read back as dlterm: fields).
const std::vector<std::string>& query_side_strings() {
  static const std::vector<std::string> strings = {
      "CHF 1'000'000 and 1\xD9\xAC" "000",
      "\xD7\xA6\xD7\x94\"\xD7\x9C \xD7\x90\xD7\xA8\xD7\x94\"\xD7\x91",
      // Gershayim U+05F4 is indexed as '"' too.
      "\xD7\xA6\xD7\x94\xD7\xB4\xD7\x9C \xD7\x90\xD7\xA8\xD7\x94\xD7\xB4\xD7\x91",
  };
  return strings;
}

std::set<std::string> index_terms(const TextAnalyzer& analyzer, const std::string& text) {
  std::vector<IndexTerm> terms;
  TermOptions options;
  Xapian::termpos bigram_position = 1;  // as the indexer does for free text (#13.3)
  options.bigram_position = &bigram_position;
  (void)generate_terms(analyzer, text, options, terms);
  std::set<std::string> out;
  for (const auto& t : terms) out.insert(t.term);
  return out;
}

std::set<std::string> query_terms(const Xapian::Query& query) {
  return {query.get_unique_terms_begin(), query.get_unique_terms_end()};
}

class ParityTest : public ::testing::TestWithParam<std::string> {
protected:
  TextAnalyzer analyzer{"english"};
  searcher::QueryRewriter rewriter{analyzer};
  searcher::QueryBuilder builder{"english"};
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};

  Xapian::Query build(const std::string& text) {
    const auto rewritten = rewriter.rewrite(text);
    return builder.build(rewritten, {searcher::MatchMode::any, std::nullopt, std::nullopt}, db);
  }
};

TEST_P(ParityTest, QueryTermsAreIndexTerms) {
  const std::string& text = GetParam();
  const auto indexed = index_terms(analyzer, text);
  const auto queried = query_terms(build(text));
  ASSERT_FALSE(queried.empty()) << text;
  for (const auto& term : queried) {
    EXPECT_TRUE(indexed.count(term)) << "query term '" << term << "' of \"" << text
                                     << "\" is not an index term of the same text";
  }
  // Every non-stop word of the text is searchable: its term or its stem is asked for.
  const auto& stop = searcher::english_stop_words();
  for (const Token& token : analyzer.tokenize(text)) {
    if (std::find(stop.begin(), stop.end(), token.term) != stop.end()) continue;
    const std::string stem = analyzer.stem(token);
    const bool asked = queried.count(token.term) || (!stem.empty() && queried.count("Z" + stem));
    EXPECT_TRUE(asked) << "word '" << token.term << "' of \"" << text << "\" is lost by the query path";
  }
}

TEST_P(ParityTest, QuotedPhraseAsksForExactlyTheIndexedWords) {
  const std::string& text = GetParam();
  std::set<std::string> unstemmed;
  const std::vector<Token> tokens = analyzer.tokenize(text);
  for (const Token& token : tokens) unstemmed.insert(token.term);
  // A CJK run is also asked for as its bigrams, the index's own (#13.3).
  for (const CjkBigram& bigram : cjk_bigrams(text, tokens)) {
    unstemmed.insert(std::string(schema::k_prefix_bigram) + bigram.term);
  }
  // A word at either end written against a run is also asked for as the
  // index's longest join of it (session 13): the group may be cut there.
  std::map<std::pair<std::size_t, bool>, std::string> longest;
  for (const CjkJoin& join : cjk_joins(text, tokens)) {
    longest[{join.token, join.after}] =
        std::string(join.after ? schema::k_prefix_join_after : schema::k_prefix_join_before) + join.term;
  }
  if (!tokens.empty()) {
    if (const auto it = longest.find({0, false}); it != longest.end()) unstemmed.insert(it->second);
    if (const auto it = longest.find({tokens.size() - 1, true}); it != longest.end()) unstemmed.insert(it->second);
  }
  EXPECT_EQ(query_terms(build("\"" + text + "\"")), unstemmed) << text;
}

TEST_P(ParityTest, SnippetHighlightsAreTheAnalyzersWords) {
  const std::string& text = GetParam();
  const auto rewritten = rewriter.rewrite(text);
  const Xapian::Query query = builder.build(rewritten, {searcher::MatchMode::any, std::nullopt, std::nullopt}, db);
  const auto highlight = searcher::collect_highlight_terms(query, rewritten);
  const auto snippets = searcher::make_snippets(text, highlight, analyzer, {1, 1000});
  ASSERT_EQ(snippets.size(), 1U) << text;
  const auto& snippet = snippets.front();
  // Highlights start and end on analyzer word boundaries (adjacent matches may
  // be merged into one span), cover every query word of the text (stop words
  // are not asked for), and cover nothing else.
  const auto& stop = searcher::english_stop_words();
  const auto tokens = analyzer.tokenize(snippet.text);
  auto covered = [&](const Token& token) {
    return std::any_of(snippet.highlights.begin(), snippet.highlights.end(),
                       [&](const auto& h) { return h.first <= token.begin && token.end <= h.second; });
  };
  for (const auto& [begin, end] : snippet.highlights) {
    EXPECT_TRUE(std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) { return t.begin == begin; }))
        << "highlight starts inside a word: " << snippet.text.substr(begin, end - begin);
    EXPECT_TRUE(std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) { return t.end == end; }))
        << "highlight ends inside a word: " << snippet.text.substr(begin, end - begin);
  }
  for (const Token& token : tokens) {
    const bool is_stop = std::find(stop.begin(), stop.end(), token.term) != stop.end();
    EXPECT_EQ(covered(token), !is_stop) << "word '" << token.term << "' in " << snippet.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Strings, ParityTest, ::testing::ValuesIn(parity_strings()));

/// Session 14 (#15.5): the same strings indexed with stem terms only where a
/// stem differs from its word (dateline-index --stem-terms differing, marked
/// by schema::k_term_stems_differ). The query then asks only for terms that
/// index holds, asks for every word, finds the document, and its snippet
/// highlights exactly what the same query highlights over a database with
/// every stem term.
class DifferingStemsParityTest : public ParityTest {
protected:
  /// @p text's document as the indexer writes it with (or without) @p differing.
  static Xapian::Document document(const TextAnalyzer& analyzer, const std::string& text, bool differing,
                                   std::set<std::string>& terms) {
    std::vector<IndexTerm> generated;
    TermOptions options;
    Xapian::termpos bigram_position = 1;
    options.bigram_position = &bigram_position;
    options.stems_only_where_differ = differing;
    Xapian::termcount left_out = 0;
    options.left_out_stem_wdf = &left_out;
    (void)generate_terms(analyzer, text, options, generated);
    Xapian::Document doc;
    add_terms(doc, generated);
    if (differing) add_stems_differ_marker(doc, left_out);
    for (const auto& t : generated) terms.insert(t.term);
    return doc;
  }

  std::vector<std::pair<std::size_t, std::size_t>> highlights(const std::string& text, const Xapian::Database& in) {
    const auto rewritten = rewriter.rewrite(text);
    const Xapian::Query query = builder.build(rewritten, {searcher::MatchMode::any, std::nullopt, std::nullopt}, in);
    const auto snippets =
        searcher::make_snippets(text, searcher::collect_highlight_terms(query, rewritten), analyzer, {1, 1000});
    return snippets.empty() ? std::vector<std::pair<std::size_t, std::size_t>>() : snippets.front().highlights;
  }
};

TEST_P(DifferingStemsParityTest, QueryAsksForTheIndexedTermsFindsAndHighlightsAlike) {
  const std::string& text = GetParam();
  std::set<std::string> indexed;
  Xapian::WritableDatabase differing(std::string(), Xapian::DB_BACKEND_INMEMORY);
  differing.add_document(document(analyzer, text, true, indexed));
  std::set<std::string> every_stem;
  db.add_document(document(analyzer, text, false, every_stem));

  const auto rewritten = rewriter.rewrite(text);
  const Xapian::Query query =
      builder.build(rewritten, {searcher::MatchMode::any, std::nullopt, std::nullopt}, differing);
  const auto queried = query_terms(query);
  ASSERT_FALSE(queried.empty()) << text;
  for (const auto& term : queried) {
    EXPECT_TRUE(indexed.count(term)) << "query term '" << term << "' of \"" << text
                                     << "\" is not an index term of the same text";
  }
  // Every non-stop word is asked for: its term, or a stem term the index holds.
  const auto& stop = searcher::english_stop_words();
  for (const Token& token : analyzer.tokenize(text)) {
    if (std::find(stop.begin(), stop.end(), token.term) != stop.end()) continue;
    const std::string stem = analyzer.stem(token);
    const bool asked = queried.count(token.term) || (!stem.empty() && queried.count("Z" + stem)) ||
                       (!stem.empty() && queried.count(stem));
    EXPECT_TRUE(asked) << "word '" << token.term << "' of \"" << text << "\" is lost by the query path";
  }
  Xapian::Enquire enquire(differing);
  enquire.set_query(query);
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 1U) << text;
  EXPECT_EQ(highlights(text, differing), highlights(text, db)) << text;
}

INSTANTIATE_TEST_SUITE_P(Strings, DifferingStemsParityTest, ::testing::ValuesIn(parity_strings()));

/// #13.3: every substring of a CJK text of 2 to 6 characters, as a query:
/// its bigram terms are index terms of the text (so it finds the text), and
/// the snippet highlights exactly its characters where it occurs.
TEST(CjkFragmentParity, EveryFragmentIsFoundAndHighlightedExactly) {
  const TextAnalyzer analyzer("english");
  const searcher::QueryRewriter rewriter(analyzer);
  const searcher::QueryBuilder builder("english");
  const Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::string text = "新华社北京电中国人民银行今天宣布下调存款准备金率";
  const auto indexed = index_terms(analyzer, text);
  std::vector<std::size_t> starts;  // byte offset of each character
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  for (std::size_t first = 0; first + 2 < starts.size(); ++first) {
    for (std::size_t length = 2; length <= 6 && first + length < starts.size(); ++length) {
      const std::string fragment = text.substr(starts[first], starts[first + length] - starts[first]);
      const auto rewritten = rewriter.rewrite(fragment);
      const Xapian::Query query = builder.build(rewritten, {searcher::MatchMode::natural, std::nullopt, std::nullopt}, db);
      std::size_t bigrams = 0;
      for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        if (!(*it).starts_with(schema::k_prefix_bigram)) continue;
        ++bigrams;
        EXPECT_TRUE(indexed.count(*it)) << "bigram '" << *it << "' of '" << fragment << "' is not indexed";
      }
      EXPECT_EQ(bigrams, length - 1) << fragment;
      const auto highlight = searcher::collect_highlight_terms(query, rewritten);
      const auto snippets = searcher::make_snippets(text, highlight, analyzer, {1, 1000});
      ASSERT_EQ(snippets.size(), 1U);
      ASSERT_EQ(snippets.front().highlights.size(), 1U) << fragment;
      const auto [begin, end] = snippets.front().highlights.front();
      EXPECT_EQ(snippets.front().text.substr(begin, end - begin), fragment);
      EXPECT_EQ(begin, starts[first]) << fragment;
    }
  }
}
/// Session 16: every substring of 13 to 20 characters of a CJK text, a long
/// group read graded (each of its bigrams, the exact reading a boost): every
/// term it asks for is an index term of the text, it finds the text in
/// every mode, and the snippet highlights exactly its characters (the
/// text's bigrams are all different, so each of the query's occurs there
/// only).
TEST(CjkFragmentParity, LongGroupsAreFoundAndHighlightedExactly) {
  const TextAnalyzer analyzer("english");
  const searcher::QueryRewriter rewriter(analyzer);
  const searcher::QueryBuilder builder("english");
  const std::string text = "新华社北京电中国人民银行今天宣布下调存款准备金率";
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  std::vector<IndexTerm> terms;
  TermOptions options;
  Xapian::termpos bigram_position = 1;
  options.bigram_position = &bigram_position;
  (void)generate_terms(analyzer, text, options, terms);
  add_terms(doc, terms);
  db.add_document(doc);
  const auto indexed = index_terms(analyzer, text);
  std::vector<std::size_t> starts;  // byte offset of each character
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  for (std::size_t first = 0; first + 13 < starts.size(); ++first) {
    for (std::size_t length = 13; length <= 20 && first + length < starts.size(); ++length) {
      const std::string fragment = text.substr(starts[first], starts[first + length] - starts[first]);
      const auto rewritten = rewriter.rewrite(fragment);
      ASSERT_NE(rewritten.text.find(std::string(searcher::k_term_spec_field) + ":g"), std::string::npos) << fragment;
      for (const auto mode : {searcher::MatchMode::natural, searcher::MatchMode::any, searcher::MatchMode::all}) {
        const Xapian::Query query = builder.build(rewritten, {mode, std::nullopt, std::nullopt}, db);
        for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
          EXPECT_TRUE(!(*it).starts_with("XB") || indexed.count(*it)) << "'" << *it << "' of '" << fragment << "'";
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        EXPECT_EQ(enquire.get_mset(0, 10).size(), 1U) << fragment;
        const auto highlight = searcher::collect_highlight_terms(query, rewritten);
        const auto snippets = searcher::make_snippets(text, highlight, analyzer, {1, 1000});
        ASSERT_EQ(snippets.size(), 1U);
        ASSERT_EQ(snippets.front().highlights.size(), 1U) << fragment;
        const auto [begin, end] = snippets.front().highlights.front();
        EXPECT_EQ(snippets.front().text.substr(begin, end - begin), fragment);
      }
    }
  }
}

/// #13.3: every fragment of 2 to 8 characters of a text with punctuation and
/// numbers written against runs, as a query on a database holding the text
/// (with edge and join terms): every XBI, XBF, XBL, XBN and XBP term it asks
/// for is an index term of the text, and a fragment read as bigrams, edges
/// and joins finds it.
TEST(CjkFragmentParity, FragmentsAcrossPunctuationAskForIndexTermsOnly) {
  const TextAnalyzer analyzer("english");
  const searcher::QueryRewriter rewriter(analyzer);
  const searcher::QueryBuilder builder("english");
  const std::string text = "国际油价优惠。中方表示欢迎，各国代表2379人出席，病例1102例";
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  std::vector<IndexTerm> terms;
  TermOptions options;
  Xapian::termpos bigram_position = 1;
  options.bigram_position = &bigram_position;
  (void)generate_terms(analyzer, text, options, terms);
  add_terms(doc, terms);
  doc.add_boolean_term(std::string(schema::k_term_cjk_edges));
  doc.add_boolean_term(std::string(schema::k_term_cjk_joins));
  db.add_document(doc);
  const auto indexed = index_terms(analyzer, text);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  std::size_t edge_terms = 0;
  std::size_t join_terms = 0;
  for (std::size_t first = 0; first + 2 < starts.size(); ++first) {
    for (std::size_t length = 2; length <= 8 && first + length < starts.size(); ++length) {
      const std::string fragment = text.substr(starts[first], starts[first + length] - starts[first]);
      if (analyzer.tokenize(fragment).empty()) continue;
      const auto rewritten = rewriter.rewrite(fragment);
      const Xapian::Query query = builder.build(rewritten, {searcher::MatchMode::natural, std::nullopt, std::nullopt}, db);
      bool read_as_fragment = false;
      for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::string& term = *it;
        if (term.starts_with(schema::k_prefix_run_first) || term.starts_with(schema::k_prefix_run_last)) ++edge_terms;
        if (term.starts_with(schema::k_prefix_join_after) || term.starts_with(schema::k_prefix_join_before)) {
          ++join_terms;
        }
        if (term.starts_with("XB")) {
          read_as_fragment = true;
          EXPECT_TRUE(indexed.count(term)) << "'" << term << "' of '" << fragment << "'";
        }
      }
      // Without a bigram reading ("379人": a number cut at an edge, "惠。":
      // one character) only the words are asked for, which are cut.
      if (!read_as_fragment) continue;
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      EXPECT_EQ(enquire.get_mset(0, 10).size(), 1U) << fragment;
    }
  }
  EXPECT_GT(edge_terms, 0U);  // the test exercises edge parts
  EXPECT_GT(join_terms, 0U);  // and join parts
}

INSTANTIATE_TEST_SUITE_P(QuerySide, ParityTest, ::testing::ValuesIn(query_side_strings()));

/// Text with terminal escape sequences and control characters, as pasted from
/// a terminal or found in articles. The indexer cleans article text with
/// separate_control_chars before analysis (indexer/file_reader), so a query
/// holding the same bytes must ask for the same terms (#9.3, #9.5): a sequence
/// that the index removes whole must not split the query's word, and one that
/// the index reads as a sequence must not be read as a separator.
const std::vector<std::string>& control_strings() {
  static const std::vector<std::string> strings = {
      "central\x1b" "bank rates",          // ESC + one byte is a two-byte escape
      "zeta\x1b(Btheta iota",              // charset designation ESC ( B
      "red\x1b[1mwine harvest",            // CSI SGR inside a word
      "iota\xC2\x9B" "1mkappa lambda",     // 8-bit CSI U+009B
      "oil\x1b]0;title\x07gas prices",     // OSC ended by BEL
      "weird\x7fstuff and\x01more",        // lone controls separate words
      "alpha\x1b[ beta gamma",             // CSI with a space is not a sequence
  };
  return strings;
}

class ControlParityTest : public ParityTest {};

TEST_P(ControlParityTest, QueryWithControlsAsksForTheIndexedTerms) {
  const std::string& raw = GetParam();
  const std::string cleaned = separate_control_chars(raw).text;
  const auto indexed = index_terms(analyzer, cleaned);
  const auto queried = query_terms(build(raw));
  ASSERT_FALSE(queried.empty()) << raw;
  for (const auto& term : queried) {
    EXPECT_TRUE(indexed.count(term)) << "query term '" << term << "' is not an index term of the same text";
  }
  const auto& stop = searcher::english_stop_words();
  for (const Token& token : analyzer.tokenize(cleaned)) {
    if (std::find(stop.begin(), stop.end(), token.term) != stop.end()) continue;
    const std::string stem = analyzer.stem(token);
    const bool asked = queried.count(token.term) || (!stem.empty() && queried.count("Z" + stem));
    EXPECT_TRUE(asked) << "indexed word '" << token.term << "' is not asked for by the same query text";
  }
}

INSTANTIATE_TEST_SUITE_P(Controls, ControlParityTest, ::testing::ValuesIn(control_strings()));

} // namespace
} // namespace dateline
