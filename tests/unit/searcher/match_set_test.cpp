/** @file match_set_test.cpp
 *  @brief --timeline's exact count (#12.1): match_set() returns exactly the
 *  matcher's set for every boolean-shaped query (date ranges included) and
 *  refuses the others; the
 *  three ways of counting per day agree with a ValueCountMatchSpy, across
 *  month and year ends, leap days, undated documents and shards; so do
 *  the day runs (#12.1), with docids out of date order, deleted documents
 *  and dates changed in place, and a stale map is never used.
 */
#include "searcher/match_set.hpp"

#include "common/day_runs.hpp"
#include "common/schema.hpp"
#include "searcher/query_builder.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace dateline::searcher {
namespace {

using Docids = std::vector<Xapian::docid>;

/// The dates the documents get, in turn: month and year ends, a leap day,
/// a non-leap 28 February, undated ("") and a value that is no date.
const std::vector<std::string> k_dates{"20231231", "20240101", "20240131", "20240201", "20240228",
                                       "20240229", "20240301", "",         "20000229", "21000228",
                                       "2024XX01", "20241231", "20250101"};

/// Document n (1-based) holds "a" when n is odd, "b" when n % 3 == 0, "c"
/// when n % 5 == 0, the phrase "red car" when n % 4 == 0 ("car red"
/// otherwise), and its date as dateline-index writes it: the value, and the
/// D/M/Y terms when the value is a valid date (XUNDATED when there is none).
Xapian::Document make_document(unsigned n) {
  Xapian::Document doc;
  Xapian::termpos pos = 1;
  if (n % 2 == 1) doc.add_posting("a", pos++);
  if (n % 3 == 0) doc.add_posting("b", pos++);
  if (n % 5 == 0) doc.add_posting("c", pos++);
  if (n % 4 == 0) {
    doc.add_posting("red", pos++);
    doc.add_posting("car", pos++);
  } else {
    doc.add_posting("car", pos++);
    doc.add_posting("red", pos++);
  }
  doc.add_posting("word" + std::to_string(n % 7), pos++);
  const std::string& date = k_dates[(n - 1) % k_dates.size()];
  if (date.empty()) {
    doc.add_boolean_term(std::string(schema::k_term_undated));
  } else {
    doc.add_value(schema::k_slot_date, date);
    if (date.find('X') == std::string::npos) {
      doc.add_boolean_term(std::string(schema::k_prefix_date) + date);
      doc.add_boolean_term(std::string(schema::k_prefix_month) + date.substr(0, 6));
      doc.add_boolean_term(std::string(schema::k_prefix_year) + date.substr(0, 4));
    }
  }
  return doc;
}

Xapian::WritableDatabase make_database(unsigned first, unsigned last) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (unsigned n = first; n <= last; ++n) db.add_document(make_document(n));
  return db;
}

/// The matcher's set, read from an MSet holding every match.
Docids matcher_docids(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire = counting_enquire(db, query);  // as match_set's matcher passes (an elite set depends on it)
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet all = enquire.get_mset(0, db.get_doccount() + 1);
  Docids out;
  for (auto it = all.begin(); it != all.end(); ++it) out.push_back(*it);
  std::sort(out.begin(), out.end());
  return out;
}

/// Day counts as the timeline had them before: a ValueCountMatchSpy over the date slot.
DayCounts spy_counts(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::ValueCountMatchSpy spy(schema::k_slot_date);
  enquire.add_matchspy(&spy);
  (void)enquire.get_mset(0, 0, db.get_doccount());
  DayCounts counts;
  std::size_t dated = 0;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::optional<Date> date = parse_iso_date(schema::iso_date_from_value(*it)).date;
    if (!date) continue;
    counts.days.push_back({*date, it.get_termfreq()});
    dated += it.get_termfreq();
  }
  counts.undated = spy.get_total() - dated;
  return counts;
}

std::string describe(const DayCounts& counts) {
  std::string out;
  for (const DayCount& d : counts.days) out += d.date.iso() + "=" + std::to_string(d.count) + " ";
  return out + "undated=" + std::to_string(counts.undated);
}

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& children, Xapian::termcount parameter = 0) {
  return Xapian::Query(op, children.begin(), children.end(), parameter);
}

struct QueryCase {
  const char* name;
  Xapian::Query query;
  bool posting_lists;  ///< match_set reads it from posting lists (else: std::nullopt, the matcher)
  std::vector<DateBounds> ranges = {};  ///< the date ranges the query was built with
};

std::vector<QueryCase> query_cases() {
  using Q = Xapian::Query;
  const Q a("a"), b("b"), c("c");
  const Q phrase = combine(Q::OP_PHRASE, {Q("red"), Q("car")}, 2);
  const Q dates(Q::OP_VALUE_RANGE, schema::k_slot_date, "20240201", "20240229");
  // Ranges as the query builder writes them (a whole month would be an M term).
  const DateBounds feb{Date{2024, 1, 31}, Date{2024, 2, 29}};
  const DateBounds from_2100{Date{2100, 1, 1}, std::nullopt};
  const DateBounds to_leap_day{std::nullopt, Date{2024, 2, 29}};
  const Q feb_range = date_range_query(feb.first, feb.last);
  const Q natural_in_feb(Q::OP_AND_MAYBE, Q(Q::OP_FILTER, Q(Q::OP_OR, a, b), feb_range),
                         Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_FILTER, Q(Q::OP_AND, a, b), feb_range), 10.0));
  return {
      {"term", a, true},
      {"absent term", Q("nosuchterm"), true},
      {"match all", Q::MatchAll, true},
      {"match nothing", Q::MatchNothing, true},
      {"or", Q(Q::OP_OR, a, b), true},
      {"or of three", combine(Q::OP_OR, {a, b, c}), true},
      {"and", Q(Q::OP_AND, a, b), true},
      {"and of three", combine(Q::OP_AND, {a, b, c}), true},
      {"and not", Q(Q::OP_AND_NOT, a, b), true},
      {"and not of three", combine(Q::OP_AND_NOT, {Q::MatchAll, a, c}), true},
      {"xor of three (an odd number)", combine(Q::OP_XOR, {a, b, c}), true},
      {"and maybe", Q(Q::OP_AND_MAYBE, b, a), true},
      {"filter", Q(Q::OP_FILTER, a, Q("M202402")), true},
      {"synonym", Q(Q::OP_SYNONYM, b, c), true},
      {"max", Q(Q::OP_MAX, a, c), true},
      {"scale weight", Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_AND, a, b), 2.5), true},
      {"scale weight zero", Q(Q::OP_SCALE_WEIGHT, a, 0.0), true},
      {"undated term", Q(Q::OP_FILTER, Q::MatchAll, Q(std::string(schema::k_term_undated))), true},
      {"the searcher's natural mode",
       Q(Q::OP_AND_MAYBE, Q(Q::OP_OR, a, b), Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_AND, a, b), 10.0)), true},
      {"phrase", phrase, false},
      {"phrase inside and", Q(Q::OP_AND, a, phrase), false},
      {"phrase only weighs in and maybe", Q(Q::OP_AND_MAYBE, a, phrase), true},
      {"value range", Q(Q::OP_FILTER, Q(Q::OP_OR, a, c), dates), false},
      {"value ge", Q(Q::OP_FILTER, b, Q(Q::OP_VALUE_GE, schema::k_slot_date, "20240301")), false},
      {"wildcard", Q(Q::OP_OR, Q(Q::OP_WILDCARD, "word"), c), false},
      {"elite set", combine(Q::OP_ELITE_SET, {a, b, c}, 2), false},
      {"near", combine(Q::OP_NEAR, {Q("car"), Q("red")}, 2), false},
      {"known range", Q(Q::OP_FILTER, Q(Q::OP_OR, a, c), feb_range), true, {feb}},
      {"known open end", Q(Q::OP_FILTER, b, date_range_query(from_2100.first, from_2100.last)), true, {from_2100}},
      {"known open start", Q(Q::OP_FILTER, a, date_range_query(to_leap_day.first, to_leap_day.last)), true,
       {to_leap_day}},
      {"--since/--until around date:", Q(Q::OP_FILTER, natural_in_feb, date_range_query(to_leap_day.first, to_leap_day.last)),
       true, {feb, to_leap_day}},
      {"a range not among the known ones", Q(Q::OP_FILTER, Q(Q::OP_OR, a, c), feb_range), false, {to_leap_day}},
      {"known range in an OR", Q(Q::OP_OR, Q(Q::OP_FILTER, a, feb_range), c), true, {feb}},
  };
}

void expect_all_agree(const Xapian::Database& db, const std::string& where) {
  for (const QueryCase& test : query_cases()) {
    SCOPED_TRACE(where + ": " + test.name + ": " + test.query.get_description());
    const std::string want = describe(spy_counts(db, test.query));
    const MatcherDayCounts matcher = count_days_by_matcher(db, test.query);
    EXPECT_EQ(describe(matcher.counts), want);
    EXPECT_EQ(matcher.matches, matcher_docids(db, test.query).size());
    EXPECT_TRUE(matcher.exact);
    const std::optional<Docids> got = match_set(db, test.query, test.ranges);
    ASSERT_EQ(got.has_value(), test.posting_lists);
    if (!got) continue;
    EXPECT_EQ(*got, matcher_docids(db, test.query));
    EXPECT_EQ(describe(count_days_by_values(db, *got)), want);
    EXPECT_EQ(describe(count_days_by_terms(db, *got)), want);
    EXPECT_EQ(describe(count_days(db, *got)), want);
    const day_runs::DayRuns map = day_runs::compute(db);
    EXPECT_EQ(describe(count_days_by_runs(map, *got)), want);
    EXPECT_EQ(describe(count_days(db, *got, &map)), want);
  }
}

TEST(MatchSetTest, EveryQueryShapeGivesTheMatchersSetAndCounts) {
  expect_all_agree(make_database(1, 60), "one database");
}

TEST(MatchSetTest, ShardsInterleaveTheirDocids) {
  // Two databases searched as one: docids interleave (1, 3, 5... from the
  // first), so both walks must follow the combined numbering.
  Xapian::Database combined;
  combined.add_database(make_database(1, 37));
  combined.add_database(make_database(38, 60));
  expect_all_agree(combined, "two shards");
}

TEST(MatchSetTest, DaysAtMonthAndYearEndsLeapDaysAndUndated) {
  // 26 documents: each date of k_dates twice.
  const Xapian::WritableDatabase db = make_database(1, 26);
  const Docids all = match_set(db, Xapian::Query::MatchAll).value();
  ASSERT_EQ(all.size(), 26U);
  struct Case {
    const char* name;
    Docids docids;
    std::string want;
  };
  const std::vector<Case> cases{
      {"every document", all,
       "2000-02-29=2 2023-12-31=2 2024-01-01=2 2024-01-31=2 2024-02-01=2 2024-02-28=2 2024-02-29=2 "
       "2024-03-01=2 2024-12-31=2 2025-01-01=2 2100-02-28=2 undated=4"},
      {"year end", {1, 2, 14, 15}, "2023-12-31=2 2024-01-01=2 undated=0"},
      {"leap day and the days around it", {5, 6, 7}, "2024-02-28=1 2024-02-29=1 2024-03-01=1 undated=0"},
      {"undated and not a date", {8, 11, 21, 24}, "undated=4"},
      {"the last document", {26}, "2025-01-01=1 undated=0"},
      {"nothing", {}, "undated=0"},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    EXPECT_EQ(describe(count_days_by_values(db, test.docids)), test.want);
    EXPECT_EQ(describe(count_days_by_terms(db, test.docids)), test.want);
    EXPECT_EQ(describe(count_days_by_runs(day_runs::compute(db), test.docids)), test.want);
  }
}

TEST(MatchSetTest, DayRunsStayExactWithDocidsOutOfDateOrderAndDeletions) {
  // Late old articles (new docids, old dates), deleted documents (docid
  // gaps, at the start and the end too), a date changed in place and an
  // article whose date was removed in place.
  Xapian::WritableDatabase db = make_database(1, 60);
  for (const Xapian::docid gone : {1U, 2U, 17U, 18U, 19U, 59U, 60U}) db.delete_document(gone);
  for (const unsigned n : {9U, 1U, 9U, 30U}) db.add_document(make_document(n));  // 61..64
  db.replace_document(20, make_document(3));                                      // 20240131 in place
  db.replace_document(21, make_document(8));                                      // undated in place
  db.add_document(make_document(2));                                               // 65
  db.delete_document(65);                                                          // a gap at the end
  expect_all_agree(db, "out of date order, with deletions");
}

TEST(MatchSetTest, StaleDayRunsAreNeverUsed) {
  // The map as dateline-index writes it: in the commit it describes
  // (revision + 1). Any later commit, even one keeping the last docid and the
  // document count (a date changed in place), makes it unusable.
  const test::TempDir dir;
  const std::string path = (dir / "db").string();
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  for (unsigned n = 1; n <= 30; ++n) db.add_document(make_document(n));
  const auto write_map = [&db] {
    day_runs::DayRuns map = day_runs::compute(db);
    map.revision = db.get_revision() + 1;
    db.set_metadata(std::string(schema::k_meta_day_runs), day_runs::encode(map));
    db.commit();
  };
  write_map();
  ::unsetenv(k_no_day_runs_env);  // the map is used only without it
  const std::optional<day_runs::DayRuns> fresh = usable_day_runs(Xapian::Database(path));
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->runs, day_runs::compute(db).runs);

  db.replace_document(2, make_document(3));  // 20240101 -> 20240131, same docid and count
  db.commit();
  EXPECT_FALSE(usable_day_runs(Xapian::Database(path)).has_value()) << "a date changed in place";
  write_map();
  EXPECT_TRUE(usable_day_runs(Xapian::Database(path)).has_value());

  // The metadata of another database (same revision, another last docid).
  db.add_document(make_document(31));
  db.delete_document(31);
  const day_runs::DayRuns stored = day_runs::decode(db.get_metadata(std::string(schema::k_meta_day_runs))).value();
  day_runs::DayRuns other = stored;
  other.revision = db.get_revision() + 1;
  db.set_metadata(std::string(schema::k_meta_day_runs), day_runs::encode(other));
  db.commit();
  EXPECT_FALSE(usable_day_runs(Xapian::Database(path)).has_value()) << "another last docid";
  other.last_docid = db.get_lastdocid();
  other.revision = db.get_revision() + 1;
  db.set_metadata(std::string(schema::k_meta_day_runs), day_runs::encode(other));
  db.commit();
  EXPECT_TRUE(usable_day_runs(Xapian::Database(path)).has_value());

  // Two databases opened as one have no one revision.
  Xapian::Database two(path);
  two.add_database(Xapian::Database(path));
  EXPECT_FALSE(usable_day_runs(two).has_value());

  // The tests' switch to the old paths.
  ::setenv(k_no_day_runs_env, "1", 1);
  EXPECT_FALSE(usable_day_runs(Xapian::Database(path)).has_value());
  ::unsetenv(k_no_day_runs_env);
}

TEST(MatchSetTest, DayTermsForCommonWordsValuesForRareOnes) {
  struct Case {
    std::size_t matches, documents, days;
    bool terms;
  };
  // Reuters-21578: 21,577 dated articles on 58 days ("said": 15,465 matches; "oil": 1,544).
  const std::vector<Case> cases{
      {15465, 21577, 58, true}, {1544, 21577, 58, false}, {0, 21577, 58, false}, {0, 0, 0, false},
      {21577, 21577, 21577, false},  // one article a day: opening a term per article costs more
      {5000, 21577, 237, false},     {10000, 21577, 237, true},
  };
  for (const Case& test : cases) {
    EXPECT_EQ(day_terms_cheaper(test.matches, test.documents, test.days), test.terms)
        << test.matches << " of " << test.documents << " on " << test.days << " days";
  }
}

} // namespace
} // namespace dateline::searcher
