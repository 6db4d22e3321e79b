/** @file recency_test.cpp
 *  @brief --recency (#11.2), table-driven: half-life parsing, the weight
 *  option, the bonus formula, day numbers, and the PostingSource's weights
 *  through a real match (age 0, one half-life, two, future, undated).
 */
#include "searcher/recency.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"

#include "tests/support/param_name.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

namespace dateline::searcher {
namespace {

Date d(std::string_view iso) { return *parse_iso_date(iso).date; }

struct HalfLifeRow {
  std::string name;
  std::string text;
  double days;  ///< < 0: refused
};

class HalfLifeTest : public ::testing::TestWithParam<HalfLifeRow> {};

TEST_P(HalfLifeTest, ParsesOrRefuses) {
  const HalfLifeRow& row = GetParam();
  if (row.days < 0) {
    EXPECT_THROW((void)parse_half_life(row.text), UsageError) << row.text;
  } else {
    EXPECT_NEAR(parse_half_life(row.text), row.days, 1e-9) << row.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rows, HalfLifeTest,
    ::testing::Values(HalfLifeRow{"days", "30d", 30.0}, HalfLifeRow{"one_day", "1d", 1.0},
                      HalfLifeRow{"weeks", "12w", 84.0}, HalfLifeRow{"months", "6m", 6 * 365.2425 / 12},
                      HalfLifeRow{"years", "2y", 2 * 365.2425}, HalfLifeRow{"thousand_years", "1000y", 365242.5},
                      HalfLifeRow{"over_thousand_years", "1001y", -1}, HalfLifeRow{"zero", "0d", -1},
                      HalfLifeRow{"no_unit", "30", -1}, HalfLifeRow{"no_number", "d", -1},
                      HalfLifeRow{"empty", "", -1}, HalfLifeRow{"fraction", "1.5y", -1},
                      HalfLifeRow{"negative", "-3d", -1}, HalfLifeRow{"plus", "+3d", -1},
                      HalfLifeRow{"upper_case_unit", "30D", -1}, HalfLifeRow{"unknown_unit", "3h", -1},
                      HalfLifeRow{"space", "3 d", -1}, HalfLifeRow{"huge", "99999999999d", -1}),
    test::RowName());

struct WeightRow {
  std::string name;
  std::string text;
  double value;  ///< < 0: refused
};

class RecencyWeightTest : public ::testing::TestWithParam<WeightRow> {};

TEST_P(RecencyWeightTest, ParsesOrRefuses) {
  const WeightRow& row = GetParam();
  if (row.value < 0) {
    EXPECT_THROW((void)parse_recency_weight(row.text), UsageError) << row.text;
  } else {
    EXPECT_DOUBLE_EQ(parse_recency_weight(row.text), row.value) << row.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, RecencyWeightTest,
                         ::testing::Values(WeightRow{"default", "0.1", 0.1}, WeightRow{"whole", "2", 2.0},
                                           WeightRow{"largest", "100", 100.0}, WeightRow{"over", "100.5", -1},
                                           WeightRow{"zero", "0", -1}, WeightRow{"negative", "-1", -1},
                                           WeightRow{"nan", "nan", -1}, WeightRow{"inf", "inf", -1},
                                           WeightRow{"empty", "", -1}, WeightRow{"trailing", "1x", -1}),
                         test::RowName());

struct BonusRow {
  std::string name;
  double weight;
  double age_days;
  double half_life_days;
  double bonus;
};

class RecencyBonusTest : public ::testing::TestWithParam<BonusRow> {};

TEST_P(RecencyBonusTest, HalvesEveryHalfLife) {
  const BonusRow& row = GetParam();
  EXPECT_NEAR(recency_bonus(row.weight, row.age_days, row.half_life_days), row.bonus, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Rows, RecencyBonusTest,
                         ::testing::Values(BonusRow{"age_zero", 4.0, 0, 30, 4.0},
                                           BonusRow{"one_half_life", 4.0, 30, 30, 2.0},
                                           BonusRow{"two_half_lives", 4.0, 60, 30, 1.0},
                                           BonusRow{"half_a_half_life", 4.0, 15, 30, 4.0 / std::sqrt(2.0)},
                                           BonusRow{"future_counts_as_now", 4.0, -100, 30, 4.0},
                                           BonusRow{"ten_half_lives", 1024.0, 300, 30, 1.0},
                                           BonusRow{"no_half_life", 4.0, 10, 0, 0.0}),
                         test::RowName());

TEST(RecencyTest, DayNumbers) {
  EXPECT_EQ(day_number(d("1970-01-01")), 0);
  EXPECT_EQ(day_number(d("1970-01-02")), 1);
  EXPECT_EQ(day_number(d("1969-12-31")), -1);
  EXPECT_EQ(day_number(d("2000-03-01")) - day_number(d("2000-02-28")), 2);  // 2000 is a leap year
  EXPECT_EQ(day_number(d("1900-03-01")) - day_number(d("1900-02-28")), 1);  // 1900 is not
  EXPECT_EQ(day_number(d("2024-01-01")) - day_number(d("2023-01-01")), 365);
  EXPECT_EQ(day_number_of_value("19700102"), 1);
  EXPECT_EQ(day_number_of_value("20240230"), std::nullopt);
  EXPECT_EQ(day_number_of_value("2024010"), std::nullopt);
  EXPECT_EQ(day_number_of_value("2024-1-1"), std::nullopt);
  EXPECT_EQ(day_number_of_value(""), std::nullopt);
}

/// An in-memory database of one document per date ("" = undated), all with the word "port".
Xapian::Database dated_db(const std::vector<std::string>& dates) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const std::string& date : dates) {
    Xapian::Document doc;
    doc.add_term("port");
    if (!date.empty()) doc.add_value(schema::k_slot_date, d(date).compact());
    doc.set_data(date.empty() ? "undated" : date);
    db.add_document(doc);
  }
  db.commit();
  return db;
}

/// data -> weight of every document the query matches.
std::map<std::string, double> weights(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::map<std::string, double> out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out[it.get_document().get_data()] = it.get_weight();
  return out;
}

TEST(RecencySourceTest, WeightsAtAgeZeroOneAndTwoHalfLives) {
  const Xapian::Database db = dated_db({"2024-03-31", "2024-03-01", "2024-01-31", "2024-05-01", ""});
  RecencySettings settings;
  settings.half_life_days = 30;
  settings.weight = 8.0;
  settings.now = d("2024-03-31");
  const std::map<std::string, double> w = weights(db, Xapian::Query((new RecencySource(settings))->release()));
  ASSERT_EQ(w.size(), 4U) << "the undated document is not visited";
  EXPECT_NEAR(w.at("2024-03-31"), 8.0, 1e-9);
  EXPECT_NEAR(w.at("2024-03-01"), 4.0, 1e-9);
  EXPECT_NEAR(w.at("2024-01-31"), 2.0, 1e-9);
  EXPECT_NEAR(w.at("2024-05-01"), 8.0, 1e-9) << "dated after now: age 0";
  EXPECT_NEAR(recency_bonus_for_value(settings, "20240301"), 4.0, 1e-9);
  EXPECT_EQ(recency_bonus_for_value(settings, ""), 0.0);
}

TEST(RecencySourceTest, AddedToTheTextScoreWithoutChangingTheMatches) {
  const Xapian::Database db = dated_db({"2020-01-01", "2024-01-01", ""});
  RecencySettings settings;
  settings.half_life_days = 365;
  settings.weight = 1.5;
  settings.now = d("2024-01-01");
  const Xapian::Query text("port");
  const std::map<std::string, double> plain = weights(db, text);
  const std::map<std::string, double> ranked = weights(db, with_recency(text, settings));
  ASSERT_EQ(ranked.size(), 3U);
  EXPECT_NEAR(ranked.at("2024-01-01") - plain.at("2024-01-01"), 1.5, 1e-9);
  EXPECT_NEAR(ranked.at("2020-01-01") - plain.at("2020-01-01"),
              recency_bonus(1.5, static_cast<double>(day_number(d("2024-01-01")) - day_number(d("2020-01-01"))), 365),
              1e-9);
  EXPECT_NEAR(ranked.at("undated"), plain.at("undated"), 1e-12);
  // A document only the source would match is not a match.
  EXPECT_TRUE(weights(db, with_recency(Xapian::Query("absent"), settings)).empty());
}

/// An in-memory database of one document per date with the schema's
/// boolean date terms (D, M, Y) and value, as the indexer writes them.
Xapian::Database termed_db(const std::vector<std::string>& dates) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const std::string& date : dates) {
    Xapian::Document doc;
    doc.add_term("port");
    if (!date.empty()) {
      const std::string compact = d(date).compact();
      doc.add_value(schema::k_slot_date, compact);
      doc.add_boolean_term(std::string(schema::k_prefix_date) + compact);
      doc.add_boolean_term(std::string(schema::k_prefix_month) + compact.substr(0, 6));
      doc.add_boolean_term(std::string(schema::k_prefix_year) + compact.substr(0, 4));
    }
    db.add_document(doc);
  }
  db.commit();
  return db;
}

struct NotAfterRow {
  std::string name;
  std::vector<std::string> dates;
  std::string limit;
  std::string expected;  ///< "" = none
};

class NewestNotAfterTest : public ::testing::TestWithParam<NotAfterRow> {};

// A far-future date (a typo, an embargo) must not become --recency's "now"
// (trial pass): the newest date not after a limit, found through the date terms.
TEST_P(NewestNotAfterTest, FindsTheNewestDateNotAfterTheLimit) {
  const NotAfterRow& row = GetParam();
  const std::optional<Date> found = newest_date_not_after(termed_db(row.dates), d(row.limit));
  EXPECT_EQ(found ? found->iso() : std::string(), row.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, NewestNotAfterTest,
    ::testing::Values(
        NotAfterRow{"none_after", {"1987-02-26", "1987-10-20", ""}, "2026-11-30", "1987-10-20"},
        NotAfterRow{"far_future_outlier", {"1987-02-26", "1987-10-20", "2999-12-31"}, "2026-11-30", "1987-10-20"},
        NotAfterRow{"typo_year", {"2024-03-01", "2204-03-01"}, "2026-11-30", "2024-03-01"},
        NotAfterRow{"limit_itself", {"2026-11-30", "2026-12-01"}, "2026-11-30", "2026-11-30"},
        NotAfterRow{"same_month_later_day", {"2026-11-02", "2026-11-29", "2026-11-30"}, "2026-11-29", "2026-11-29"},
        NotAfterRow{"same_year_later_month", {"2026-03-15", "2026-12-01"}, "2026-11-30", "2026-03-15"},
        NotAfterRow{"same_year_only_later_months", {"2025-12-31", "2026-12-01"}, "2026-11-30", "2025-12-31"},
        NotAfterRow{"same_month_only_later_days", {"2026-10-31", "2026-11-30"}, "2026-11-29", "2026-10-31"},
        NotAfterRow{"gap_of_years", {"1990-06-01", "3000-01-01", "2500-05-05"}, "2026-11-30", "1990-06-01"},
        NotAfterRow{"all_after", {"2999-12-31", "2100-01-01"}, "2026-11-30", ""},
        NotAfterRow{"undated_only", {""}, "2026-11-30", ""},
        NotAfterRow{"empty", {}, "2026-11-30", ""}),
    test::RowName());

TEST(RecencySourceTest, NewestDateIsTheSlotUpperBound) {
  EXPECT_EQ(newest_date(dated_db({"2019-05-01", "2023-02-03", ""}))->iso(), "2023-02-03");
  EXPECT_FALSE(newest_date(dated_db({""})));
}

} // namespace
} // namespace dateline::searcher
