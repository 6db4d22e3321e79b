/** @file window_page.hpp
 *  @brief --feedback-window's page (#15.2): the ranked query's page matched
 *  among the window's articles, and among those that title evidence reaches
 *  only where one of them could still make the page.
 *
 *  An article outside the window scores in the ranked query what it scored
 *  in feedback's first pass (at most FeedbackWindow::outside_at_most) plus its
 *  title evidence (at most Xapian's bound for that evidence) and no
 *  expansion. So when the page matched among the window alone is full and
 *  its last hit scores more than those two bounds together, no article
 *  outside the window can reach it, and it is the page of every match: the
 *  window's hundred or so articles are weighed instead of every article
 *  whose headline holds a query word (tens of thousands at a million
 *  articles). Otherwise the page is matched among the window and the title
 *  matches, as before, and kept when its last hit beats every article left
 *  out (window_page_holds). Same hits, same order, same weights.
 */
#pragma once

#include "searcher/oldest_first.hpp"

#include <xapian.h>

#include <optional>

namespace dateline::searcher {

/// What the page's match needs besides the Enquire (set up with the
/// weighting scheme, sort and collapse key of the whole match).
struct WindowMatch {
  Xapian::Query ranked;          ///< the whole ranked query (query, evidence, expansion)
  Xapian::Query window;          ///< the window's articles, as a filter (FeedbackWindow::window)
  Xapian::Query titled;          ///< the title evidence (its articles are candidates too); empty: none
  double outside_at_most = 0.0;  ///< no article outside the window scored more in the first pass
  double title_at_most = 0.0;    ///< no article gets more from @ref titled (evidence_at_most)
  MatchPage first;               ///< the first pass's counts (FeedbackWindow::first): they stand for the whole match's
};

/// Which matches window_page ran (for tests: the cost is what the short cut is for).
struct WindowPageCost {
  bool window_alone = false;  ///< the page among the window's articles alone
  bool with_titled = false;   ///< the page among the window's articles and the title matches
};

/// The most @p evidence adds to any document's weight under @p weight in
/// @p db (Xapian's bound from the terms' statistics; no posting is read).
[[nodiscard]] double evidence_at_most(const Xapian::Database& db, const Xapian::Query& evidence,
                                      const Xapian::Weight& weight);

/// The page [@p offset, @p offset + @p limit) of @p match.ranked as @p enquire
/// would give it over every match, with the first pass's counts (every copy
/// counted: the count is never exact while @p collapse), or nullopt when the
/// window cannot tell it (the whole match must run). @p enquire's query is
/// restored.
[[nodiscard]] std::optional<MatchPage> window_page(Xapian::Enquire& enquire, const WindowMatch& match,
                                                   Xapian::doccount offset, Xapian::doccount limit, bool collapse,
                                                   WindowPageCost* cost = nullptr);

} // namespace dateline::searcher
