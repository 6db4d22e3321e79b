/** @file match_set.cpp
 *  @brief Set algebra over posting lists for boolean-shaped queries, per-day
 *  counting from the date values or the D terms, and the matcher with a
 *  ValueCountMatchSpy for every other query.
 *
 *  Why not Xapian's matcher with a MatchSpy: it weighs every match and builds
 *  a Document for each one the spy looks at (about 800 instructions per match
 *  on Reuters), which made a timeline for "said" (72% of the archive) cost
 *  twice the 10-hit query; a posting-list walk and a merge with the value
 *  stream cost a fraction of that (docs/benchmarks.md, Timeline).
 */
#include "searcher/match_set.hpp"

#include "common/date.hpp"
#include "common/schema.hpp"
#include "searcher/query_builder.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace dateline::searcher {
namespace {

using Docids = std::vector<Xapian::docid>;

/// The date ranges of the query that may be read from the D terms: each
/// value-range query date_range_query() builds, by its description.
using KnownRanges = std::vector<std::pair<std::string, DateBounds>>;

const DateBounds* known_range(const Xapian::Query& query, const KnownRanges& known) {
  const std::string description = query.get_description();
  for (const auto& [text, bounds] : known) {
    if (text == description) return &bounds;
  }
  return nullptr;
}

/// True when evaluate() can read @p query from posting lists alone.
bool evaluable(const Xapian::Query& query, const KnownRanges& known) {
  using Q = Xapian::Query;
  switch (query.get_type()) {
    case Q::OP_VALUE_RANGE:
    case Q::OP_VALUE_GE:
    case Q::OP_VALUE_LE: return known_range(query, known) != nullptr;
    case Q::LEAF_MATCH_NOTHING:
    case Q::LEAF_MATCH_ALL:
    case Q::LEAF_TERM: return true;
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_MAYBE: return evaluable(query.get_subquery(0), known);  // the rest of AND_MAYBE only weighs
    case Q::OP_OR:
    case Q::OP_SYNONYM:
    case Q::OP_MAX:
    case Q::OP_AND:
    case Q::OP_FILTER:
    case Q::OP_AND_NOT:
    case Q::OP_XOR:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!evaluable(query.get_subquery(i), known)) return false;
      }
      return true;
    default: return false;  // phrases, NEAR, wildcards, other value ranges, elite sets, posting sources
  }
}

Docids postings(const Xapian::Database& db, const std::string& term) {
  Docids out;
  out.reserve(db.get_termfreq(term));
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.push_back(*it);
  return out;
}

Docids set_union(const Docids& a, const Docids& b) {
  Docids out;
  out.reserve(a.size() + b.size());
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

/// The documents dated from @p bounds.first to @p bounds.last (open ends
/// unbounded): the postings of the D terms of those days. The same set as the
/// value range on databases dateline-index wrote, where a document has a D
/// term exactly when its date value is a valid date.
Docids dated_between(const Xapian::Database& db, const DateBounds& bounds) {
  const std::string prefix(schema::k_prefix_date);
  const std::string last = bounds.last ? prefix + bounds.last->compact() : std::string();
  std::vector<bool> member(static_cast<std::size_t>(db.get_lastdocid()) + 1, false);
  std::size_t count = 0;
  auto term = db.allterms_begin(prefix);
  if (bounds.first) term.skip_to(prefix + bounds.first->compact());
  for (; term != db.allterms_end(prefix); ++term) {
    const std::string name = *term;
    if (bounds.last && name > last) break;
    for (auto posting = db.postlist_begin(name); posting != db.postlist_end(name); ++posting) {
      const Xapian::docid docid = *posting;
      if (docid >= member.size() || member[docid]) continue;  // beyond get_lastdocid() only if damaged
      member[docid] = true;
      ++count;
    }
  }
  Docids out;
  out.reserve(count);
  for (std::size_t docid = 1; docid < member.size() && out.size() < count; ++docid) {
    if (member[docid]) out.push_back(static_cast<Xapian::docid>(docid));
  }
  return out;
}

Docids evaluate(const Xapian::Database& db, const Xapian::Query& query, const KnownRanges& known) {
  using Q = Xapian::Query;
  const auto type = query.get_type();
  switch (type) {
    case Q::OP_VALUE_RANGE:
    case Q::OP_VALUE_GE:
    case Q::OP_VALUE_LE: return dated_between(db, *known_range(query, known));
    case Q::LEAF_TERM: return postings(db, *query.get_terms_begin());
    case Q::LEAF_MATCH_ALL: return postings(db, std::string());
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_MAYBE: return evaluate(db, query.get_subquery(0), known);
    case Q::OP_OR:
    case Q::OP_SYNONYM:
    case Q::OP_MAX: {
      Docids out;
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) out = set_union(out, evaluate(db, query.get_subquery(i), known));
      return out;
    }
    case Q::OP_AND:
    case Q::OP_FILTER:
    case Q::OP_AND_NOT:
    case Q::OP_XOR: {
      const std::size_t n = query.get_num_subqueries();
      if (n == 0) return {};
      Docids out = evaluate(db, query.get_subquery(0), known);
      for (std::size_t i = 1; i < n; ++i) {
        if (out.empty() && type != Q::OP_XOR) break;
        const Docids next = evaluate(db, query.get_subquery(i), known);
        Docids combined;
        combined.reserve(type == Q::OP_XOR ? out.size() + next.size() : out.size());
        if (type == Q::OP_AND_NOT) {
          std::set_difference(out.begin(), out.end(), next.begin(), next.end(), std::back_inserter(combined));
        } else if (type == Q::OP_XOR) {  // an odd number of the subqueries match
          std::set_symmetric_difference(out.begin(), out.end(), next.begin(), next.end(),
                                        std::back_inserter(combined));
        } else {
          std::set_intersection(out.begin(), out.end(), next.begin(), next.end(), std::back_inserter(combined));
        }
        out = std::move(combined);
      }
      return out;
    }
    default: return {};  // LEAF_MATCH_NOTHING (evaluable() refused the rest)
  }
}

} // namespace

std::optional<std::vector<Xapian::docid>> match_set(const Xapian::Database& db, const Xapian::Query& query,
                                                     const std::vector<DateBounds>& date_ranges) {
  KnownRanges known;
  for (const DateBounds& bounds : date_ranges) {
    known.emplace_back(date_range_query(bounds.first, bounds.last).get_description(), bounds);
  }
  if (!evaluable(query, known)) return std::nullopt;
  return evaluate(db, query, known);
}

Xapian::Enquire counting_enquire(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire counter(db);
  counter.set_query(query);
  counter.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.0, 0.5));
  return counter;
}

MatcherDayCounts count_days_by_matcher(const Xapian::Database& db, const Xapian::Query& query) {
  // One match that returns no documents and checks every candidate (so the
  // spy sees each match once), weighed as the searcher's exact counts are
  // (counting_enquire). The spy reads values, not docids: a Document
  // handed to a MatchSpy carries its shard's own docid.
  Xapian::Enquire counter = counting_enquire(db, query);
  Xapian::ValueCountMatchSpy days(schema::k_slot_date);
  counter.add_matchspy(&days);
  const Xapian::MSet all = counter.get_mset(0, 0, db.get_doccount());
  MatcherDayCounts out;
  std::size_t dated = 0;
  for (auto it = days.values_begin(); it != days.values_end(); ++it) {
    const std::optional<Date> date = parse_iso_date(schema::iso_date_from_value(*it)).date;
    if (!date) continue;
    out.counts.days.push_back({*date, it.get_termfreq()});
    dated += it.get_termfreq();
  }
  const std::size_t matches = days.get_total();
  out.counts.undated = matches >= dated ? matches - dated : 0;
  out.matches = all.get_matches_estimated();
  out.exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
  return out;
}

DayCounts count_days_by_terms(const Xapian::Database& db, const std::vector<Xapian::docid>& docids) {
  DayCounts counts;
  if (docids.empty()) return counts;
  std::vector<bool> member(static_cast<std::size_t>(docids.back()) + 1, false);
  for (const Xapian::docid docid : docids) member[docid] = true;
  const std::string prefix(schema::k_prefix_date);
  std::size_t dated = 0;
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    const std::string name = *term;
    const std::optional<Date> date =
        parse_iso_date(schema::iso_date_from_value(std::string_view(name).substr(prefix.size()))).date;
    if (!date) continue;
    std::size_t count = 0;
    for (auto posting = db.postlist_begin(name); posting != db.postlist_end(name); ++posting) {
      const Xapian::docid docid = *posting;
      if (docid >= member.size()) break;  // ascending: no match beyond the last one
      if (member[docid]) ++count;
    }
    if (count == 0) continue;
    counts.days.push_back({*date, count});
    dated += count;
  }
  counts.undated = docids.size() - dated;
  return counts;
}

DayCounts count_days_by_values(const Xapian::Database& db, const std::vector<Xapian::docid>& docids) {
  // Values by their bytes first (a run of one day's articles finds its map
  // entry without a lookup), parsed once per distinct value at the end.
  std::map<std::string, std::size_t> per_value;
  auto current = per_value.end();
  Xapian::ValueIterator value = db.valuestream_begin(schema::k_slot_date);
  const Xapian::ValueIterator end = db.valuestream_end(schema::k_slot_date);
  for (const Xapian::docid docid : docids) {
    if (value == end) break;
    if (value.get_docid() < docid) {
      value.skip_to(docid);
      if (value == end) break;
    }
    if (value.get_docid() != docid) continue;  // no date value
    const std::string bytes = *value;
    if (current == per_value.end() || current->first != bytes) current = per_value.try_emplace(bytes, 0).first;
    ++current->second;
  }
  DayCounts counts;
  std::size_t dated = 0;
  for (const auto& [bytes, count] : per_value) {
    const std::optional<Date> date = parse_iso_date(schema::iso_date_from_value(bytes)).date;
    if (!date) continue;
    counts.days.push_back({*date, count});
    dated += count;
  }
  counts.undated = docids.size() - dated;
  return counts;
}

std::optional<day_runs::DayRuns> usable_day_runs(const Xapian::Database& db) {
  if (std::getenv(k_no_day_runs_env) != nullptr) return std::nullopt;
  return day_runs::load(db);
}

DayCounts count_days_by_runs(const day_runs::DayRuns& map, const std::vector<Xapian::docid>& docids) {
  std::vector<std::size_t> per_run(map.runs.size(), 0);
  day_runs::Cursor cursor(map.runs);
  for (const Xapian::docid docid : docids) {
    const std::size_t run = cursor.run_of(docid);
    if (run < per_run.size()) ++per_run[run];
  }
  // A day may have several runs (docids out of date order): sorted by day
  // (mostly in order already), equal days summed.
  std::vector<std::pair<std::int64_t, std::size_t>> per_day;
  for (std::size_t i = 0; i < per_run.size(); ++i) {
    if (per_run[i] > 0 && map.runs[i].day != day_runs::k_undated) per_day.emplace_back(map.runs[i].day, per_run[i]);
  }
  if (!std::is_sorted(per_day.begin(), per_day.end())) std::sort(per_day.begin(), per_day.end());
  DayCounts counts;
  std::size_t dated = 0;
  for (std::size_t i = 0; i < per_day.size(); ++i) {
    if (i > 0 && per_day[i].first == per_day[i - 1].first) {
      counts.days.back().count += per_day[i].second;
    } else {
      counts.days.push_back({date_from_day_number(per_day[i].first), per_day[i].second});
    }
    dated += per_day[i].second;
  }
  counts.undated = docids.size() - dated;
  return counts;
}

namespace {

/// The estimated cost of counting per day from the D terms, from the date
/// values, and from the day map (the constants in match_set.hpp).
std::size_t day_terms_cost(std::size_t documents, std::size_t days) {
  return k_day_term_cost_per_document * documents + k_day_term_cost_per_day * days;
}
std::size_t day_values_cost(std::size_t matches) { return k_day_value_cost_per_match * matches; }
std::size_t day_runs_cost(std::size_t matches, std::size_t runs) {
  return k_day_run_cost_per_match * matches + k_day_run_cost_per_run * runs;
}

} // namespace

bool day_terms_cheaper(std::size_t matches, std::size_t documents, std::size_t days) {
  return day_terms_cost(documents, days) < day_values_cost(matches);
}

DayCounts count_days(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                     const day_runs::DayRuns* map) {
  // The number of D terms, estimated from the span of the date values (at
  // most one term per document): counting the terms would cost a walk of them.
  const std::size_t documents = db.get_doccount();
  std::size_t days = documents;
  const std::optional<Date> first =
      parse_iso_date(schema::iso_date_from_value(db.get_value_lower_bound(schema::k_slot_date))).date;
  const std::optional<Date> last =
      parse_iso_date(schema::iso_date_from_value(db.get_value_upper_bound(schema::k_slot_date))).date;
  if (first && last && *first <= *last) days = std::min(days, period_count(*first, *last, TimelineUnit::day));
  const bool terms = day_terms_cheaper(docids.size(), documents, days);
  const std::size_t other_cost = terms ? day_terms_cost(documents, days) : day_values_cost(docids.size());
  if (map != nullptr && day_runs_cost(docids.size(), map->runs.size()) <= other_cost) {
    return count_days_by_runs(*map, docids);
  }
  return terms ? count_days_by_terms(db, docids) : count_days_by_values(db, docids);
}

} // namespace dateline::searcher
