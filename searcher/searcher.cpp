/** @file searcher.cpp
 *  @brief One search: Searcher::search (run again after a writer's change,
 *  without a remote shard that failed) and search_once, the phases of a
 *  query in order: the query built (plan_query: the request's query, its
 *  filters, BM25's parameters, --recency), its ranking evidence and
 *  feedback (set_ranking), sort and collapse, then the counts and the page
 *  (searcher_page.cpp). Not here: opening (searcher_open.cpp), identity,
 *  reopening and lost remote shards (searcher_refresh.cpp), --like's query
 *  and --recency's settings (searcher_like_recency.cpp), the timeline count
 *  (searcher_timeline.cpp), --explain and spelling (searcher_explain.cpp).
 */
#include "searcher/searcher.hpp"
#include "searcher/searcher_internal.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/change_retry.hpp"
#include "searcher/ranking.hpp"
#include "searcher/remote.hpp"
#include "searcher/similar_to.hpp"
#include "searcher/story.hpp"
#include "searcher/weighting.hpp"
#include "searcher/window_page.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

namespace dateline::searcher {

using namespace searcher_detail;  // the helpers Searcher's files share (searcher_internal.hpp)

namespace {

/// Sort key: the date value, with undated articles last in both orders.
class DateKeyMaker : public Xapian::KeyMaker {
public:
  explicit DateKeyMaker(bool newest_first) : m_newest_first(newest_first) {}
  std::string operator()(const Xapian::Document& doc) const override {
    std::string date = doc.get_value(schema::k_slot_date);
    if (date.empty()) return m_newest_first ? std::string() : std::string("\xFF");
    return date;
  }

private:
  bool m_newest_first;
};

/// --sort newest/oldest on @p enquire (relevance: nothing to set).
void set_order(Xapian::Enquire& enquire, SortOrder sort, bool any_remote) {
  if (any_remote && sort != SortOrder::relevance) {
    // #15.4: Xapian's remote backend takes no KeyMaker; the date value itself
    // sorts the same, except that undated articles (no value) would come
    // first in --sort oldest: oldest_first_page puts them last.
    enquire.set_sort_by_value_then_relevance(schema::k_slot_date, sort == SortOrder::newest);
  } else {
    // The Enquire owns the key makers (release()).
    if (sort == SortOrder::newest) enquire.set_sort_by_key_then_relevance((new DateKeyMaker(true))->release(), true);
    if (sort == SortOrder::oldest) enquire.set_sort_by_key_then_relevance((new DateKeyMaker(false))->release(), false);
  }
}

/// The result's fields that come from the request and the plan alone.
SearchResult result_header(const SearchRequest& request, const RewrittenQuery& rewritten,
                           const searcher_detail::QueryPlan& plan) {
  SearchResult result;
  result.parsed = plan.parsed;
  result.query = !rewritten.cleaned.empty()    ? rewritten.cleaned
                 : !request.story.empty()      ? "--story " + request.story
                 : !request.similar_to.empty() ? "--similar-to " + request.similar_to
                                               : rewritten.cleaned;
  result.offset = request.offset;
  result.limit = request.limit;
  result.since = request.since;
  result.until = request.until;
  for (const LikeArticle& article : plan.like) result.like.push_back(article.path);
  result.collapsed = request.collapse;
  return result;
}

} // namespace

SearchResult Searcher::search(const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  // --like alone, or --story/--similar-to without a query, has no query text: nothing to rewrite.
  const bool no_text = (!request.like.empty() || !request.story.empty() || !request.similar_to.empty()) &&
                       clean_query_text(request.query).find_first_not_of(' ') == std::string::npos;
  const RewrittenQuery rewritten = no_text ? RewrittenQuery{} : m_rewriter.rewrite(request.query);
  bool dropped_shards = false;
  ChangeRetry changes;  // a writer discarding the revision read: wait, reopen, run again
  for (int attempt = 1;; ++attempt) {
    try {
      SearchResult result = search_once(request, rewritten);
      add_query_notes(rewritten, result);
      result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      result.missing_shards = m_missing;
      return result;
    } catch (const Xapian::NetworkError& e) {
      // #15.4: a remote shard went down or timed out mid-query: name it, or
      // (--allow-partial) search once more without it.
      drop_failed_shards(e, !dropped_shards);
      dropped_shards = true;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (!changes.wait_before_retry()) {
        throw DatabaseError("the database kept changing while searching (" + changes.summary() +
                            "): " + e.get_msg());
      }
      refresh();
    } catch (const Xapian::DocNotFoundError&) {
      // A document the revision being read listed was gone when it was
      // fetched: a writer's later commits discarded that revision, and
      // Xapian said so with DocNotFoundError rather than
      // DatabaseModifiedError (seen by Overlap.OneShotSearchesDuring-
      // FrequentCommitsNeverFail, one run in several). Run again on the
      // newest revision when the database did move on; on a database that
      // did not change the missing document is real, and reported.
      if (!refresh_databases() || !changes.wait_before_retry()) throw;
    } catch (const Xapian::DatabaseError&) {
      // A database changed under a reader is not always reported as
      // DatabaseModifiedError (an in-place rebuild can give "EOF reading
      // block"), and the files of a replaced database can vanish under a
      // search: open it again and run again. A database that is really
      // damaged fails the same way every time and is reported.
      // Opened afresh by path: no block or cursor of the failed attempt is kept.
      if (attempt >= k_max_reopen_attempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
      reopen_replaced();
    }
  }
}

SearchResult Searcher::search_once(const SearchRequest& request, const RewrittenQuery& rewritten) {
  const QueryPlan plan = plan_query(request, rewritten);
  SearchResult result = result_header(request, rewritten, plan);

  Xapian::Enquire enquire(m_db);
  enquire.set_query(plan.query);
  const std::unique_ptr<Xapian::Weight> weighting = make_weight(request.ranking.weighting, plan.bm25);  // --weighting
  enquire.set_weighting_scheme(*weighting);
  const std::optional<WindowMatch> window_match = set_ranking(enquire, request, rewritten, plan, *weighting);
  set_order(enquire, request.sort, plan.any_remote);
  // One hit per near-duplicate story (#11.1): the best copy; the counts
  // count stories too.
  if (plan.collapse) enquire.set_collapse_key(schema::k_slot_story);

  if (request.timeline) add_timeline(request, plan, result);
  if (request.count_only || request.limit == 0) {
    count_without_page(enquire, request, rewritten, plan, result);
    return result;
  }
  const MatchPage page = match_page(enquire, window_match, request, plan);
  count_page(plan, page, result);
  add_hits(page, request, rewritten, plan, result);
  add_story_dates(result, plan.any_remote);
  add_notes(request, rewritten, plan, result, true);
  return result;
}

searcher_detail::QueryPlan Searcher::plan_query(const SearchRequest& request, const RewrittenQuery& rewritten) const {
  searcher_detail::QueryPlan plan;
  BuildOptions build;
  // Date order ignores relevance, so the natural mode's "every word first,
  // then any word" would interleave partial matches by date: require every
  // word (--any still asks for any).
  build.mode = request.mode == MatchMode::natural && request.sort != SortOrder::relevance ? MatchMode::all
                                                                                           : request.mode;
  build.since = request.since;
  build.until = request.until;
  build.synonyms = request.synonyms;
  build.all_words_boost = request.ranking.all_words_boost.value_or(k_all_words_boost);
  // --broad-all-words-boost: a query whose words many articles hold together
  // (a topic) gets its own boost; a specific one (a known item) keeps the
  // other. The same test as feedback's specificity guard (ranking.hpp).
  const std::optional<double> broad_boost = request.ranking.broad_all_words_boost;
  // --specific-bm25-b (#13.1): a specific query (the same test, counted once)
  // gets its own b, unless --bm25-b sets one b for every query.
  const bool ranked_natural = build.mode == MatchMode::natural && request.like.empty() && !request.count_only;
  const bool boost_decides = broad_boost && ranked_natural && rewritten.words.size() >= 2;
  const bool b_decides = request.ranking.specific_bm25_b && !request.ranking.bm25_b && ranked_natural &&
                         !evidence_terms(rewritten).empty();
  const bool broad =
      (boost_decides || b_decides) && all_words_in_at_least(m_db, rewritten, k_feedback_min_all_words);
  if (boost_decides && broad) build.all_words_boost = *broad_boost;
  const bool specific_b = b_decides && !broad;
  const bool story_listing = !request.story.empty() || !request.similar_to.empty();
  Xapian::Query query = !request.like.empty()
                            ? more_like_this(m_db, m_language, m_builder, request, rewritten, build, plan.like,
                                             plan.expansion)
                        : rewritten.cleaned.empty() && story_listing ? Xapian::Query::MatchAll
                                                                     : m_builder.build(rewritten, build, m_db);
  // --story, --similar-to (#11.1): only that story's copies.
  if (!request.story.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, story_filter(m_db, request.story));
  if (!request.similar_to.empty()) {
    const OpenedShard* holder = metadata_shard();  // the rule is archive metadata
    const std::string rule = (holder ? holder->db : m_db).get_metadata(std::string(schema::k_meta_dup_rule));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, similar_to_filter(m_db, rule, m_analyzer, request.similar_to));
  }
  Bm25Parameters& bm25 = plan.bm25;  // --bm25-k1/--bm25-b: the recency bonus scales with the scores they give
  bm25 = m_bm25;
  bm25.k1 = request.ranking.bm25_k1.value_or(bm25.k1);
  if (specific_b) bm25.b = request.ranking.specific_bm25_b.value_or(bm25.b);
  bm25.b = request.ranking.bm25_b.value_or(bm25.b);
  if (request.ranking.specific_bm25_b) {
    plan.length_note = Explanation::LengthNormalisation{
        bm25.b, request.ranking.bm25_b ? "--bm25-b given: one b for every query"
                : !b_decides           ? "--specific-bm25-b applies only to a natural-language relevance search "
                                         "with plain words"
                : specific_b           ? "a specific query: fewer than " + std::to_string(k_feedback_min_all_words) +
                                   " articles hold every plain word, so --specific-bm25-b"
                                       : "a broad query: at least " + std::to_string(k_feedback_min_all_words) +
                                   " articles hold every plain word, so the general b"};
  }
  // recency_passed_over: the newest date, when after today and passed over as "now"
  plan.any_remote = std::any_of(m_shards.begin(), m_shards.end(), [](const OpenedShard& s) { return s.remote; });
  std::vector<std::string> match_dates;  // remote shards: the dates the bonus maps
  plan.recency = recency_settings(m_db, query, request, bm25, plan.max_text_score, plan.recency_passed_over,
                                  plan.any_remote ? &match_dates : nullptr);
  Xapian::Query matching = query;
  if (plan.recency) {
    query = plan.any_remote ? with_remote_recency(query, *plan.recency, match_dates) : with_recency(query, *plan.recency);
  }
  plan.parsed = readable_like_exclusion(query.get_description(), plan.like);
  if (request.sequence) {  // --new-since: a filter, so it changes no weight
    const Xapian::Query sequence(Xapian::Query::OP_VALUE_RANGE, schema::k_slot_seq,
                                 schema::pack_seq(request.sequence->first), schema::pack_seq(request.sequence->last));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, sequence);
    matching = Xapian::Query(Xapian::Query::OP_FILTER, matching, sequence);
    // As Xapian describes it, but with the numbers in decimal: it would print
    // the packed values as escaped bytes ("\x00\x00\x00\x00\x00\x00\x00+").
    std::string inner = plan.parsed;  // inside "Query(...)"
    if (inner.starts_with("Query(") && inner.ends_with(")")) inner = inner.substr(6, inner.size() - 7);
    plan.parsed = "Query((" + inner + " FILTER VALUE_RANGE " + std::to_string(schema::k_slot_seq) + " " +
                  std::to_string(request.sequence->first) + " " + std::to_string(request.sequence->last) + "))";
  }
  plan.query = std::move(query);
  plan.matching = std::move(matching);
  // Collapsing costs nothing where no story has two copies (no value).
  plan.collapse = request.collapse && m_db.get_value_freq(schema::k_slot_story) > 0;
  // The date value ranges the query may hold, which match_set reads from D terms.
  plan.date_ranges = rewritten.dates;
  if (request.since || request.until) plan.date_ranges.push_back({request.since, request.until});
  return plan;
}

std::optional<WindowMatch> Searcher::set_ranking(Xapian::Enquire& enquire, const SearchRequest& request,
                                                 const RewrittenQuery& rewritten, const searcher_detail::QueryPlan& plan,
                                                 const Xapian::Weight& weighting) const {
  // Extra evidence only re-orders the matches (AND_MAYBE): counts stay, and
  // a count alone needs none (feedback would cost a match for nothing).
  if (request.sort != SortOrder::relevance || !request.ranking.any_evidence() || request.count_only ||
      request.limit == 0) {
    return std::nullopt;
  }
  // first_pass's short cut reasons about BM25's weights (first_pass.hpp):
  // under another --weighting model every match is weighed.
  const Bm25Parameters* first_pass_bm25 = request.ranking.weighting == WeightingModel::bm25 ? &plan.bm25 : nullptr;
  // --feedback-window: the page's match among the window's articles (window_page.hpp).
  std::optional<WindowMatch> window_match;
  const std::vector<std::string> terms = evidence_terms(rewritten);
  const std::vector<std::string> headline = title_terms(rewritten, request.ranking.title_match);  // --title-match
  Xapian::Query ranked = with_evidence(plan.query, headline_evidence(headline, request.ranking.title_weight, &m_db));
  ranked = with_evidence(ranked, proximity_evidence(terms, request.ranking.proximity_weight));
  ranked = with_evidence(ranked, pair_proximity_evidence(terms, request.ranking.pair_proximity_weight));
  const std::size_t window = request.ranking.feedback_window * request.limit;  // not the offset: pages of one size rank alike
  if (request.ranking.feedback_window > 0 && !plan.any_remote && window <= k_feedback_depth_limit) {
    // --feedback-window (#15.2): --feedback-depth's ranking with the
    // depth tied to the page; the page is then matched among the window
    // and the articles other evidence reaches, instead of every match.
    FeedbackWindow fed = feedback_window(m_db, enquire, rewritten, request.ranking.feedback_terms,
                                         request.ranking.feedback_weight, request.ranking.feedback_max_words,
                                         window, request.ranking.feedback_max_share, first_pass_bm25);
    ranked = with_evidence(ranked, fed.expansion);
    // Proximity evidence reaches articles no term list tells: no short cut then.
    if (!fed.window.empty() && request.ranking.proximity_weight <= 0.0 &&
        request.ranking.pair_proximity_weight <= 0.0) {
      const Xapian::Query titled = headline_evidence(headline, request.ranking.title_weight, &m_db);
      window_match.emplace(WindowMatch{ranked, fed.window, titled, fed.outside_at_most,
                                       evidence_at_most(m_db, titled, weighting), std::move(fed.first)});
    }
  } else {
    ranked = with_evidence(ranked, feedback_evidence(m_db, enquire, rewritten, request.ranking.feedback_terms,
                                                     request.ranking.feedback_weight,
                                                     request.ranking.feedback_max_words,
                                                     plan.any_remote ? 0 : request.ranking.feedback_depth,
                                                     request.ranking.feedback_max_share,
                                                     plan.any_remote ? nullptr : first_pass_bm25));
  }
  enquire.set_query(ranked);
  return window_match;
}

} // namespace dateline::searcher
