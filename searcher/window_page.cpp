/** @file window_page.cpp
 *  @brief --feedback-window's page among the window's articles (#15.2).
 */
#include "searcher/window_page.hpp"

#include "searcher/ranking.hpp"

#include <utility>
#include <vector>

namespace dateline::searcher {
namespace {

/// The page of @p enquire's query restricted to @p candidates, and the
/// weights of its hits.
MatchPage page_among(Xapian::Enquire& enquire, const Xapian::Query& ranked, const Xapian::Query& candidates,
                     Xapian::doccount offset, Xapian::doccount limit, std::vector<double>& weights) {
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, ranked, candidates));
  MatchPage page = whole_page(enquire.get_mset(offset, limit, offset + limit + 1));
  weights.clear();
  for (const Xapian::MSetIterator& hit : page.hits) weights.push_back(hit.get_weight());
  return page;
}

} // namespace

double evidence_at_most(const Xapian::Database& db, const Xapian::Query& evidence, const Xapian::Weight& weight) {
  if (evidence.empty()) return 0.0;
  Xapian::Enquire bound(db);
  bound.set_query(evidence);
  bound.set_weighting_scheme(weight);
  return bound.get_mset(0, 0).get_max_possible();
}

std::optional<MatchPage> window_page(Xapian::Enquire& enquire, const WindowMatch& match, Xapian::doccount offset,
                                     Xapian::doccount limit, bool collapse, WindowPageCost* cost) {
  const Xapian::Query whole = enquire.get_query();
  std::vector<double> weights;
  std::optional<MatchPage> found;
  // The window alone: enough when its last hit beats an article outside it
  // with the most title evidence too (none is left out then).
  if (cost != nullptr) cost->window_alone = true;
  MatchPage page = page_among(enquire, match.ranked, match.window, offset, limit, weights);
  if (window_page_holds(weights, limit, match.outside_at_most + match.title_at_most)) {
    found = std::move(page);
  } else {
    Xapian::Query candidates = match.window;
    if (!match.titled.empty()) {
      if (cost != nullptr) cost->with_titled = true;
      candidates = Xapian::Query(Xapian::Query::OP_OR, candidates, match.titled);
      page = page_among(enquire, match.ranked, candidates, offset, limit, weights);
    }
    if (window_page_holds(weights, limit, match.outside_at_most)) found = std::move(page);
  }
  enquire.set_query(whole);
  if (!found) return std::nullopt;
  // The counts of the whole result: the first pass's (every copy counted,
  // so never exact while stories are collapsed: the caller's exact count
  // counts the stories where there are few).
  const MatchPage& first = match.first;
  found->estimated = first.estimated;
  found->lower = collapse ? 0 : first.lower;
  found->upper = first.upper;
  found->uncollapsed_upper = first.uncollapsed_upper;
  return found;
}

} // namespace dateline::searcher
