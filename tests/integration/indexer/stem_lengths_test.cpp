/** @file stem_lengths_test.cpp
 *  @brief Session 15 (#15.2, #15.5): a database written with
 *  `dateline-index --stem-terms differing` gives every document the length
 *  (the sum of its terms' wdf, which BM25 reads) that `--stem-terms all`
 *  gives it: the marker schema::k_term_stems_differ carries the wdf of the
 *  stem terms left out. First builds (single writer and parallel shards) and
 *  an incremental run alike.
 */
#include "tests/integration/indexer/index_helpers.hpp"

#include "common/schema.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// Each document's length, by its Q term (the same files give the same Q terms).
std::map<std::string, Xapian::termcount> lengths(const Xapian::Database& db) {
  std::map<std::string, Xapian::termcount> out;
  const std::string prefix(schema::k_prefix_unique);
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    out[*term] = db.get_doclength(*db.postlist_begin(*term));
  }
  return out;
}

/// Each document's BM25 weight for @p term (Xapian's defaults), by its Q term.
std::map<std::string, double> weights(const Xapian::Database& db, const std::string& term) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(term));
  std::map<std::string, double> out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  const std::string prefix(schema::k_prefix_unique);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Xapian::TermIterator q = it.get_document().termlist_begin();
    q.skip_to(prefix);
    out[*q] = it.get_weight();
  }
  return out;
}

class DifferingStemLengths : public ::testing::Test {
protected:
  void SetUp() override {
    // Words that are their own stem (oil, crude, rose, market) in titles
    // and bodies, words that are not (prices, happiness, traders), numbers,
    // CJK runs, repeats, and an article with nothing left out.
    write_article(root() / "2019/05/06/a.txt", "2019-05-06", "Oil prices rose",
                  "Crude oil prices rose sharply; the oil market was quiet. Oil, oil and more oil.");
    write_article(root() / "2019/05/07/b.txt", "2019-05-07", "Happiness index",
                  "Happiness rose among traders: crude jokes, pricing models and 1987 figures.");
    write_article(root() / "2019/05/08/c.txt", "2019-05-08", "北京 market report",
                  "中国人民 oil 2379人 prices; the market rose in 北京.");
    write_article(root() / "2019/05/09/d.txt", "2019-05-09", "Traders happier",
                  "Happiness among traders grew as prices eased.");
  }

  [[nodiscard]] fs::path root() const { return m_dir / "news"; }

  /// A first build of root() into @p name with --stem-terms @p stems and @p extra.
  fs::path build(const std::string& name, const std::string& stems, const std::vector<std::string>& extra) {
    const fs::path db = m_dir / name;
    std::vector<std::string> argv{"--db", db.string(), "--stem-terms", stems};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(root().string());
    const ProcessResult run = run_index(argv);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return db;
  }

  /// EXPECTs the two databases' documents to have the same lengths, and the
  /// same BM25 weights for a stem that is no word.
  static void expect_same_lengths(const fs::path& all_path, const fs::path& differing_path, const std::string& what) {
    const Xapian::Database all = open_db(all_path);
    const Xapian::Database differing = open_db(differing_path);
    ASSERT_EQ(differing.get_termfreq(std::string(schema::k_term_stems_differ)), differing.get_doccount()) << what;
    ASSERT_EQ(all.get_termfreq(std::string(schema::k_term_stems_differ)), 0U) << what;
    ASSERT_LT(differing.get_termfreq("Zoil"), all.get_termfreq("Zoil")) << what << ": stems were left out";
    const auto want = lengths(all);
    ASSERT_EQ(want.size(), all.get_doccount()) << what;
    EXPECT_EQ(lengths(differing), want) << what;
    EXPECT_EQ(differing.get_total_length(), all.get_total_length()) << what;
    // "happiness" stems to "happi", no word: the same term, the same
    // frequency, so with the same lengths the same weights.
    const auto happi = weights(all, "Zhappi");
    ASSERT_EQ(happi.size(), 2U) << what;
    const auto got = weights(differing, "Zhappi");
    ASSERT_EQ(got.size(), happi.size()) << what;
    for (const auto& [q, weight] : happi) EXPECT_DOUBLE_EQ(got.at(q), weight) << what << ": " << q;
    // The marker carries what was left out (every article here leaves out a stem).
    for (auto term = differing.postlist_begin(std::string(schema::k_term_stems_differ));
         term != differing.postlist_end(std::string(schema::k_term_stems_differ)); ++term) {
      EXPECT_GT(term.get_wdf(), 0U) << what;
    }
  }

  TempDir m_dir;
};

TEST_F(DifferingStemLengths, SingleWriterFirstBuild) {
  const fs::path all = build("all.db", "all", {"--jobs", "1", "--shard-threshold", "0"});
  const fs::path differing = build("differing.db", "differing", {"--jobs", "1", "--shard-threshold", "0"});
  expect_same_lengths(all, differing, "single writer");
}

TEST_F(DifferingStemLengths, ParallelFirstBuild) {
  const fs::path all = build("all.db", "all", {"--jobs", "2", "--shard-threshold", "1"});
  const fs::path differing = build("differing.db", "differing", {"--jobs", "2", "--shard-threshold", "1"});
  expect_same_lengths(all, differing, "parallel shards");
}

TEST_F(DifferingStemLengths, IncrementalRunAndEditedArticle) {
  const fs::path all = build("all.db", "all", {"--shard-threshold", "0"});
  const fs::path differing = build("differing.db", "differing", {"--shard-threshold", "0"});
  write_article(root() / "2019/05/10/e.txt", "2019-05-10", "Crude oil", "Oil traders were happier; crude rose.");
  write_article(root() / "2019/05/06/a.txt", "2019-05-06", "Oil prices fell",
                "Crude oil prices fell; oil oil oil. The market was not glad.");
  for (const auto& [db, stems] : {std::pair{all, "all"}, std::pair{differing, "differing"}}) {
    const ProcessResult run = run_index({"--db", db.string(), "--stem-terms", stems, root().string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  expect_same_lengths(all, differing, "incremental");
}

} // namespace
} // namespace dateline::test
