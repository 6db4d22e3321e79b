/** @file searcher.cpp
 *  @brief One search: Searcher::search (run again after a writer's change,
 *  without a remote shard that failed) and search_once (the request's query
 *  and its ranking evidence, --feedback-window, sort and collapse, exact
 *  counts, --timeline's hook, the page's hits with snippets and story dates).
 *  Not here: opening (searcher_open.cpp), identity, reopening and lost
 *  remote shards (searcher_refresh.cpp), --like's query and --recency's
 *  settings (searcher_like_recency.cpp), the timeline count
 *  (searcher_timeline.cpp), --explain and spelling (searcher_explain.cpp).
 */
#include "searcher/searcher.hpp"
#include "searcher/searcher_internal.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "searcher/change_retry.hpp"
#include "searcher/match_set.hpp"
#include "searcher/oldest_first.hpp"
#include "searcher/ranking.hpp"
#include "searcher/remote.hpp"
#include "searcher/similar_to.hpp"
#include "searcher/story.hpp"
#include "searcher/weighting.hpp"
#include "searcher/window_page.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <tuple>
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

/// @p root / @p relative as std::filesystem::path's operator/ joins them
/// (an absolute @p relative replaces the root), without building paths.
std::string join_path(const std::string& root, const std::string& relative) {
  if (root.empty() || relative.starts_with('/')) return relative;
  if (relative.empty()) return root.ends_with('/') ? root : root + '/';
  return root.ends_with('/') ? root + relative : root + '/' + relative;
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
  std::vector<LikeArticle> like;
  std::vector<std::string> expansion;
  const bool story_listing = !request.story.empty() || !request.similar_to.empty();
  Xapian::Query query = !request.like.empty()
                            ? more_like_this(m_db, m_language, m_builder, request, rewritten, build, like, expansion)
                        : rewritten.cleaned.empty() && story_listing ? Xapian::Query::MatchAll
                                                                     : m_builder.build(rewritten, build, m_db);
  // --story, --similar-to (#11.1): only that story's copies.
  if (!request.story.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, story_filter(m_db, request.story));
  if (!request.similar_to.empty()) {
    const OpenedShard* holder = metadata_shard();  // the rule is archive metadata
    const std::string rule = (holder ? holder->db : m_db).get_metadata(std::string(schema::k_meta_dup_rule));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, similar_to_filter(m_db, rule, m_analyzer, request.similar_to));
  }
  double max_text_score = 0.0;
  Bm25Parameters bm25 = m_bm25;  // --bm25-k1/--bm25-b: the recency bonus scales with the scores they give
  bm25.k1 = request.ranking.bm25_k1.value_or(bm25.k1);
  if (specific_b) bm25.b = request.ranking.specific_bm25_b.value_or(bm25.b);
  bm25.b = request.ranking.bm25_b.value_or(bm25.b);
  std::optional<Explanation::LengthNormalisation> length_note;
  if (request.ranking.specific_bm25_b) {
    length_note = Explanation::LengthNormalisation{
        bm25.b, request.ranking.bm25_b ? "--bm25-b given: one b for every query"
                : !b_decides           ? "--specific-bm25-b applies only to a natural-language relevance search "
                                         "with plain words"
                : specific_b           ? "a specific query: fewer than " + std::to_string(k_feedback_min_all_words) +
                                   " articles hold every plain word, so --specific-bm25-b"
                                       : "a broad query: at least " + std::to_string(k_feedback_min_all_words) +
                                   " articles hold every plain word, so the general b"};
  }
  std::optional<Date> recency_passed_over;  // the newest date, when after today and passed over as "now"
  const std::optional<RecencySettings> recency =
      recency_settings(m_db, query, request, bm25, max_text_score, recency_passed_over);
  const bool any_remote = std::any_of(m_shards.begin(), m_shards.end(), [](const OpenedShard& s) { return s.remote; });
  if (recency) query = any_remote ? with_remote_recency(query, *recency, m_db) : with_recency(query, *recency);
  SearchResult result;
  result.parsed = query.get_description();
  if (request.sequence) {  // --new-since: a filter, so it changes no weight
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::k_slot_seq,
                                        schema::pack_seq(request.sequence->first),
                                        schema::pack_seq(request.sequence->last)));
    // As Xapian describes it, but with the numbers in decimal: it would print
    // the packed values as escaped bytes ("\x00\x00\x00\x00\x00\x00\x00+").
    std::string inner = result.parsed;  // inside "Query(...)"
    if (inner.starts_with("Query(") && inner.ends_with(")")) inner = inner.substr(6, inner.size() - 7);
    result.parsed = "Query((" + inner + " FILTER VALUE_RANGE " + std::to_string(schema::k_slot_seq) + " " +
                    std::to_string(request.sequence->first) + " " + std::to_string(request.sequence->last) + "))";
  }
  result.query = !rewritten.cleaned.empty()    ? rewritten.cleaned
                 : !request.story.empty()      ? "--story " + request.story
                 : !request.similar_to.empty() ? "--similar-to " + request.similar_to
                                               : rewritten.cleaned;
  result.offset = request.offset;
  result.limit = request.limit;
  result.since = request.since;
  result.until = request.until;
  for (const LikeArticle& article : like) result.like.push_back(article.path);
  // Collapsing costs nothing where no story has two copies (no value).
  const bool collapse = request.collapse && m_db.get_value_freq(schema::k_slot_story) > 0;
  result.collapsed = request.collapse;

  Xapian::Enquire enquire(m_db);
  enquire.set_query(query);
  const std::unique_ptr<Xapian::Weight> weighting = make_weight(request.ranking.weighting, bm25);  // --weighting
  enquire.set_weighting_scheme(*weighting);
  // first_pass's short cut reasons about BM25's weights (first_pass.hpp):
  // under another --weighting model every match is weighed.
  const Bm25Parameters* first_pass_bm25 = request.ranking.weighting == WeightingModel::bm25 ? &bm25 : nullptr;
  // --feedback-window: the page's match among the window's articles (window_page.hpp).
  std::optional<WindowMatch> window_match;
  if (request.sort == SortOrder::relevance && request.ranking.any_evidence() && !request.count_only &&
      request.limit > 0) {
    // Extra evidence only re-orders the matches (AND_MAYBE): counts stay, and
    // a count alone needs none (feedback would cost a match for nothing).
    const std::vector<std::string> terms = evidence_terms(rewritten);
    const std::vector<std::string> headline = title_terms(rewritten, request.ranking.title_match);  // --title-match
    Xapian::Query ranked = with_evidence(query, headline_evidence(headline, request.ranking.title_weight));
    ranked = with_evidence(ranked, proximity_evidence(terms, request.ranking.proximity_weight));
    ranked = with_evidence(ranked, pair_proximity_evidence(terms, request.ranking.pair_proximity_weight));
    const std::size_t window = request.ranking.feedback_window * request.limit;  // not the offset: pages of one size rank alike
    if (request.ranking.feedback_window > 0 && !any_remote && window <= k_feedback_depth_limit) {
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
        const Xapian::Query titled = headline_evidence(headline, request.ranking.title_weight);
        window_match.emplace(WindowMatch{ranked, fed.window, titled, fed.outside_at_most,
                                         evidence_at_most(m_db, titled, *weighting),
                                         std::move(fed.first)});
      }
    } else {
      ranked = with_evidence(ranked, feedback_evidence(m_db, enquire, rewritten, request.ranking.feedback_terms,
                                                       request.ranking.feedback_weight,
                                                       request.ranking.feedback_max_words,
                                                       any_remote ? 0 : request.ranking.feedback_depth,
                                                       request.ranking.feedback_max_share, any_remote ? nullptr : first_pass_bm25));
    }
    enquire.set_query(ranked);
  }
  DateKeyMaker newest(true);
  DateKeyMaker oldest(false);
  if (any_remote && request.sort != SortOrder::relevance) {
    // #15.4: Xapian's remote backend takes no KeyMaker; the date value itself
    // sorts the same, except that undated articles (no value) would come
    // first in --sort oldest: oldest_first_page puts them last.
    enquire.set_sort_by_value_then_relevance(schema::k_slot_date, request.sort == SortOrder::newest);
  } else {
    if (request.sort == SortOrder::newest) enquire.set_sort_by_key_then_relevance(&newest, true);
    if (request.sort == SortOrder::oldest) enquire.set_sort_by_key_then_relevance(&oldest, false);
  }
  // One hit per near-duplicate story (#11.1): the best copy; the counts
  // below count stories too.
  if (collapse) enquire.set_collapse_key(schema::k_slot_story);
  // The date value ranges the query may hold, which match_set reads from D terms.
  std::vector<DateBounds> date_ranges = rewritten.dates;
  if (request.since || request.until) date_ranges.push_back({request.since, request.until});
  // An exact count of matching stories: Xapian's bounds do not meet under a
  // collapse key. A boolean-shaped query: its matches from posting lists and
  // one pass of the story slot. Others: count every match without the
  // collapse key and take away the copies beyond the first of each story (a
  // spy on the story slot).
  const auto count_stories = [&](Xapian::doccount check_at_least) -> std::pair<std::size_t, bool> {
    // #15.4: not with remote shards, where reading a value stream fetches
    // every document: the spy below runs on the servers.
    if (!any_remote) {
      if (const std::optional<std::vector<Xapian::docid>> matches = match_set(m_db, query, date_ranges)) {
        return {distinct_stories(m_db, *matches), true};
      }
    }
    Xapian::Enquire counter(m_db);
    counter.set_query(query);
    counter.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.0, 0.5));
    Xapian::ValueCountMatchSpy stories(schema::k_slot_story);
    counter.add_matchspy(&stories);
    const Xapian::MSet all = counter.get_mset(0, 0, check_at_least);
    std::size_t copies = 0;
    for (auto it = stories.values_begin(); it != stories.values_end(); ++it) copies += it.get_termfreq() - 1;
    const std::size_t matches = all.get_matches_estimated();
    return std::make_pair(matches >= copies ? matches - copies : 0,
                          all.get_matches_lower_bound() == all.get_matches_upper_bound());
  };

  if (request.timeline) {
    // The docid -> day map (#12.1), when the one local database holds a valid one.
    const std::optional<day_runs::DayRuns> day_map = any_remote ? std::nullopt : usable_day_runs(m_db);
    const day_runs::DayRuns* map = day_map ? &*day_map : nullptr;
    const std::optional<std::vector<Xapian::docid>> matches =
        count_timeline(query, date_ranges, *request.timeline, result, map);
    if (request.collapse) {
      // Distinct stories per period beside the articles (#12.1), from the
      // matches' story values (a story of one copy has none); the result
      // line counts stories, as it does without --timeline, from the same
      // copies. No story values: every article is its own story.
      const std::vector<StoryCopy> copies = !collapse   ? std::vector<StoryCopy>{}
                                            : matches    ? story_copies(m_db, *matches, map)
                                            : any_remote ? story_copies_on_servers(m_db, query)
                                                         : story_copies(m_db, query);
      add_story_counts(*result.timeline, copies);
      result.total_estimate = count_distinct_stories(result.total_estimate, copies);
    }
  }
  if (request.count_only || request.limit == 0) {
    if (result.timeline) {  // counted exactly already
      result.limit = 0;
      if (!request.count_only) {
        if (request.suggest && (request.explain || result.total_estimate < 10)) result.suggestion = suggest(rewritten, request.synonyms);
        if (request.explain) {
          result.explanation = explain(request, rewritten);
          explain_ranking(*result.explanation, recency, request.recency_weight, max_text_score, recency_passed_over,
                          expansion, length_note);
        }
      }
      return result;
    }
    // Checking every document makes the count exact.
    if (collapse) {
      std::tie(result.total_estimate, result.total_exact) = count_stories(m_db.get_doccount());
    } else {
      const Xapian::MSet all = enquire.get_mset(0, 0, m_db.get_doccount());
      result.total_estimate = all.get_matches_estimated();
      result.total_exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
    }
    result.limit = 0;
    if (!request.count_only) {  // --limit 0: the count line, with its suggestion and explanation
      if (request.suggest && (request.explain || result.total_estimate < 10)) result.suggestion = suggest(rewritten, request.synonyms);
      if (request.explain) {
        result.explanation = explain(request, rewritten);
        result.explanation->synonyms = synonym_expansions(query);
        explain_ranking(*result.explanation, recency, request.recency_weight, max_text_score, recency_passed_over,
                        expansion, length_note);
      }
    }
    return result;
  }

  const auto offset = static_cast<Xapian::doccount>(request.offset);
  const auto limit = static_cast<Xapian::doccount>(request.limit);
  // --feedback-window: the page among the window's articles, when it is the whole match's.
  const std::optional<MatchPage> windowed =
      window_match ? window_page(enquire, *window_match, offset, limit, collapse) : std::nullopt;
  const MatchPage page = windowed                                          ? *windowed
                         : any_remote && request.sort == SortOrder::oldest ? oldest_first_page(enquire, offset, limit, collapse)
                                                                           : whole_page(enquire.get_mset(offset, limit, offset + limit + 1));
  if (!result.timeline) {
    result.total_estimate = page.estimated;
    result.total_exact = page.lower == page.upper;
  }
  if (!result.total_exact && page.upper <= k_exact_count_limit) {
    // Count the few candidates left uncertain: a second match that returns
    // no documents and checks every candidate, weighed by BM25 without length
    // normalisation (no document length to read; the set of matches does not
    // depend on the weights). Not BoolWeight or CoordWeight: with them Xapian
    // 1.4.22 threw "Unexpected end of posting list" for some OR/AND_NOT
    // queries on a sound database (seen in Overlap.ThousandSearches...).
    if (collapse) {
      // Every copy is a candidate: the collapsed bound can be below their
      // number (with remote shards it was: each server collapses its own).
      const auto [stories, exact] = count_stories(std::max(page.upper, page.uncollapsed_upper));
      if (exact) {
        result.total_estimate = stories;
        result.total_exact = true;
      }
    } else {
      Xapian::Enquire counter(m_db);
      counter.set_query(query);
      counter.set_weighting_scheme(Xapian::BM25Weight(1.0, 0.0, 1.0, 0.0, 0.5));
      const Xapian::MSet all = counter.get_mset(0, 0, page.upper);
      if (all.get_matches_lower_bound() == all.get_matches_upper_bound()) {
        result.total_estimate = all.get_matches_estimated();
        result.total_exact = true;
      }
    }
  }
  // A wildcard highlights the terms it expanded to, not every word with its prefix.
  const HighlightTerms terms =
      request.snippets > 0
          ? collect_highlight_terms(query, rewritten, [this](const QueryWord& word) { return wildcard_expansion(m_db, word); })
          : HighlightTerms{};
  SnippetOptions snippet_options;
  snippet_options.fragments = request.snippets;
  snippet_options.max_chars = request.snippet_chars;
  std::size_t rank = request.offset;
  for (const Xapian::MSetIterator& it : page.hits) {
    const Xapian::Document doc = it.get_document();
    const schema::DocumentData data = schema::DocumentData::parse(doc.get_data());
    Hit hit;
    hit.rank = ++rank;
    hit.docid = *it;
    hit.path = join_path(data.root, data.path);
    // The date from the document data (no value-stream lookup); documents
    // indexed before it was stored there have it in the date slot only.
    hit.date = !data.date.empty() ? data.date : schema::iso_date_from_value(doc.get_value(schema::k_slot_date));
    hit.title = data.title;
    hit.score = it.get_weight();
    if (recency) hit.recency = recency_bonus_for_value(*recency, doc.get_value(schema::k_slot_date));
    hit.story = story_of(doc, data);
    if (request.snippets > 0) hit.snippets = make_snippets(data.text, terms, m_analyzer, snippet_options);
    result.hits.push_back(std::move(hit));
  }
  // The page's stories' copies from their band terms (a pass of the story
  // slot only where that is cheaper; #15.2); a reader that shows a second
  // page (--batch) keeps the stories instead (docs/benchmarks.md).
  if (std::any_of(result.hits.begin(), result.hits.end(), [](const Hit& hit) { return !hit.story.empty(); })) {
    if (any_remote) {
      // Remote shards (#15.4): a band walk would be a round trip per posting
      // list and value, a pass over the story slot a round trip per grouped
      // document; the servers match each story's copies instead.
      add_duplicate_dates_on_servers(m_db, result.hits);
    } else {
      if (!m_story_copies && ++m_story_pages > 1 && m_db.get_value_freq(schema::k_slot_story) > 0) {
        m_story_copies.emplace(m_db);
      }
      add_duplicate_dates(m_db, result.hits, m_story_copies ? &*m_story_copies : nullptr);
    }
  }
  if (request.suggest && (request.explain || result.total_estimate < 10)) result.suggestion = suggest(rewritten, request.synonyms);
  if (request.explain) {
    result.explanation = explain(request, rewritten);
    result.explanation->synonyms = synonym_expansions(query);
    explain_ranking(*result.explanation, recency, request.recency_weight, max_text_score, recency_passed_over,
                    expansion, length_note);
  }
  return result;
}

} // namespace dateline::searcher
