/** @file spelling_test.cpp
 *  @brief The spelling-target rule: at least two documents, collection frequency,
 *  the same table whether built batch by batch or in one go.
 */
#include "indexer/spelling.hpp"

#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>

namespace dateline::indexer {
namespace {

using Words = std::vector<std::pair<std::string, Xapian::termcount>>;

std::map<std::string, Xapian::doccount> spelling_table(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> out;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out[*it] = it.get_termfreq();
  return out;
}

Xapian::Document document_with(const Words& words) {
  Xapian::Document doc;
  Xapian::termpos pos = 1;
  for (const auto& [word, wdf] : words) {
    for (Xapian::termcount i = 0; i < wdf; ++i) doc.add_posting(word, pos++);
  }
  return doc;
}

class SpellingTest : public ::testing::Test {
protected:
  Xapian::WritableDatabase open(const std::string& name) {
    return Xapian::WritableDatabase((m_dir.path() / name).string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  }
  /// Adds @p docs as one batch, the way the writer does before a commit.
  static void add_batch(Xapian::WritableDatabase& db, const std::vector<Words>& docs,
                        KnownSpellingTargets* known = nullptr) {
    SpellingCounts batch;
    for (const Words& words : docs) {
      db.add_document(document_with(words));
      add_document_spelling(batch, words);
    }
    write_batch_spelling(db, batch, known);
    db.commit();
  }
  test::TempDir m_dir;
};

TEST_F(SpellingTest, CountsDocumentsAndOccurrences) {
  SpellingCounts counts;
  add_document_spelling(counts, {{"flood", 2}, {"river", 1}});
  add_document_spelling(counts, {{"flood", 3}});
  EXPECT_EQ(counts["flood"].documents, 2U);
  EXPECT_EQ(counts["flood"].occurrences, 5U);
  EXPECT_EQ(counts["river"].documents, 1U);
}

TEST_F(SpellingTest, AWordInOneDocumentIsNotATarget) {
  auto db = open("db");
  add_batch(db, {{{"flood", 2}, {"zyxtypo", 1}}, {{"flood", 1}}});
  const auto table = spelling_table(db);
  EXPECT_EQ(table.count("zyxtypo"), 0U);
  ASSERT_EQ(table.count("flood"), 1U);
  EXPECT_EQ(table.at("flood"), 3U) << "collection frequency";
}

TEST_F(SpellingTest, AWordReachingTheThresholdLaterEntersWithItsWholeFrequency) {
  auto db = open("db");
  add_batch(db, {{{"valley", 2}}});
  EXPECT_EQ(spelling_table(db).count("valley"), 0U);
  add_batch(db, {{{"valley", 1}}});
  EXPECT_EQ(spelling_table(db).at("valley"), 3U);
  add_batch(db, {{{"valley", 4}}, {{"other", 1}}});
  EXPECT_EQ(spelling_table(db).at("valley"), 7U);
}

TEST_F(SpellingTest, AKnownTargetIsNotLookedUpAgain) {
  auto db = open("db");
  KnownSpellingTargets known;
  add_batch(db, {{{"valley", 2}}, {{"valley", 1}, {"lone", 1}}}, &known);
  EXPECT_EQ(known.lookups, 2U);
  EXPECT_EQ(known.words.count("valley"), 1U);
  EXPECT_EQ(known.words.count("lone"), 0U);
  add_batch(db, {{{"valley", 4}}}, &known);
  EXPECT_EQ(known.lookups, 2U) << "valley is a target already: no get_termfreq (#15.5)";
  EXPECT_EQ(spelling_table(db).at("valley"), 7U);
  add_batch(db, {{{"lone", 2}}}, &known);
  EXPECT_EQ(known.lookups, 3U) << "a word under the threshold is looked up";
  EXPECT_EQ(spelling_table(db).at("lone"), 3U);
}

class SpellingBatches : public SpellingTest, public ::testing::WithParamInterface<bool> {};

TEST_P(SpellingBatches, BatchByBatchEqualsAllAtOnce) {
  const std::vector<Words> docs = {
      {{"flood", 1}, {"river", 2}}, {{"river", 1}, {"alone", 1}}, {{"flood", 3}},
      {{"budget", 1}},              {{"budget", 2}, {"river", 1}}, {{"late", 1}}, {{"late", 1}, {"flood", 1}}};
  auto batched = open("batched");
  KnownSpellingTargets known;
  for (std::size_t i = 0; i < docs.size(); i += 2) {
    std::vector<Words> batch(docs.begin() + static_cast<std::ptrdiff_t>(i),
                             docs.begin() + static_cast<std::ptrdiff_t>(std::min(i + 2, docs.size())));
    add_batch(batched, batch, GetParam() ? &known : nullptr);
  }
  auto whole = open("whole");
  SpellingCounts all;
  for (const Words& words : docs) add_document_spelling(all, words);
  write_all_spelling(whole, all);
  whole.commit();
  EXPECT_EQ(spelling_table(batched), spelling_table(whole));
  EXPECT_EQ(spelling_table(whole),
            (std::map<std::string, Xapian::doccount>{{"budget", 3}, {"flood", 5}, {"late", 2}, {"river", 4}}));
}

INSTANTIATE_TEST_SUITE_P(KnownTargets, SpellingBatches, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& row) { return row.param ? "Remembered" : "LookedUp"; });

} // namespace
} // namespace dateline::indexer
