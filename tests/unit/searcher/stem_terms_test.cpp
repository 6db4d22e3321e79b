/** @file stem_terms_test.cpp
 *  @brief Session 14 (#15.2, #15.5): a database indexed with stem terms only
 *  where a stem differs from its word (dateline-index --stem-terms
 *  differing) answers every query with the same articles as one with every
 *  stem term; a database without the marker is asked exactly what it was
 *  asked before (searcher/stem_terms.hpp).
 */
#include "searcher/stem_terms.hpp"

#include "common/schema.hpp"
#include "common/term_generator.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/query_builder.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/ranking.hpp"

#include <xapian.h>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

struct Article {
  const char* title;
  const char* body;
};

/// Oil and its forms, prices, a word that is its own stem ("crude") and one
/// that is not ("prices" -> "price"), in titles and bodies.
const std::vector<Article>& articles() {
  static const std::vector<Article> list = {
      {"Oil prices rose", "Crude oil prices rose sharply as supply fell."},
      {"Oils and fats", "Vegetable oils traded higher; the crude market was quiet."},
      {"Price of crude", "The price of crude was steady. Traders watched oil."},
      {"Markets", "Shares rose; oiled machines and pricing models were discussed."},
      {"Crude awakening", "A crude joke about prices in the oil business."},
      {"Weather", "Rain fell on the harvest; no oil, no crude, no price."},
  };
  return list;
}

/// The articles as the indexer writes them: title words (wdf 3) also under
/// S, the body after a gap; with @p differing only the stems that differ
/// from their words, and the marker with the wdf they left out. @p which:
/// 0 all as @p differing, 1 the odd-numbered ones only (a database an older
/// indexer wrote part of).
Xapian::WritableDatabase database(bool differing, bool mixed = false) {
  const TextAnalyzer analyzer("english");
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.set_metadata(std::string(schema::k_meta_language), "english");
  std::size_t n = 0;
  for (const Article& article : articles()) {
    const bool marked = differing && (!mixed || n++ % 2 == 1);
    Xapian::Document doc;
    std::vector<IndexTerm> terms;
    const TermSink add = [&terms](std::vector<IndexTerm>& piece) { terms.insert(terms.end(), piece.begin(), piece.end()); };
    TermOptions title;
    title.wdf = schema::k_title_wdf;
    title.stems_only_where_differ = marked;
    title.copy_sink = &add;
    title.copy_prefix = schema::k_prefix_title;
    Xapian::termcount left_out = 0;
    title.left_out_stem_wdf = &left_out;
    const Xapian::termpos after = generate_terms(analyzer, article.title, title, add);
    TermOptions body;
    body.first_position = after + schema::k_body_position_offset;
    body.stems_only_where_differ = marked;
    body.left_out_stem_wdf = &left_out;
    (void)generate_terms(analyzer, article.body, body, add);
    add_terms(doc, terms);
    if (marked) add_stems_differ_marker(doc, left_out);
    db.add_document(doc);
  }
  return db;
}

std::set<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  return {mset.begin(), mset.end()};
}

class StemTermsTest : public ::testing::Test {
protected:
  TextAnalyzer analyzer{"english"};
  QueryRewriter rewriter{analyzer};
  QueryBuilder builder{"english"};

  Xapian::Query build(const std::string& text, const Xapian::Database& db, MatchMode mode = MatchMode::natural) {
    return builder.build(rewriter.rewrite(text), {mode, std::nullopt, std::nullopt}, db);
  }
};

const std::vector<std::string>& queries() {
  static const std::vector<std::string> list = {
      "oil",        "oils",         "oiled",         "crude",          "prices",           "price",
      "pricing",    "rose",         "title:oil",     "title:crude",    "title:prices",     "oil prices",
      "crude -oil", "oil AND rose", "crude OR price", "title:price fell", "\"crude oil\"", "oil NEAR prices",
  };
  return list;
}

TEST_F(StemTermsTest, UnmarkedDatabaseIsAskedExactlyAsBefore) {
  const Xapian::WritableDatabase db = database(false);
  EXPECT_FALSE(stems_only_where_differ(db));
  const StemQueries stems = StemQueries::of(db);
  EXPECT_FALSE(stems.active());
  EXPECT_EQ(stems.word_of("Zoil"), "");
  EXPECT_FALSE(stems.is_own_stem_word("oil"));
  for (const std::string& text : queries()) {
    const Xapian::Query query = build(text, db);
    EXPECT_EQ(query.get_description().find("SYNONYM"), std::string::npos) << text << ": " << query.get_description();
    EXPECT_EQ(stems.rewrite(db, query).get_description(), query.get_description()) << text;
  }
  EXPECT_NE(build("oil", db).get_description().find("Zoil"), std::string::npos);
  const std::vector<std::string> headline = {"ZSoil", "ZScrude"};
  EXPECT_EQ(headline_evidence(headline, 0.5, &db).get_description(), headline_evidence(headline, 0.5).get_description());
}

TEST_F(StemTermsTest, IndexHoldsStemsOnlyWhereTheyDiffer) {
  const Xapian::WritableDatabase all = database(false);
  const Xapian::WritableDatabase differing = database(true);
  EXPECT_GT(all.get_termfreq("Zoil"), 0U);
  EXPECT_EQ(differing.get_termfreq("Zoil"), 2U) << "the articles with 'oils' and 'oiled': 'oil' is its own stem";
  EXPECT_EQ(differing.get_termfreq("ZSoil"), 1U) << "the title 'Oils and fats'";
  EXPECT_EQ(differing.get_termfreq("Zcrude"), 0U);
  EXPECT_EQ(all.get_termfreq("Zprice"), 5U);
  EXPECT_EQ(differing.get_termfreq("Zprice"), 3U) << "'prices' and 'pricing', not 'price'";
  EXPECT_EQ(differing.get_termfreq(std::string(schema::k_term_stems_differ)), differing.get_doccount());
  EXPECT_EQ(differing.get_termfreq("oil"), all.get_termfreq("oil")) << "words are all there";
  EXPECT_TRUE(stems_only_where_differ(differing));
}

TEST_F(StemTermsTest, MarkedAndPartlyMarkedDatabasesFindTheSameArticles) {
  const Xapian::WritableDatabase all = database(false);
  const Xapian::WritableDatabase differing = database(true);
  const Xapian::WritableDatabase mixed = database(true, true);
  for (const MatchMode mode : {MatchMode::natural, MatchMode::all, MatchMode::any}) {
    for (const std::string& text : queries()) {
      const std::set<Xapian::docid> want = matches(all, build(text, all, mode));
      EXPECT_EQ(matches(differing, build(text, differing, mode)), want) << text;
      EXPECT_EQ(matches(mixed, build(text, mixed, mode)), want) << text << " (partly marked)";
    }
  }
  // A stem that is its own word is asked as the synonym of both.
  EXPECT_NE(build("oil", differing).get_description().find("SYNONYM"), std::string::npos)
      << build("oil", differing).get_description();
  // Each is one word for --explain, not a synonym expansion.
  EXPECT_TRUE(synonym_expansions(build("oil prices", differing)).empty());
}

TEST_F(StemTermsTest, HeadlineEvidenceAndTheAllWordsGuardAgree) {
  const Xapian::WritableDatabase all = database(false);
  const Xapian::WritableDatabase differing = database(true);
  const std::vector<std::string> headline = {"ZSoil", "ZScrude", "ZSprice"};
  EXPECT_EQ(matches(differing, headline_evidence(headline, 0.5, &differing)),
            matches(all, headline_evidence(headline, 0.5, &all)));
  for (const char* text : {"oil", "crude oil", "price crude", "oil rose", "oils"}) {
    const RewrittenQuery query = rewriter.rewrite(text);
    for (Xapian::doccount at_least = 1; at_least <= 4; ++at_least) {
      EXPECT_EQ(all_words_in_at_least(differing, query, at_least), all_words_in_at_least(all, query, at_least))
          << text << " in at least " << at_least;
    }
  }
}

// Session 15: a stem term under OP_SCALE_WEIGHT is read as elsewhere, its
// factor kept. No query the parser builds puts one there (its scaled parts
// are boolean filters: "topic:acq -oil" is (0 * XTOPICacq AND_NOT ...)), but
// a caller that scales a parsed query before the rewrite must not lose the
// articles whose word is its own stem.
TEST_F(StemTermsTest, ScaledStemTermsAreRewrittenWithTheirFactor) {
  const Xapian::WritableDatabase all = database(false);
  const Xapian::WritableDatabase differing = database(true);
  const StemQueries stems = StemQueries::of(differing);
  using Q = Xapian::Query;
  for (const double factor : {0.5, 2.5, 1.0 / 3.0}) {
    const Q scaled(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, Q("Zoil"), Q("Zcrude")), factor);
    const Q nested(Q::OP_AND, Q(Q::OP_SCALE_WEIGHT, Q("Zoil"), factor), Q("Zprice"));
    for (const Q& query : {scaled, nested}) {
      const Q rewritten = stems.rewrite(differing, query);
      EXPECT_NE(rewritten.get_description().find("SYNONYM"), std::string::npos) << rewritten.get_description();
      EXPECT_EQ(matches(differing, rewritten), matches(all, query)) << query.get_description();
    }
    // The factor is kept exactly: the scaled query weighs each article
    // factor times what the unscaled one does.
    const Q rewritten = stems.rewrite(differing, scaled);
    ASSERT_EQ(rewritten.get_type(), Q::OP_SCALE_WEIGHT);
    const Q plain = stems.rewrite(differing, scaled.get_subquery(0));
    Xapian::Enquire with(differing);
    with.set_query(rewritten);
    Xapian::Enquire without(differing);
    without.set_query(plain);
    const Xapian::MSet a = with.get_mset(0, differing.get_doccount());
    const Xapian::MSet b = without.get_mset(0, differing.get_doccount());
    ASSERT_EQ(a.size(), b.size());
    ASSERT_GT(a.size(), 0U);
    for (Xapian::doccount i = 0; i < a.size(); ++i) {
      EXPECT_NEAR(a[i].get_weight(), factor * b[i].get_weight(), 1e-12) << factor;
    }
  }
}

TEST_F(StemTermsTest, OwnStemWordsAreWordsOfAStemmedScript) {
  const Xapian::WritableDatabase differing = database(true);
  const StemQueries stems = StemQueries::of(differing);
  EXPECT_TRUE(stems.is_own_stem_word("oil"));
  EXPECT_TRUE(stems.is_own_stem_word("crude"));
  EXPECT_FALSE(stems.is_own_stem_word("prices")) << "its stem is 'price'";
  EXPECT_FALSE(stems.is_own_stem_word("1987")) << "numbers are never stemmed";
  EXPECT_FALSE(stems.is_own_stem_word("中国")) << "nor CJK words";
  EXPECT_FALSE(stems.is_own_stem_word("Soil")) << "a prefixed term";
  EXPECT_EQ(stems.word_of("Zoil"), "oil");
  EXPECT_EQ(stems.word_of("ZSoil"), "Soil");
  EXPECT_EQ(stems.word_of("Zprice"), "price");
  EXPECT_EQ(stems.word_of("oil"), "");
}

} // namespace
} // namespace dateline::searcher
