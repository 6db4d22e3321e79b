/** @file searcher_like_recency.cpp
 *  @brief Two inputs of a search's query: --like's query (the given
 *  articles' expansion terms, narrowed by the query or the dates) and
 *  --recency's settings (the bonus scaled to the query's highest text
 *  score). Not here: where search_once applies them (searcher.cpp), the
 *  --like terms (like.cpp), the recency bonus itself (recency.cpp).
 */
#include "searcher/searcher_internal.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/match_set.hpp"
#include "searcher/weighting.hpp"

namespace dateline::searcher::searcher_detail {

/// --like (#11.3): the given articles' expansion terms (into @p like and
/// @p expansion), narrowed by the query (which then counts in the ranking
/// too) or by --since/--until alone, without the given articles and their copies.
Xapian::Query more_like_this(const Xapian::Database& db, const std::string& language, const QueryBuilder& builder,
                             const SearchRequest& request, const RewrittenQuery& rewritten, const BuildOptions& build,
                             std::vector<LikeArticle>& like, std::vector<std::string>& expansion) {
  like = resolve_like(db, request.like);
  expansion = like_terms(db, like, language);
  if (expansion.empty()) {
    throw UsageError("option --like: the given articles share no searchable word with any other article");
  }
  Xapian::Query query = like_query(expansion);
  if (!rewritten.text.empty()) {
    query = Xapian::Query(Xapian::Query::OP_AND, query, builder.build(rewritten, build, db));
  } else if (request.since || request.until) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_range_query(request.since, request.until));
  }
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query, like_exclusion(like));
}

/// --recency (#11.2): the bonus's settings for @p query, or nullopt without
/// --recency or when no article is dated. The bonus is scaled to the query's
/// highest possible text score (Xapian's bound, known once the posting lists
/// are open; no document is matched), returned in @p max_text_score. With
/// @p match_dates (remote shards) the probe visits every match instead and
/// returns their distinct dates there, the dates the remote bonus maps.
std::optional<RecencySettings> recency_settings(const Xapian::Database& db, const Xapian::Query& query,
                                                const SearchRequest& request, const Bm25Parameters& bm25,
                                                double& max_text_score, std::optional<Date>& passed_over,
                                                std::vector<std::string>* match_dates) {
  if (!request.recency_half_life_days) return std::nullopt;
  // By default the newest date not after today: a far-future typo must not
  // make every real article centuries old.
  const DefaultNow by_default = request.now ? DefaultNow{} : default_now(db, latest_current_date());
  const std::optional<Date> now = request.now ? request.now : by_default.now;
  if (!now) return std::nullopt;  // no dated article: no bonus to give
  passed_over = by_default.passed_over;
  Xapian::Enquire probe(db);
  probe.set_query(query);
  probe.set_weighting_scheme(*make_weight(request.ranking.weighting, bm25));
  if (match_dates != nullptr) {
    // Each server counts its matches' dates (a spy runs where the match does).
    Xapian::ValueCountMatchSpy dates(schema::k_slot_date);
    probe.add_matchspy(&dates);
    max_text_score = probe.get_mset(0, 0, db.get_doccount()).get_max_possible();
    for (auto it = dates.values_begin(); it != dates.values_end(); ++it) match_dates->push_back(*it);
  } else {
    max_text_score = probe.get_mset(0, 0).get_max_possible();
  }
  RecencySettings settings;
  settings.half_life_days = *request.recency_half_life_days;
  settings.weight = request.recency_weight * (max_text_score > 0.0 ? max_text_score : 1.0);
  settings.now = *now;
  return settings;
}

} // namespace dateline::searcher::searcher_detail
