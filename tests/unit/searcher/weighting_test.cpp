/** @file weighting_test.cpp
 *  @brief --weighting (#13.1, session 10) in-process: every model's name,
 *  the Xapian weighting scheme it makes (compared by name and serialised
 *  parameters with one built by hand), parsing and its errors.
 */
#include "searcher/weighting.hpp"

#include "common/error.hpp"
#include "common/option_choices.hpp"
#include "searcher/options.hpp"
#include "searcher/searcher.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

struct ModelRow {
  std::string name;  ///< the test's name and the --weighting value
  WeightingModel model;
  std::function<std::unique_ptr<Xapian::Weight>()> expected;  ///< the scheme built by hand
};

std::ostream& operator<<(std::ostream& out, const ModelRow& row) { return out << row.name; }

class WeightingModelTest : public ::testing::TestWithParam<ModelRow> {};

TEST_P(WeightingModelTest, NameParsesAndMakesItsScheme) {
  const ModelRow& row = GetParam();
  EXPECT_EQ(weighting_name(row.model), row.name);
  EXPECT_EQ(weighting_from_name(row.name), row.model);
  EXPECT_EQ(parse_search_options({"--weighting", row.name, "oil"}).ranking.weighting, row.model);
  Bm25Parameters bm25;
  const std::unique_ptr<Xapian::Weight> made = make_weight(row.model, bm25);
  const std::unique_ptr<Xapian::Weight> expected = row.expected();
  ASSERT_NE(made, nullptr);
  EXPECT_EQ(made->name(), expected->name());
  EXPECT_EQ(made->serialise(), expected->serialise()) << "the same parameters";
  const std::vector<std::string> names = weighting_model_names();
  EXPECT_NE(std::find(names.begin(), names.end(), row.name), names.end());
}

INSTANTIATE_TEST_SUITE_P(
    Models, WeightingModelTest,
    ::testing::Values(
        ModelRow{"bm25", WeightingModel::bm25,
                 [] { return std::make_unique<Xapian::BM25Weight>(1.2, 0.0, 1.0, 0.2, 0.5); }},
        ModelRow{"bm25plus", WeightingModel::bm25plus,
                 [] { return std::make_unique<Xapian::BM25PlusWeight>(1.2, 0.0, 1.0, 0.2, 0.5, 1.0); }},
        ModelRow{"dph", WeightingModel::dph, [] { return std::make_unique<Xapian::DPHWeight>(); }},
        ModelRow{"ineb2", WeightingModel::ineb2, [] { return std::make_unique<Xapian::IneB2Weight>(1.0); }},
        ModelRow{"bb2", WeightingModel::bb2, [] { return std::make_unique<Xapian::BB2Weight>(1.0); }},
        ModelRow{"lm", WeightingModel::lm,
                 [] { return std::make_unique<Xapian::LMWeight>(0.0, Xapian::Weight::DIRICHLET_SMOOTHING, 2000.0); }},
        ModelRow{"lm-two-stage", WeightingModel::lm_two_stage, [] { return std::make_unique<Xapian::LMWeight>(); }}),
    test::RowName{});

TEST(WeightingTest, Bm25ByDefaultWithTheGivenParameters) {
  EXPECT_EQ(parse_search_options({"oil"}).ranking.weighting, WeightingModel::bm25);
  Bm25Parameters bm25;
  bm25.k1 = 0.9;
  bm25.b = 0.75;
  EXPECT_EQ(make_weight(WeightingModel::bm25, bm25)->serialise(),
            Xapian::BM25Weight(0.9, 0.0, 1.0, 0.75, 0.5).serialise());
  EXPECT_EQ(make_weight(WeightingModel::bm25plus, bm25)->serialise(),
            Xapian::BM25PlusWeight(0.9, 0.0, 1.0, 0.75, 0.5, 1.0).serialise());
  EXPECT_TRUE(uses_bm25_parameters(WeightingModel::bm25));
  EXPECT_TRUE(uses_bm25_parameters(WeightingModel::bm25plus));
  EXPECT_FALSE(uses_bm25_parameters(WeightingModel::dph));
  EXPECT_FALSE(uses_bm25_parameters(WeightingModel::lm));
}

TEST(WeightingTest, UnknownModelIsAUsageErrorListingTheModels) {
  EXPECT_FALSE(weighting_from_name("BM25"));
  EXPECT_FALSE(weighting_from_name(""));
  // Xapian 1.4.22's models that exceed their own bounds (WeightingBoundTest).
  for (const char* unsound : {"pl2", "inl2", "ifb2", "dlh"}) {
    EXPECT_FALSE(weighting_from_name(unsound)) << unsound;
    EXPECT_THROW((void)parse_search_options({"--weighting", unsound, "oil"}), UsageError) << unsound;
  }
  try {
    (void)parse_search_options({"--weighting", "tfidf", "oil"});
    FAIL() << "accepted --weighting tfidf";
  } catch (const UsageError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("--weighting"), std::string::npos) << what;
    EXPECT_NE(what.find("'tfidf'"), std::string::npos) << what;
    EXPECT_NE(what.find(listed_choices(weighting_model_names(), ",")), std::string::npos) << what;
  }
}

// --bm25-k1, --bm25-b and --specific-bm25-b mean nothing to the other
// models: rejected beside them rather than silently ignored.
struct ComboRow {
  std::string name;
  std::vector<std::string> argv;
  bool accepted;
};

std::ostream& operator<<(std::ostream& out, const ComboRow& row) { return out << row.name; }

class WeightingComboTest : public ::testing::TestWithParam<ComboRow> {};

TEST_P(WeightingComboTest, Bm25OptionsOnlyWithBm25Models) {
  if (GetParam().accepted) {
    EXPECT_NO_THROW((void)parse_search_options(GetParam().argv));
  } else {
    EXPECT_THROW((void)parse_search_options(GetParam().argv), UsageError);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Combos, WeightingComboTest,
    ::testing::Values(ComboRow{"bm25_b_with_bm25", {"--weighting", "bm25", "--bm25-b", "0.5", "oil"}, true},
                      ComboRow{"k1_with_bm25plus", {"--weighting", "bm25plus", "--bm25-k1", "0.9", "oil"}, true},
                      ComboRow{"specific_b_with_bm25plus",
                               {"--weighting", "bm25plus", "--specific-bm25-b", "0.5", "oil"}, true},
                      ComboRow{"bm25_b_with_dph", {"--weighting", "dph", "--bm25-b", "0.5", "oil"}, false},
                      ComboRow{"k1_with_lm", {"--bm25-k1", "0.9", "--weighting", "lm", "oil"}, false},
                      ComboRow{"specific_b_with_bb2", {"--weighting", "bb2", "--specific-bm25-b", "0.5", "oil"}, false},
                      ComboRow{"other_evidence_with_dph",
                               {"--weighting", "dph", "--feedback", "0", "--title-weight", "1", "oil"}, true}),
    test::RowName{});

TEST(WeightingTest, HelpListsTheOptionAndItsModels) {
  const std::string help = search_help_text(true);  // --help-all: ranking tuning
  EXPECT_NE(help.find("--weighting MODEL"), std::string::npos);
  for (const char* model : {"bm25,", "bm25plus,", "dph,", "ineb2,", "bb2,", "lm,", "lm-two-stage"}) {
    EXPECT_NE(help.find(model), std::string::npos) << model;
  }
}

// Xapian's matcher skips a document once its bound (the sum of the terms'
// get_maxpart) cannot reach the page: a weight above the bound loses or
// misplaces matches. Every offered model stays within it, for single terms
// rare and common (a collection frequency above the number of documents
// too), in short and long documents, scaled as title evidence (0.5),
// feedback (0.3) and the all-words boost (10) scale them.
struct BoundReport {
  int violations = 0;  ///< a weight above the bound, negative, or a match lost
  std::string first;
};

Xapian::WritableDatabase bound_fixture() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 40; ++i) {
    Xapian::Document doc;
    const int length = 1 + (i * 37) % 200;
    for (int w = 0; w < length; ++w) doc.add_term("filler" + std::to_string(w % 23));
    for (int r = 0; r <= i % 5; ++r) doc.add_term("common");  // in every document, often
    for (int r = 0; r < 20 + i; ++r) doc.add_term("said");   // collection frequency far above 40
    if (i % 7 == 0) doc.add_term("rare", 1 + static_cast<Xapian::termcount>(i % 3));
    if (i == 3 || i == 30) doc.add_term("pair", 4);
    if (i == 11) doc.add_term("once");
    if (i == 12) doc = Xapian::Document();  // a one-word document with a word of its own
    if (i == 12) doc.add_term("solo");
    db.add_document(doc);
  }
  db.commit();
  return db;
}

BoundReport bound_violations(const Xapian::Database& db, const Xapian::Weight& weight) {
  BoundReport report;
  for (const char* term : {"common", "said", "rare", "pair", "once", "solo", "filler3"}) {
    for (const double factor : {0.3, 0.5, 1.0, 10.0}) {
      Xapian::Enquire enquire(db);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), factor));
      enquire.set_weighting_scheme(weight);
      const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
      bool bad = all.size() != db.get_termfreq(term);
      for (auto it = all.begin(); it != all.end(); ++it) {
        bad = bad || it.get_weight() < 0.0 || it.get_weight() > all.get_max_possible() * (1 + 1e-9) + 1e-12;
      }
      if (bad && report.violations++ == 0) {
        report.first = std::string(term) + " x" + std::to_string(factor) + ": " + std::to_string(all.size()) +
                       " matches, bound " + std::to_string(all.get_max_possible()) + ", highest " +
                       std::to_string(all.get_max_attained());
      }
    }
  }
  return report;
}

TEST_P(WeightingModelTest, StaysWithinItsBound) {
  const Xapian::WritableDatabase db = bound_fixture();
  const BoundReport report = bound_violations(db, *make_weight(GetParam().model, Bm25Parameters{}));
  EXPECT_EQ(report.violations, 0) << report.first;
}

TEST(WeightingBoundTest, CatchesTheModelsLeftOut) {
  // Why pl2, inl2 and ifb2 are not offered: the same check fails for them.
  const Xapian::WritableDatabase db = bound_fixture();
  EXPECT_GT(bound_violations(db, Xapian::PL2Weight(1.0)).violations, 0);
  EXPECT_GT(bound_violations(db, Xapian::InL2Weight(1.0)).violations, 0);
  EXPECT_GT(bound_violations(db, Xapian::IfB2Weight(1.0)).violations, 0);
}

} // namespace
} // namespace dateline::searcher
