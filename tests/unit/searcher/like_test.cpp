/** @file like_test.cpp
 *  @brief --like (#11.3): which terms may expand (table-driven), which the
 *  expansion picks from a small database, how the given articles are found
 *  and what is excluded.
 */
#include "searcher/like.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/query_builder.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

struct CandidateRow {
  std::string name;
  std::string term;
  bool candidate;
};

class ExpansionCandidateTest : public ::testing::TestWithParam<CandidateRow> {};

TEST_P(ExpansionCandidateTest, Decides) {
  const auto list = english_stop_words();
  const std::vector<std::string_view> stop_words(list.begin(), list.end());
  EXPECT_EQ(is_expansion_candidate(GetParam().term, stop_words), GetParam().candidate) << GetParam().term;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ExpansionCandidateTest,
    ::testing::Values(CandidateRow{"word", "tariff", true}, CandidateRow{"accented_folded", "cafe", true},
                      CandidateRow{"cjk", "中日", true}, CandidateRow{"mixed_digits", "g7", true},
                      CandidateRow{"stop_word", "the", false}, CandidateRow{"stop_word_which", "which", false},
                      CandidateRow{"year", "1987", false}, CandidateRow{"decimal", "3.5", false},
                      CandidateRow{"thousands", "10,000", false}, CandidateRow{"fraction", "1/2", false},
                      CandidateRow{"single_letter", "s", false}, CandidateRow{"stem_prefix", "Ztariff", false},
                      CandidateRow{"title_prefix", "Stariff", false}, CandidateRow{"date_term", "D20240101", false},
                      CandidateRow{"unique_id", "Q/news/a.txt", false}, CandidateRow{"topic", "XTOPICtrade", false},
                      CandidateRow{"empty", "", false}, CandidateRow{"particle_no", "の", false},
                      CandidateRow{"particle_wo", "を", false}, CandidateRow{"auxiliary_shita", "した", false},
                      CandidateRow{"particle_deha", "では", false}, CandidateRow{"hiragana_last", "ゟ", false},
                      CandidateRow{"katakana", "バレル", true}, CandidateRow{"kanji", "輸出", true},
                      CandidateRow{"kanji_and_kana", "狙い", true}, CandidateRow{"small_katakana", "ァ", true},
                      CandidateRow{"chinese_de", "的", false}, CandidateRow{"chinese_women", "我们", false},
                      CandidateRow{"chinese_word", "中国", true}, CandidateRow{"chinese_land", "地", true},
                      CandidateRow{"hangul", "정부", true}),
    test::RowName());

/// In-memory database: per document its unprefixed terms, a Q term and a content hash value.
struct Doc {
  std::string path;
  std::vector<std::string> terms;
  std::string hash;
  std::string story;
};

Xapian::Database make_db(const std::vector<Doc>& docs) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const Doc& doc : docs) {
    Xapian::Document d;
    for (const std::string& term : doc.terms) {
      d.add_term(term);
      d.add_term("Z" + term);
    }
    d.add_term("D20240101");
    d.add_term(schema::unique_term("/", doc.path.substr(1)));
    if (!doc.hash.empty()) d.add_value(schema::k_slot_content_hash, doc.hash);
    if (!doc.story.empty()) d.add_value(k_like_story_slot, doc.story);
    schema::DocumentData data;
    data.root = "/";
    data.path = doc.path.substr(1);
    d.set_data(data.serialize());
    db.add_document(d);
  }
  db.commit();
  return db;
}

std::vector<Doc> harbour_docs() {
  return {
      {"/news/a.txt", {"the", "tariff", "steel", "harbour", "1987", "onlyhere", "s"}, "h1", ""},
      {"/news/b.txt", {"the", "tariff", "steel", "port"}, "h2", ""},
      {"/news/c.txt", {"the", "football", "harbour"}, "h3", ""},
      {"/news/d.txt", {"the", "football", "goal", "1987"}, "h4", ""},
      {"/news/e.txt", {"the", "tariff", "steel", "harbour", "1987", "onlyhere", "s"}, "h1", "story9"},
      {"/news/f.txt", {"the", "rain"}, "h6", "story9"},
  };
}

TEST(LikeTest, ExpansionPicksDistinctiveWordsOnly) {
  const Xapian::Database db = make_db(harbour_docs());
  const std::vector<LikeArticle> given = resolve_like(db, {"/news/b.txt"});
  const std::vector<std::string> terms = like_terms(db, given, "english");
  // b's own words that other articles have; not "the" (a stop word), no Z stems, no D/Q terms.
  EXPECT_EQ(std::set<std::string>(terms.begin(), terms.end()), (std::set<std::string>{"tariff", "steel"}));
  EXPECT_EQ(terms.size(), 2U) << "'port' is in no other article: it cannot find anything";
}

TEST(LikeTest, NumbersAndSingleLettersAreLeftOut) {
  const Xapian::Database db = make_db(harbour_docs());
  const std::vector<std::string> terms = like_terms(db, resolve_like(db, {"/news/a.txt"}), "english");
  EXPECT_TRUE(std::find(terms.begin(), terms.end(), "1987") == terms.end());
  EXPECT_TRUE(std::find(terms.begin(), terms.end(), "s") == terms.end());
  EXPECT_TRUE(std::find(terms.begin(), terms.end(), "tariff") != terms.end());
  // "onlyhere" is shared with e only: still a candidate (one given article, two holders).
  EXPECT_TRUE(std::find(terms.begin(), terms.end(), "onlyhere") != terms.end());
  EXPECT_LE(like_terms(db, resolve_like(db, {"/news/a.txt"}), "english", 1).size(), 1U);
}

TEST(LikeTest, StopWordsOnlyForEnglish) {
  // "the" in 2 of 4 articles: a stop word in English only.
  const Xapian::Database db = make_db({{"/x/1.txt", {"the", "wind"}, "", ""},
                                       {"/x/2.txt", {"the", "sun"}, "", ""},
                                       {"/x/3.txt", {"rain"}, "", ""},
                                       {"/x/4.txt", {"snow"}, "", ""}});
  EXPECT_TRUE(like_terms(db, resolve_like(db, {"/x/1.txt"}), "english").empty());
  EXPECT_EQ(like_terms(db, resolve_like(db, {"/x/1.txt"}), "none"), std::vector<std::string>{"the"});
}

TEST(LikeTest, FunctionWordsAreLeftOutInEnglishOnly) {
  // "will" and "outside" are rare here (2 of 5 articles), as every word is in a
  // small archive; the search keeps "will", --like does not.
  const Xapian::Database db = make_db({{"/x/1.txt", {"will", "outside", "reservoir"}, "", ""},
                                       {"/x/2.txt", {"will", "outside", "cup"}, "", ""},
                                       {"/x/3.txt", {"reservoir", "drought"}, "", ""},
                                       {"/x/4.txt", {"ferry"}, "", ""},
                                       {"/x/5.txt", {"chips"}, "", ""}});
  EXPECT_EQ(like_terms(db, resolve_like(db, {"/x/1.txt"}), "english"), std::vector<std::string>{"reservoir"});
  const std::vector<std::string> none = like_terms(db, resolve_like(db, {"/x/1.txt"}), "none");
  EXPECT_EQ(std::set<std::string>(none.begin(), none.end()), (std::set<std::string>{"will", "outside", "reservoir"}));
  const auto words = like_function_words();
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  EXPECT_TRUE(std::adjacent_find(words.begin(), words.end()) == words.end());
  EXPECT_TRUE(std::binary_search(words.begin(), words.end(), "will"));
  EXPECT_FALSE(std::binary_search(words.begin(), words.end(), "us")) << "also the country";
}

TEST(LikeTest, JapaneseParticlesAndChineseFunctionWordsAreLeftOutInAnyLanguage) {
  // Session 15's finding: --like of a Japanese article searched の, を, は,
  // した, ... and ranked an unrelated Japanese article first on them alone.
  const Xapian::Database db = make_db({{"/x/1.txt", {"の", "を", "した", "半導体", "輸出", "的"}, "", ""},
                                       {"/x/2.txt", {"の", "を", "した", "減産", "的"}, "", ""},
                                       {"/x/3.txt", {"半導体", "規制"}, "", ""},
                                       {"/x/4.txt", {"輸出", "港"}, "", ""},
                                       {"/x/5.txt", {"台風"}, "", ""}});
  for (const char* language : {"english", "none"}) {
    const std::vector<std::string> terms = like_terms(db, resolve_like(db, {"/x/1.txt"}), language);
    EXPECT_EQ(std::set<std::string>(terms.begin(), terms.end()), (std::set<std::string>{"半導体", "輸出"}))
        << language;
  }
  const auto words = like_chinese_function_words();
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  EXPECT_TRUE(std::adjacent_find(words.begin(), words.end()) == words.end());
}

TEST(LikeTest, ResolvesPathsAndDocids) {
  const Xapian::Database db = make_db(harbour_docs());
  const std::vector<LikeArticle> found = resolve_like(db, {"/news/c.txt", "docid:2", "/news//./c.txt/", "docid:3"});
  ASSERT_EQ(found.size(), 2U) << "an article named twice is kept once";
  EXPECT_EQ(found[0].docid, 3U);
  EXPECT_EQ(found[0].path, "/news/c.txt");
  EXPECT_EQ(found[0].unique_term, "Q/news/c.txt");
  EXPECT_EQ(found[1].docid, 2U);
  EXPECT_EQ(found[1].path, "/news/b.txt");
  EXPECT_EQ(found[1].content_hash, "h2");
}

TEST(LikeTest, UnknownArticlesAreUsageErrors) {
  const Xapian::Database db = make_db(harbour_docs());
  for (const char* bad : {"/news/zzz.txt", "docid:99", "docid:0", "docid:x", "docid:", "relative/zzz.txt"}) {
    EXPECT_THROW((void)resolve_like(db, {std::string(bad)}), UsageError) << bad;
  }
  try {
    (void)resolve_like(db, {"/news/zzz.txt"});
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'/news/zzz.txt' is not an article in the database"), std::string::npos)
        << e.what();
  }
}

TEST(LikeTest, ExclusionCoversTheArticleItsCopiesAndItsStory) {
  const Xapian::Database db = make_db(harbour_docs());
  const std::vector<LikeArticle> given = resolve_like(db, {"/news/e.txt"});
  Xapian::Enquire enquire(db);
  enquire.set_query(like_exclusion(given));
  std::vector<Xapian::docid> excluded;
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  for (auto it = mset.begin(); it != mset.end(); ++it) excluded.push_back(*it);
  std::sort(excluded.begin(), excluded.end());
  // e itself, a (same content hash: an exact copy), f (same story id).
  EXPECT_EQ(excluded, (std::vector<Xapian::docid>{1, 5, 6}));
}

} // namespace
} // namespace dateline::searcher
