/** @file oldest_first.hpp
 *  @brief `--sort oldest` over remote shards (#15.4): Xapian's remote backend
 *  sorts by a value but takes no KeyMaker, and a plain value sort puts the
 *  articles without a date (no value) first. This finds the page in two
 *  matches instead, the dated articles by date and then the undated ones, so
 *  remote shards list them last as one local database does.
 */
#pragma once

#include <xapian.h>

#include <vector>

namespace dateline::searcher {

/// One page of matches in the order asked for, and the counts of the whole result.
struct MatchPage {
  std::vector<Xapian::MSetIterator> hits;
  Xapian::doccount estimated = 0;  ///< as Xapian::MSet::get_matches_estimated()
  Xapian::doccount lower = 0;      ///< as get_matches_lower_bound()
  Xapian::doccount upper = 0;      ///< as get_matches_upper_bound()
  /// As get_uncollapsed_matches_upper_bound(): every copy of each story counted.
  Xapian::doccount uncollapsed_upper = 0;
};

/// Every hit of @p mset, with its counts.
[[nodiscard]] MatchPage whole_page(const Xapian::MSet& mset);

/// Hits @p offset .. @p offset + @p limit of @p enquire's query ordered by
/// the date value (ascending, then relevance) with undated matches after
/// every dated one. @p enquire must be set up to sort by the date value
/// ascending (and with @p collapse, to collapse on the story slot): its
/// query is replaced for the two matches and restored. With @p collapse, a
/// story with a dated copy among the matches is shown by that copy only, as
/// one match would (the undated copies of such stories are left out).
[[nodiscard]] MatchPage oldest_first_page(Xapian::Enquire& enquire, Xapian::doccount offset, Xapian::doccount limit,
                                          bool collapse);

} // namespace dateline::searcher
