/** @file window_page_test.cpp
 *  @brief --feedback-window's page (#15.2): matched among the window's
 *  articles alone where no article outside it can reach the page, among the
 *  window and the title matches otherwise; the same page as the whole match
 *  either way.
 */
#include "searcher/window_page.hpp"

#include "common/schema.hpp"
#include "searcher/ranking.hpp"
#include "searcher/query_rewriter.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

/// Adds an article: @p volcano times the query's stem, the feedback stems
/// @p lava times each, @p title_word when its headline says "volcano", and
/// filler words up to @p length terms.
void add(Xapian::WritableDatabase& db, int n, Xapian::termcount volcano, Xapian::termcount lava, bool title_word,
         int length) {
  Xapian::Document doc;
  int used = 0;
  if (volcano > 0) doc.add_term(std::string(schema::k_prefix_stem) + "volcano", volcano);
  used += static_cast<int>(volcano);
  if (lava > 0) {
    doc.add_term(std::string(schema::k_prefix_stem) + "lava", lava);
    doc.add_term(std::string(schema::k_prefix_stem) + "ash", lava);
    used += 2 * static_cast<int>(lava);
  }
  if (title_word) {
    doc.add_term(std::string(schema::k_prefix_title) + "volcano");
    ++used;
  }
  for (int i = used; i < length; ++i) doc.add_term(std::string(schema::k_prefix_stem) + "w" + std::to_string(n % 50) + "x" + std::to_string(i));
  db.add_document(doc);
}

/// 20 articles about the volcano (short, the word and the eruption's words
/// often), 40 that mention it once in a long text, 10 of which say it in
/// their headline, and 1,000 others.
Xapian::WritableDatabase archive() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  int n = 0;
  for (int i = 0; i < 20; ++i) add(db, n++, 4, 2, false, 12 + i);
  for (int i = 0; i < 40; ++i) add(db, n++, 1, 0, i % 4 == 0, 300 + i);
  for (int i = 0; i < 1000; ++i) add(db, n++, 0, 0, false, 20);
  db.commit();
  return db;
}

struct Ranked {
  WindowMatch match;
  Xapian::Enquire enquire;
};

/// The ranked query of "volcano" with feedback over a window of @p window
/// articles and title evidence of @p title_weight, as Searcher builds it.
Ranked ranked(const Xapian::Database& db, std::size_t window, double title_weight) {
  Xapian::Enquire enquire(db);
  const Xapian::BM25Weight weighting(1.2, 0.0, 1.0, 0.2, 0.5);
  enquire.set_weighting_scheme(weighting);
  const Xapian::Query query(std::string(schema::k_prefix_stem) + "volcano");
  enquire.set_query(query);
  RewrittenQuery rewritten;
  rewritten.cleaned = rewritten.text = "volcano";
  QueryWord word;
  word.term = word.stem = "volcano";
  word.end = 7;
  rewritten.words.push_back(word);
  rewritten.word_count = 1;
  FeedbackWindow fed = feedback_window(db, enquire, rewritten, 10, 0.3, 4, window);
  EXPECT_FALSE(fed.window.empty()) << "the window must leave articles out for the test to mean anything";
  const Xapian::Query titled = headline_evidence(title_terms(rewritten, TitleMatch::word), title_weight);
  const Xapian::Query full = with_evidence(with_evidence(query, titled), fed.expansion);
  enquire.set_query(full);
  return Ranked{WindowMatch{full, fed.window, titled, fed.outside_at_most, evidence_at_most(db, titled, weighting),
                            fed.first},
                enquire};
}

/// The page of the whole match, and the page of the short cut before this
/// one (the window and the title matches, always).
MatchPage whole(Xapian::Enquire& enquire, Xapian::doccount offset, Xapian::doccount limit) {
  return whole_page(enquire.get_mset(offset, limit, offset + limit + 1));
}

void expect_same_page(const MatchPage& got, const MatchPage& want, const std::string& what) {
  ASSERT_EQ(got.hits.size(), want.hits.size()) << what;
  for (std::size_t i = 0; i < got.hits.size(); ++i) {
    EXPECT_EQ(*got.hits[i], *want.hits[i]) << what << ", rank " << i + 1;
    EXPECT_DOUBLE_EQ(got.hits[i].get_weight(), want.hits[i].get_weight()) << what << ", rank " << i + 1;
  }
}

TEST(WindowPage, TheWindowAloneWhereNoTitleMatchOutsideCanReachThePage) {
  // The long articles score far below the window's last hit even with their
  // headline's evidence: the page is matched among the window's 20 articles
  // only, not also among the 10 title matches.
  Xapian::WritableDatabase db = archive();
  Ranked r = ranked(db, 20, 0.5);
  ASSERT_GT(r.match.title_at_most, 0.0);
  for (const auto& [offset, limit] : {std::pair<Xapian::doccount, Xapian::doccount>{0, 5}, {5, 5}, {0, 10}}) {
    const std::string what = "offset " + std::to_string(offset) + ", limit " + std::to_string(limit);
    WindowPageCost cost;
    const std::optional<MatchPage> page = window_page(r.enquire, r.match, offset, limit, false, &cost);
    ASSERT_TRUE(page.has_value()) << what;
    EXPECT_TRUE(cost.window_alone) << what;
    EXPECT_FALSE(cost.with_titled) << what << ": the title matches were weighed";
    expect_same_page(*page, whole(r.enquire, offset, limit), what);
    // The counts are the first pass's: every "volcano" article.
    EXPECT_EQ(page->estimated, 60u) << what;
  }
}

TEST(WindowPage, TheTitleMatchesTooWhereOneCouldReachThePage) {
  // Heavy title evidence lifts the long articles with "volcano" in their
  // headline onto the page: the window alone cannot tell, the title
  // matches are weighed too, and the page is still the whole match's.
  Xapian::WritableDatabase db = archive();
  Ranked r = ranked(db, 20, 5.0);
  WindowPageCost cost;
  const std::optional<MatchPage> page = window_page(r.enquire, r.match, 0, 5, false, &cost);
  ASSERT_TRUE(page.has_value());
  EXPECT_TRUE(cost.with_titled);
  const MatchPage want = whole(r.enquire, 0, 5);
  expect_same_page(*page, want, "title weight 5");
  const std::string title_term = std::string(schema::k_prefix_title) + "volcano";
  Xapian::TermIterator term = db.termlist_begin(*want.hits[0]);
  term.skip_to(title_term);
  EXPECT_TRUE(term != db.termlist_end(*want.hits[0]) && *term == title_term)
      << "a title match must reach the page for the test to mean anything";
}

TEST(WindowPage, NoPageWhereTheWindowCannotTell) {
  // A page reaching beyond the window's 20 articles and the 10 title
  // matches (ranks 26-35): it is not full, so the whole match runs.
  Xapian::WritableDatabase db = archive();
  Ranked r = ranked(db, 20, 0.5);
  WindowPageCost cost;
  EXPECT_FALSE(window_page(r.enquire, r.match, 25, 10, false, &cost).has_value());
  EXPECT_TRUE(cost.with_titled);
}

TEST(WindowPage, EvidenceAtMostBoundsEveryArticle) {
  Xapian::WritableDatabase db = archive();
  const Xapian::BM25Weight weighting(1.2, 0.0, 1.0, 0.2, 0.5);
  const Xapian::Query titled = headline_evidence({"Svolcano"}, 0.5);
  const double most = evidence_at_most(db, titled, weighting);
  Xapian::Enquire enquire(db);
  enquire.set_query(titled);
  enquire.set_weighting_scheme(weighting);
  const Xapian::MSet all = enquire.get_mset(0, 100);
  ASSERT_EQ(all.size(), 10u);
  for (auto it = all.begin(); it != all.end(); ++it) EXPECT_LE(it.get_weight(), most);
  EXPECT_EQ(evidence_at_most(db, Xapian::Query(), weighting), 0.0);
}

} // namespace
} // namespace dateline::searcher
