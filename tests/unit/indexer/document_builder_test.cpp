/** @file document_builder_test.cpp
 *  @brief Expected terms, values and data for a small article; the term-length guard.
 */
#include "indexer/document_builder.hpp"

#include "common/near_duplicate.hpp"
#include "common/schema.hpp"
#include "common/term_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace dateline::indexer {
namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    out.insert(*it);
  }
  return out;
}

SourceFile sample_source() {
  SourceFile file;
  file.relative = "2024/07/flood.txt";
  file.root = "/srv/archive";
  file.stat.size = 123;
  file.stat.mtime_ns = 1721980800123456789;
  file.stat.device = 7;
  file.stat.inode = 42;
  file.content_hash = "0123456789abcdef";
  return file;
}

Article sample_article() {
  Article a;
  a.date = Date{2024, 7, 26};
  a.date_source = DateSource::header;
  a.title = "River floods";
  a.body = "Heavy rain flooded the valley.";
  a.source = "Daily News";
  a.author = "Zoë Smith";
  a.topics = {"Weather", "Floods"};
  return a;
}

// #9.10: a date taken from the mtime is marked, so a later --undated change
// finds the documents it must re-analyse.
TEST(DocumentBuilder, DateFromMtimeIsMarked) {
  const TextAnalyzer analyzer("english");
  Article a = sample_article();
  a.date_source = DateSource::mtime;
  const auto terms = terms_of(build_document(analyzer, a, sample_source()).document);
  EXPECT_EQ(terms.count(std::string(schema::k_term_mtime_date)), 1U);
  EXPECT_EQ(terms.count("D20240726"), 1U);
}

// #11.1: the stored signature is near_dup::text_signature of the same
// article (the words the index holds), its bands are boolean terms, and
// the member key names the document; a body without words falls back to
// the title, and a text without words has no signature at all.
TEST(DocumentBuilder, NearDuplicateSignatureAndBands) {
  const TextAnalyzer analyzer("english");
  Article a = sample_article();
  a.body = "Heavy rain flooded the valley on Tuesday, and the river rose above its banks near the old mill.";
  const BuiltDocument built = build_document(analyzer, a, sample_source());
  const auto stored = near_dup::unpack(built.document.get_value(schema::k_slot_signature));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->signature, near_dup::text_signature(analyzer, a.title, a.body));
  EXPECT_EQ(stored->key, near_dup::member_key(built.unique_term));
  const auto terms = terms_of(built.document);
  for (const std::string& band : near_dup::band_terms(stored->signature)) EXPECT_EQ(terms.count(band), 1U) << band;
  EXPECT_EQ(built.document.get_value(schema::k_slot_story), "") << "stories are assigned after the run writes";

  a.body = "... !!!";
  const auto title_only = near_dup::unpack(build_document(analyzer, a, sample_source()).document.get_value(
      schema::k_slot_signature));
  ASSERT_TRUE(title_only.has_value());
  EXPECT_EQ(title_only->signature, near_dup::text_signature(analyzer, "", a.title));
  a.title = "";
  EXPECT_EQ(build_document(analyzer, a, sample_source()).document.get_value(schema::k_slot_signature), "");
}

TEST(DocumentBuilder, TermsValuesAndData) {
  const TextAnalyzer analyzer("english");
  const BuiltDocument built = build_document(analyzer, sample_article(), sample_source());
  const Xapian::Document& doc = built.document;
  const auto terms = terms_of(doc);
  for (const char* expected : {"river", "floods", "heavy", "rain", "flooded", "valley", "Zflood", "Zrain",
                               "Sriver", "Sfloods", "ZSflood", "D20240726", "M202407", "Y2024",
                               "Q/srv/archive/2024/07/flood.txt"}) {
    EXPECT_EQ(terms.count(expected), 1U) << expected;
  }
  EXPECT_EQ(terms.count("XUNDATED"), 0U);
  EXPECT_EQ(terms.count(schema::field_value_term(schema::k_prefix_author, analyzer.normalize("Zoë Smith"))), 1U);
  EXPECT_EQ(terms.count(schema::field_value_term(schema::k_prefix_source, analyzer.normalize("Daily News"))), 1U);
  EXPECT_EQ(terms.count(schema::field_value_term(schema::k_prefix_topic, analyzer.normalize("Weather"))), 1U);
  EXPECT_EQ(terms.count(schema::field_value_term(schema::k_prefix_topic, analyzer.normalize("Floods"))), 1U);
  EXPECT_EQ(built.unique_term, "Q/srv/archive/2024/07/flood.txt");
  EXPECT_EQ(terms.count(std::string(schema::k_term_mtime_date)), 0U);

  // Title words weigh k_title_wdf; body positions start after the title plus the gap.
  auto river = doc.termlist_begin();
  river.skip_to("river");
  ASSERT_EQ(*river, "river");
  EXPECT_EQ(river.get_wdf(), schema::k_title_wdf);
  auto heavy = doc.termlist_begin();
  heavy.skip_to("heavy");
  ASSERT_EQ(*heavy, "heavy");
  const Xapian::termpos heavy_pos = *heavy.positionlist_begin();
  EXPECT_GT(heavy_pos, schema::k_body_position_offset);

  EXPECT_EQ(doc.get_value(schema::k_slot_date), "20240726");
  // #15.5, schema 4: mtime, size and inode in one slot; slots 2 and 3 stay empty.
  const auto state = schema::unpack_file_state(doc.get_value(schema::k_slot_file_state));
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->mtime_ns, 1721980800123456789LL);
  EXPECT_EQ(state->size, 123U);
  EXPECT_EQ(state->inode, schema::pack_inode(7, 42));
  EXPECT_EQ(doc.get_value(2), "");
  EXPECT_EQ(doc.get_value(3), "");
  EXPECT_EQ(schema::unpack_hash(doc.get_value(schema::k_slot_content_hash)), "0123456789abcdef");

  const auto data = schema::DocumentData::parse(doc.get_data());
  EXPECT_EQ(data.path, "2024/07/flood.txt");
  EXPECT_EQ(data.root, "/srv/archive");
  EXPECT_EQ(data.date, "2024-07-26") << "shown from the document data; sorted and filtered on its slot";
  EXPECT_EQ(data.title, "River floods");
  EXPECT_EQ(data.author, "Zoë Smith");
  EXPECT_EQ(data.topics, "Weather,Floods");
  EXPECT_EQ(data.text, "Heavy rain flooded the valley.");

  // Spelling words: distinct Latin words of title and body, sorted, with
  // their collection frequency (title words count k_title_wdf); no prefixed
  // term (S, Z, Q, D, XUNDATED ...) and no number.
  const std::vector<std::pair<std::string, Xapian::termcount>> expected_spelling{
      {"flooded", 1}, {"floods", schema::k_title_wdf}, {"heavy", 1}, {"rain", 1},
      {"river", schema::k_title_wdf}, {"the", 1}, {"valley", 1}};
  EXPECT_EQ(built.spelling, expected_spelling);
  EXPECT_EQ(built.terms_dropped, 0U);
}

// #15.5: the title is analysed once; its S and ZS terms (title: and its
// phrases) are still exactly those of an S pass of their own over the title
// (prefix S, positions from 1, wdf 1), with their positions, next to the
// unprefixed title terms (wdf 3): titles with stems, CJK, words at and over
// the analyzer's 64-byte limit, a title of only punctuation.
TEST(DocumentBuilder, TitleTermsUnderSAreThoseOfAnSPass) {
  const TextAnalyzer analyzer("english");
  struct Row {
    const char* name;
    std::string title;
  };
  for (const Row& row : {Row{"plain", "River floods: the valley flooded again"},
                         Row{"cjk", "北京 floods 中国人民银行"},
                         Row{"long words", "before " + std::string(64, 'w') + " after " + std::string(65, 'v') + " end"},
                         Row{"punctuation", "... !!!"}}) {
    Article a = sample_article();
    a.title = row.title;
    const Xapian::Document doc = build_document(analyzer, a, sample_source()).document;
    // What the document holds under S and ZS, with wdf and positions.
    std::map<std::string, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>> got;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      const std::string term = *it;
      if (!term.starts_with("S") && !term.starts_with("ZS")) continue;
      got[term] = {it.get_wdf(), {it.positionlist_begin(), it.positionlist_end()}};
    }
    // An S pass of its own.
    std::map<std::string, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>> expected;
    TermOptions s_options;
    s_options.prefix = schema::k_prefix_title;
    std::vector<IndexTerm> s_terms;
    (void)generate_terms(analyzer, a.title, s_options, s_terms);
    for (const IndexTerm& t : s_terms) {
      auto& [wdf, positions] = expected[t.term];
      wdf += t.wdf;
      if (t.position != 0) positions.push_back(t.position);
    }
    for (auto& entry : expected) std::sort(entry.second.second.begin(), entry.second.second.end());
    EXPECT_EQ(got, expected) << row.name;
    if (row.title == "... !!!") {
      EXPECT_TRUE(got.empty());
    }
  }
}

// #13.1 (session 12): a title derived from the text (corpus/README.md §1.3
// rule 3) is shown, but is not a headline: its words are indexed as the
// body's (which holds them) and nothing more: no S/ZS terms, no title wdf,
// no title positions. A real headline (rules 1 and 2) keeps all three. The
// document data keeps the title and says which it is.
TEST(DocumentBuilder, DerivedTitleIsBodyTextOnly) {
  const TextAnalyzer analyzer("english");
  struct Row {
    const char* name;
    std::string title;
    std::string body;
    bool derived;
    // Expected, for the word "floods": wdf of the unprefixed term, whether
    // Sfloods and ZSflood exist, and the data's title_derived.
    Xapian::termcount floods_wdf;
    bool title_terms;
  };
  for (const Row& row : {
           Row{"headline", "River floods", "Heavy rain flooded the valley.", false, schema::k_title_wdf, true},
           Row{"headline repeated in the body", "River floods", "River floods. Heavy rain flooded the valley.",
               false, schema::k_title_wdf + 1, true},
           Row{"derived title", "River floods", "River floods. Heavy rain flooded the valley.", true, 1, false},
           Row{"derived CJK title", "北京 floods 中国人民银行", "北京 floods 中国人民银行 and more text", true, 1,
               false},
       }) {
    Article a = sample_article();
    a.title = row.title;
    a.body = row.body;
    a.title_derived = row.derived;
    const BuiltDocument built = build_document(analyzer, a, sample_source());
    const Xapian::Document& doc = built.document;
    const auto terms = terms_of(doc);
    auto floods = doc.termlist_begin();
    floods.skip_to("floods");
    ASSERT_EQ(*floods, "floods") << row.name;
    EXPECT_EQ(floods.get_wdf(), row.floods_wdf) << row.name;
    EXPECT_EQ(terms.count("Sfloods"), row.title_terms ? 1U : 0U) << row.name;
    EXPECT_EQ(terms.count("ZSflood"), row.title_terms ? 1U : 0U) << row.name;
    const bool any_title_term = std::any_of(terms.begin(), terms.end(), [](const std::string& t) {
      return t.starts_with("S") || t.starts_with("ZS");
    });
    EXPECT_EQ(any_title_term, row.title_terms) << row.name;
    if (row.derived) {
      // Exactly the terms, wdf and positions of the body alone: the same
      // document as one whose title is empty.
      Article body_only = a;
      body_only.title.clear();
      body_only.title_derived = false;
      const Xapian::Document plain = build_document(analyzer, body_only, sample_source()).document;
      std::map<std::string, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>> got;
      std::map<std::string, std::pair<Xapian::termcount, std::vector<Xapian::termpos>>> expected;
      for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        got[*it] = {it.get_wdf(), {it.positionlist_begin(), it.positionlist_end()}};
      }
      for (auto it = plain.termlist_begin(); it != plain.termlist_end(); ++it) {
        expected[*it] = {it.get_wdf(), {it.positionlist_begin(), it.positionlist_end()}};
      }
      EXPECT_EQ(got, expected) << row.name;
      // Spelling counts the words once (as body words).
      for (const auto& [word, wdf] : built.spelling) {
        if (word == "floods") {
          EXPECT_EQ(wdf, 1U) << row.name;
        }
      }
    }
    const auto data = schema::DocumentData::parse(doc.get_data());
    EXPECT_EQ(data.title, row.title) << row.name << ": the displayed title is unchanged";
    EXPECT_EQ(data.title_derived, row.derived) << row.name;
    EXPECT_EQ(doc.get_data().find("title_derived=") != std::string::npos, row.derived)
        << row.name << ": only a derived title adds the line";
  }
}

TEST(DocumentBuilder, UndatedGetsMarkerTermAndNoDateValue) {
  const TextAnalyzer analyzer("english");
  Article a = sample_article();
  a.date.reset();
  const BuiltDocument built = build_document(analyzer, a, sample_source());
  const auto terms = terms_of(built.document);
  EXPECT_EQ(terms.count("XUNDATED"), 1U);
  EXPECT_TRUE(built.document.get_value(schema::k_slot_date).empty());
  EXPECT_EQ(built.document.get_data().find("date="), std::string::npos) << "an empty value is left out";
  for (const auto& t : terms) {
    EXPECT_NE(t.front(), 'D') << t;
  }
}

// #13.3: every document says it was written with CJK run-edge terms (also
// one without CJK), so the searcher can tell a database where all have them.
TEST(DocumentBuilder, CjkEdgeTermsAndTheirMarker) {
  const TextAnalyzer analyzer("english");
  const auto english = terms_of(build_document(analyzer, sample_article(), sample_source()).document);
  EXPECT_EQ(english.count("XCJKEDGES"), 1U);
  Article a = sample_article();
  a.title = "优惠政策";
  a.body = "今天，中方表示。";
  const auto chinese = terms_of(build_document(analyzer, a, sample_source()).document);
  EXPECT_EQ(chinese.count("XCJKEDGES"), 1U);
  for (const char* term : {"XBF优", "XBL策", "XBF今", "XBL天", "XBF中", "XBL示"}) {
    EXPECT_EQ(chinese.count(term), 1U) << term;
  }
}

TEST(DocumentBuilder, NoTermOverXapiansLimitEvenForHugeWordsAndPaths) {
  const TextAnalyzer analyzer("english");
  Article a = sample_article();
  a.title = std::string(10000, 't');
  a.body = "before " + std::string(100000, 'w') + " after";
  a.author = std::string(500, 'a');
  a.topics = {std::string(400, 'x') + " " + std::string(400, 'y')};
  SourceFile file = sample_source();
  file.relative = std::string(300, 'p') + "/" + std::string(200, 'q') + ".txt";
  const BuiltDocument built = build_document(analyzer, a, file);
  std::size_t longest = 0;
  for (const auto& t : terms_of(built.document)) {
    longest = std::max(longest, t.size());
  }
  EXPECT_LE(longest, schema::k_xapian_max_term_bytes);
  const auto terms = terms_of(built.document);
  EXPECT_EQ(terms.count("before"), 1U);
  EXPECT_EQ(terms.count("after"), 1U);
  EXPECT_LE(built.unique_term.size(), schema::k_max_unique_term_bytes);

  // And Xapian accepts it.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  EXPECT_NO_THROW(db.add_document(built.document));
}

TEST(DocumentBuilder, SpellingWordTable) {
  struct Case {
    const char* term;
    bool spelling;
  };
  for (const Case c : {Case{"flood", true}, Case{"don't", true}, Case{"façade", true}, Case{"a", false},
                       Case{"1987", false}, Case{"g7", false}, Case{"北京", false}, Case{"''", false},
                       Case{"straße", true}}) {
    EXPECT_EQ(is_spelling_word(c.term), c.spelling) << c.term;
  }
}

TEST(DocumentBuilder, FileValuesCanBeRewritten) {
  Xapian::Document doc;
  FileStat stat;
  stat.size = 5;
  stat.mtime_ns = -1;
  stat.device = 1;
  stat.inode = 2;
  set_file_values(doc, stat, "ffffffffffffffff");
  const auto state = schema::unpack_file_state(doc.get_value(schema::k_slot_file_state));
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->mtime_ns, -1);
  EXPECT_EQ(state->size, 5U);
  EXPECT_EQ(state->inode, schema::pack_inode(1, 2));
  EXPECT_EQ(doc.values_count(), 2U) << "the file state and the content hash";
  EXPECT_EQ(schema::unpack_hash(doc.get_value(schema::k_slot_content_hash)), "ffffffffffffffff");
}

// Issue 14, item 8: a 16 MB article of 2.47M distinct words cost 2.48 GB and
// 45 s to index. Indexing stops at k_max_document_words distinct words: the
// document's terms are bounded, words before the cap are there, after it not.
TEST(DocumentBuilder, DistinctWordsAreCappedPerDocument) {
  const TextAnalyzer analyzer("none");  // no stems: one term per word
  Article article = sample_article();
  article.title = "Word list";
  article.body.clear();
  const std::size_t words = k_max_document_words + 20000;
  for (std::size_t i = 0; i < words; ++i) article.body += "w" + std::to_string(i) + (i % 16 == 15 ? "\n" : " ");
  const BuiltDocument built = build_document(analyzer, article, sample_source());
  const Xapian::Document& doc = built.document;
  EXPECT_TRUE(built.truncated);
  // title words + capped body words + S title terms + Q/D/M/Y/field terms
  // + the CJK edge and join markers (#13.3) + the headline-titles marker (#13.1).
  EXPECT_LE(doc.termlist_count(), k_max_document_words + 23);
  const auto has = [&](const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term;
  };
  EXPECT_TRUE(has("w0"));
  EXPECT_TRUE(has("w" + std::to_string(k_max_document_words - 3)));  // 2 title words came first
  EXPECT_FALSE(has("w" + std::to_string(k_max_document_words + 100)));
  EXPECT_FALSE(has("w" + std::to_string(words - 1)));
  // The stored text is whole.
  EXPECT_EQ(schema::DocumentData::parse(doc.get_data()).text, article.body);
  // Repeating words is not new words: a long article of few words is whole.
  Article repeated = sample_article();
  for (int i = 0; i < 200000; ++i) repeated.body += " zz";
  repeated.body += " last";
  const BuiltDocument whole = build_document(analyzer, repeated, sample_source());
  EXPECT_FALSE(whole.truncated);
  auto last = whole.document.termlist_begin();
  last.skip_to("last");
  EXPECT_EQ(*last, "last");
}

} // namespace
} // namespace dateline::indexer
