/** @file story_test.cpp
 *  @brief The "+N similar" dates of a page of hits (#11.1, #15.2): the same
 *  copies as a pass over the story slot, at a cost that does not grow with
 *  the number of grouped documents in the archive.
 */
#include "searcher/story.hpp"

#include "common/near_duplicate.hpp"
#include "common/schema.hpp"
#include "common/text_analyzer.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

/// A text of its own for story @p n: no band shared with another story's.
std::string story_text(int n) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "w" + std::to_string(n) + "x" + std::to_string(i) + " ";
  return text;
}

/// Adds one copy of a story as the indexer stores it: signature value, band
/// terms, date value and (for a story of several copies) the story value.
Xapian::docid add_copy(Xapian::WritableDatabase& db, const near_dup::Signature& signature, const std::string& path,
                       const std::string& date, const std::string& story) {
  Xapian::Document doc;
  doc.add_boolean_term(std::string(schema::k_prefix_unique) + path);
  for (const std::string& band : near_dup::band_terms(signature)) doc.add_boolean_term(band);
  doc.add_value(schema::k_slot_signature, near_dup::pack({near_dup::member_key("Q" + path), signature}));
  doc.add_value(schema::k_slot_date, date);
  if (!story.empty()) doc.add_value(schema::k_slot_story, story);
  return db.add_document(doc);
}

Hit hit(Xapian::docid docid, const std::string& story) {
  Hit out;
  out.docid = docid;
  out.story = story;
  return out;
}

/// The id the indexer gives a story whose copies have @p paths.
std::string story_of_paths(const std::vector<std::string>& paths) {
  std::uint64_t smallest = UINT64_MAX;
  for (const auto& path : paths) smallest = std::min(smallest, near_dup::member_key("Q" + path));
  return near_dup::story_id(smallest);
}

/// An archive of @p stories stories of two copies each (dated a day apart),
/// story 0 with three, plus an article that is its own story.
struct Archive {
  Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
  std::vector<Hit> page;  ///< hits: a copy of story 0, of story 7, and the lone article
};

void fill(Archive& archive, int stories) {
  const TextAnalyzer analyzer("english");
  for (int n = 0; n < stories; ++n) {
    const near_dup::Signature signature = near_dup::text_signature(analyzer, "", story_text(n));
    std::vector<std::string> paths{"/a/" + std::to_string(n) + "-1.txt", "/a/" + std::to_string(n) + "-2.txt"};
    if (n == 0) paths.push_back("/a/0-3.txt");
    const std::string story = story_of_paths(paths);
    for (std::size_t copy = 0; copy < paths.size(); ++copy) {
      const Xapian::docid docid =
          add_copy(archive.db, signature, paths[copy], "198703" + std::to_string(10 + copy), story);
      if ((n == 0 || n == 7) && copy == 1) archive.page.push_back(hit(docid, story));
    }
  }
  const near_dup::Signature lone = near_dup::text_signature(analyzer, "", story_text(stories));
  const Xapian::docid docid = add_copy(archive.db, lone, "/a/lone.txt", "19870301", "");
  archive.page.push_back(hit(docid, story_of_paths({"/a/lone.txt"})));
  archive.db.commit();
}

TEST(DuplicateDates, PageCostDoesNotGrowWithTheGroupedDocuments) {
  for (const int stories : {50, 400}) {
    Archive archive;
    fill(archive, stories);
    std::vector<Hit> expected = archive.page;
    DuplicateDatesCost pass_cost;
    add_duplicate_dates(archive.db, expected, nullptr, /*use_bands=*/false, &pass_cost);
    EXPECT_TRUE(pass_cost.pass);
    EXPECT_EQ(pass_cost.values_read, archive.db.get_value_freq(schema::k_slot_story));

    std::vector<Hit> page = archive.page;
    DuplicateDatesCost cost;
    add_duplicate_dates(archive.db, page, nullptr, /*use_bands=*/true, &cost);
    ASSERT_EQ(page.size(), expected.size());
    for (std::size_t i = 0; i < page.size(); ++i) {
      EXPECT_EQ(page[i].duplicate_dates, expected[i].duplicate_dates) << "hit " << i << " of " << stories;
    }
    EXPECT_EQ(page[0].duplicate_dates, (std::vector<std::string>{"1987-03-10", "1987-03-12"}));
    EXPECT_EQ(page[1].duplicate_dates, (std::vector<std::string>{"1987-03-10"}));
    EXPECT_TRUE(page[2].duplicate_dates.empty());
    // The two stories' five copies (story and signature values) and the
    // lone hit's story value: not the archive's 2 x stories + 1 grouped documents.
    EXPECT_FALSE(cost.pass) << stories;
    EXPECT_LE(cost.values_read, 11U) << stories;
  }
}

TEST(DuplicateDates, ABandSharedByManyDocumentsFallsBackToOnePass) {
  // 300 articles of one text under 300 story values (as a database grouped
  // with a narrow --dup-window may hold): the hit's bands reach them all, more
  // than a pass reads, so the page takes one pass, and the answer is the same.
  Archive archive;
  fill(archive, 20);
  const TextAnalyzer analyzer("english");
  const near_dup::Signature common = near_dup::text_signature(analyzer, "", story_text(1000));
  Hit first;
  for (int i = 0; i < 300; ++i) {
    const std::string path = "/b/" + std::to_string(i) + ".txt";
    const std::string story = story_of_paths({path});
    const Xapian::docid docid = add_copy(archive.db, common, path, "19900101", story);
    if (i == 0) first = hit(docid, story);
  }
  add_copy(archive.db, common, "/b/other.txt", "19900102", first.story);
  archive.db.commit();
  std::vector<Hit> expected{first};
  add_duplicate_dates(archive.db, expected, nullptr, false);
  std::vector<Hit> page{first};
  DuplicateDatesCost cost;
  add_duplicate_dates(archive.db, page, nullptr, true, &cost);
  EXPECT_TRUE(cost.pass);
  EXPECT_EQ(page[0].duplicate_dates, expected[0].duplicate_dates);
  EXPECT_EQ(page[0].duplicate_dates, (std::vector<std::string>{"1990-01-02"}));
}

} // namespace
} // namespace dateline::searcher
