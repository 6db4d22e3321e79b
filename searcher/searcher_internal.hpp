/** @file searcher_internal.hpp
 *  @brief What Searcher's files share: the helpers search_once (searcher.cpp)
 *  calls that are defined beside the code they belong with, and QueryPlan,
 *  what its phases share. Not a public interface: callers use searcher.hpp.
 *  Files: searcher.cpp (search, search_once, the query and its ranking),
 *  searcher_page.cpp (counts, the page, its hits), searcher_open.cpp
 *  (opening, unique_databases),
 *  searcher_refresh.cpp (identity, changes, reopening, remote shards lost),
 *  searcher_like_recency.cpp (--like's query, --recency's settings),
 *  searcher_timeline.cpp (count_timeline), searcher_explain.cpp (--explain,
 *  spelling suggestions).
 */
#pragma once

#include "searcher/searcher.hpp"

#include "searcher/like.hpp"
#include "searcher/ranking.hpp"
#include "searcher/recency.hpp"

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace dateline::searcher::searcher_detail {

/// What search_once's phases share: the request's query as built and what
/// the counts, the page and the notes need of it (Searcher::plan_query).
struct QueryPlan {
  Xapian::Query query;   ///< what matches: with --story, --similar-to, --recency and --new-since
  /// The same matches without --recency's bonus (AND_MAYBE only adds weight):
  /// for what needs no weight (counts, timelines, story copies), so a remote
  /// shard is not sent the bonus's table of dates for those matches too.
  Xapian::Query matching;
  std::string parsed;    ///< SearchResult::parsed (--new-since's numbers in decimal)
  Bm25Parameters bm25;   ///< --bm25-k1/--bm25-b, --specific-bm25-b applied
  std::optional<RecencySettings> recency;
  double max_text_score = 0.0;              ///< what --recency's bonus scales with
  std::optional<Date> recency_passed_over;  ///< the newest date, when after today and passed over as "now"
  std::optional<Explanation::LengthNormalisation> length_note;  ///< --explain's note on b
  std::vector<LikeArticle> like;            ///< --like's articles
  std::vector<std::string> expansion;       ///< --like's terms
  bool any_remote = false;                  ///< a remote shard is searched
  bool collapse = false;                    ///< stories collapse: asked for, and some story has two copies
  std::vector<DateBounds> date_ranges;      ///< the date value ranges the query may hold (match_set's D terms)
};

/// --like (#11.3): the query of @p request.like (searcher_like_recency.cpp).
Xapian::Query more_like_this(const Xapian::Database& db, const std::string& language, const QueryBuilder& builder,
                             const SearchRequest& request, const RewrittenQuery& rewritten, const BuildOptions& build,
                             std::vector<LikeArticle>& like, std::vector<std::string>& expansion);

/// --recency (#11.2): the bonus's settings for @p query (searcher_like_recency.cpp).
/// With @p match_dates (remote shards): also the distinct dates of the
/// query's matches, counted by the servers.
std::optional<RecencySettings> recency_settings(const Xapian::Database& db, const Xapian::Query& query,
                                                const SearchRequest& request, const Bm25Parameters& bm25,
                                                double& max_text_score, std::optional<Date>& passed_over,
                                                std::vector<std::string>* match_dates);

/// --explain's account of --recency, --like and --specific-bm25-b (searcher_explain.cpp).
void explain_ranking(Explanation& e, const std::optional<RecencySettings>& recency, double weight, double max_text_score,
                     const std::optional<Date>& passed_over, const std::vector<std::string>& like_terms,
                     const std::optional<Explanation::LengthNormalisation>& length_note);

} // namespace dateline::searcher::searcher_detail
