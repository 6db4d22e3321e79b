/** @file first_pass_test.cpp
 *  @brief Feedback's first pass (#15.2): for one term, the best articles
 *  found among those whose wdf can reach them are Enquire's best, with the
 *  same weights, order and counts; anything else runs the whole match.
 */
#include "searcher/first_pass.hpp"

#include "searcher/searcher.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>

namespace dateline::searcher {
namespace {

/// @p articles articles holding "Zbank": wdf and length from @p shape, then
/// eight times as many short ones without it (a term held by more than an
/// eighth of the archive runs the whole match).
template <typename Shape>
Xapian::WritableDatabase archive(int articles, Shape shape) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int n = 0; n < 9 * articles; ++n) {
    Xapian::Document doc;
    Xapian::termcount wdf = 0;
    int length = 12;
    if (n < articles) std::tie(wdf, length) = shape(n);
    if (wdf > 0) doc.add_term("Zbank", wdf);
    for (int i = static_cast<int>(wdf); i < length; ++i) doc.add_term("Zw" + std::to_string((n * 7 + i) % 997), 1);
    db.add_document(doc);
  }
  db.commit();
  return db;
}

/// A news-like spread: mostly once, some twice or three times, a few more,
/// lengths 20-79.
std::pair<Xapian::termcount, int> newsy(int n) {
  const Xapian::termcount wdf = n % 97 == 0 ? 6 + n % 5 : n % 13 == 0 ? 4 : n % 5 == 0 ? 2 + n % 2 : 1;
  return {wdf, 20 + (n * 37) % 60};
}

struct Compared {
  FirstPass got;
  Xapian::MSet want;
};

Compared compare(const Xapian::Database& db, const Xapian::Query& query, const Bm25Parameters& bm25,
                 Xapian::doccount items) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen));
  enquire.set_query(query);
  return {first_pass(db, enquire, items, &bm25), enquire.get_mset(0, items)};
}

void expect_same(const Compared& c, const std::string& what) {
  ASSERT_EQ(c.got.best.size(), c.want.size()) << what;
  for (Xapian::doccount i = 0; i < c.want.size(); ++i) {
    EXPECT_EQ(*c.got.best[i], *c.want[i]) << what << ", rank " << i + 1;
    EXPECT_EQ(c.got.best[i].get_weight(), c.want[i].get_weight()) << what << ", rank " << i + 1;
  }
  EXPECT_EQ(c.got.counts.estimated, c.want.get_matches_estimated()) << what;
  EXPECT_EQ(c.got.counts.lower, c.want.get_matches_lower_bound()) << what;
  EXPECT_EQ(c.got.counts.upper, c.want.get_matches_upper_bound()) << what;
  EXPECT_EQ(c.got.counts.uncollapsed_upper, c.want.get_uncollapsed_matches_upper_bound()) << what;
}

/// The news-like archive, built once.
const Xapian::WritableDatabase& news() {
  static const Xapian::WritableDatabase db = archive(1500, newsy);
  return db;
}

TEST(FirstPass, OneTermIsFoundAmongTheArticlesWhoseWdfCanReachItsBest) {
  const Xapian::WritableDatabase& db = news();
  for (const Xapian::doccount items : {10u, 74u, 164u}) {
    const Compared c = compare(db, Xapian::Query("Zbank"), Bm25Parameters{}, items);
    expect_same(c, std::to_string(items) + " asked for");
    EXPECT_TRUE(c.got.by_wdf) << items << ": every article holding the term was weighed";
    EXPECT_LT(c.got.weighed, 1500u / 2) << items;
    EXPECT_EQ(c.got.counts.upper, 1500u);
  }
}

TEST(FirstPass, FewerArticlesAreWeighedFirstWhereTheyTell) {
  // 100 short articles say it 5 times, 300 twice, the rest once. For the
  // best 74, the wdf that 74 + 74 / 8 articles hold (5) is tried first, and
  // the 74th best of those 100 outweighs any article saying it 4 times:
  // 100 articles weighed, not the 400 that 2 x 74 would take (wdf 2).
  const auto shape = [](int n) {
    if (n < 100) return std::make_pair(Xapian::termcount{5}, 12);
    if (n < 400) return std::make_pair(Xapian::termcount{2}, 12);
    return std::make_pair(Xapian::termcount{1}, 20 + n % 40);
  };
  const Compared c = compare(archive(1500, shape), Xapian::Query("Zbank"), Bm25Parameters{}, 74);
  expect_same(c, "100 articles with wdf 5");
  EXPECT_TRUE(c.got.by_wdf);
  EXPECT_EQ(c.got.weighed, 100u) << "the articles holding the term 5 times, not the 400 holding it at least twice";
}

TEST(FirstPass, MoreArticlesWhereTheFewerCannotTell) {
  // 90 long articles say it 3 times, 200 very short ones twice, the rest
  // once: the 90 are the fewer tried first (at least 83 for the best 74),
  // but a short article saying it twice outweighs them, so that bound fails
  // and the 290 holding it at least twice are weighed (the 74th best of
  // those outweighs any article saying it once).
  const auto shape = [](int n) {
    if (n < 90) return std::make_pair(Xapian::termcount{3}, 900);
    if (n < 290) return std::make_pair(Xapian::termcount{2}, 8);
    return std::make_pair(Xapian::termcount{1}, 20 + n % 40);
  };
  const Compared c = compare(archive(1500, shape), Xapian::Query("Zbank"), Bm25Parameters{}, 74);
  expect_same(c, "long articles with wdf 3, short ones with wdf 2");
  EXPECT_TRUE(c.got.by_wdf);
  EXPECT_EQ(c.got.weighed, 290u) << "the articles holding the term at least twice";
}

TEST(FirstPass, TheWholeMatchWhereTheWdfCannotTell) {
  const Bm25Parameters bm25;
  // Every article holds the term once: nothing to leave out.
  const Compared once = compare(archive(1500, [](int n) { return std::make_pair(Xapian::termcount{1}, 20 + n % 300); }),
                                Xapian::Query("Zbank"), bm25, 74);
  expect_same(once, "wdf 1 everywhere");
  EXPECT_FALSE(once.got.by_wdf);
  EXPECT_EQ(once.got.weighed, 0u);
  // Full length normalisation, the frequent mentions in very long articles:
  // short articles that say it once outweigh them, so the wdf bound fails.
  Bm25Parameters full = bm25;
  full.b = 1.0;
  const Compared longer = compare(
      archive(1500, [](int n) { return n % 3 == 0 ? std::make_pair(Xapian::termcount{5}, 600) : std::make_pair(Xapian::termcount{1}, 8); }),
      Xapian::Query("Zbank"), full, 74);
  expect_same(longer, "b = 1, long articles with high wdf");
  EXPECT_FALSE(longer.got.by_wdf);
  EXPECT_EQ(longer.got.weighed, 500u) << "the short cut must have tried (the articles saying it 5 times)";
  // Two terms: the match as before.
  const Compared two = compare(news(), Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Zbank"), Xapian::Query("Zw3")),
                               bm25, 74);
  expect_same(two, "two terms");
  EXPECT_FALSE(two.got.by_wdf);
  // Without the parameters: no short cut.
  const Xapian::WritableDatabase& db = news();
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("Zbank"));
  EXPECT_FALSE(first_pass(db, enquire, 74, nullptr).by_wdf);
}

} // namespace
} // namespace dateline::searcher
