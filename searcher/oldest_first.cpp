/** @file oldest_first.cpp
 *  @brief `--sort oldest` over remote shards: dated matches by date, then undated ones.
 */
#include "searcher/oldest_first.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace dateline::searcher {
namespace {

/// Documents with any date value (a value is never empty; an undated article has none).
Xapian::Query any_date() {
  return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::k_slot_date, std::string(1, '\0'));
}

/// Restores an Enquire's query when leaving the scope.
class QueryRestorer {
public:
  explicit QueryRestorer(Xapian::Enquire& enquire) : m_enquire(enquire), m_query(enquire.get_query()) {}
  ~QueryRestorer() { m_enquire.set_query(m_query); }
  QueryRestorer(const QueryRestorer&) = delete;
  QueryRestorer& operator=(const QueryRestorer&) = delete;

private:
  Xapian::Enquire& m_enquire;
  Xapian::Query m_query;
};

} // namespace

MatchPage whole_page(const Xapian::MSet& mset) {
  MatchPage page;
  for (auto it = mset.begin(); it != mset.end(); ++it) page.hits.push_back(it);
  page.estimated = mset.get_matches_estimated();
  page.lower = mset.get_matches_lower_bound();
  page.upper = mset.get_matches_upper_bound();
  page.uncollapsed_upper = mset.get_uncollapsed_matches_upper_bound();
  return page;
}

MatchPage oldest_first_page(Xapian::Enquire& enquire, Xapian::doccount offset, Xapian::doccount limit, bool collapse) {
  const QueryRestorer restore(enquire);
  const Xapian::Query query = enquire.get_query();
  const Xapian::doccount end = offset + limit;  // the page is positions [offset, end)

  // The dated matches up to the end of the page; filters change no weight.
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, any_date()));
  const Xapian::MSet dated = enquire.get_mset(0, end, end + 1);
  MatchPage page;
  for (Xapian::doccount i = offset; i < dated.size(); ++i) page.hits.push_back(dated[i]);

  // The undated ones follow every dated one. Fewer dated matches than the
  // page's end means all of them are in `dated`, so their number is exact.
  const Xapian::doccount seen = dated.size();
  const bool all_dated_seen = seen < end;
  // A story with a dated copy among the matches is shown by the oldest such
  // copy: its undated copies (one per story after collapsing) are left out.
  std::set<std::string> dated_stories;
  if (collapse && all_dated_seen) {
    for (auto it = dated.begin(); it != dated.end(); ++it) {
      if (std::string key = it.get_collapse_key(); !key.empty()) dated_stories.insert(std::move(key));
    }
  }
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, any_date()));
  const Xapian::doccount wanted = all_dated_seen ? end - seen + static_cast<Xapian::doccount>(dated_stories.size()) : 0;
  const Xapian::MSet undated = enquire.get_mset(0, wanted, std::max(wanted, end) + 1);
  Xapian::doccount position = seen;  // of the next undated hit in the whole order
  Xapian::doccount left_out = 0;
  for (auto it = undated.begin(); it != undated.end() && position < end; ++it) {
    if (!dated_stories.empty() && dated_stories.count(it.get_collapse_key()) > 0) {
      ++left_out;
      continue;
    }
    if (position >= offset) page.hits.push_back(it);
    ++position;
  }

  page.estimated = dated.get_matches_estimated() + undated.get_matches_estimated() - left_out;
  page.upper = dated.get_matches_upper_bound() + undated.get_matches_upper_bound() - left_out;
  if (!collapse || (all_dated_seen && dated_stories.empty())) {
    page.lower = dated.get_matches_lower_bound() + undated.get_matches_lower_bound();
  } else {
    // Undated copies of dated stories are counted once, with their story,
    // and only those met above are known: the undated bound may overlap.
    const Xapian::doccount undated_lower = undated.get_matches_lower_bound();
    const auto overlap = static_cast<Xapian::doccount>(dated_stories.size());
    page.lower = dated.get_matches_lower_bound() +
                 (all_dated_seen && undated_lower > overlap ? undated_lower - overlap : 0);
  }
  page.uncollapsed_upper = dated.get_uncollapsed_matches_upper_bound() + undated.get_uncollapsed_matches_upper_bound();
  page.estimated = std::clamp(page.estimated, page.lower, page.upper);
  return page;
}

} // namespace dateline::searcher
