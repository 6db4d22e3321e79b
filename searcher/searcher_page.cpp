/** @file searcher_page.cpp
 *  @brief search_once's later phases: the counts (--timeline's hook, a
 *  count without a page, the exact count of a page's few uncertain
 *  candidates, stories counted under collapse), the page's match (the
 *  window's short cut, --sort oldest over remote shards, the whole match)
 *  and the page's hits with their snippets and story dates. The phases
 *  before them are in searcher.cpp.
 */
#include "searcher/searcher.hpp"
#include "searcher/searcher_internal.hpp"

#include "common/encoding.hpp"
#include "common/schema.hpp"
#include "searcher/match_set.hpp"
#include "searcher/oldest_first.hpp"
#include "searcher/snippet.hpp"
#include "searcher/story.hpp"
#include "searcher/window_page.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace dateline::searcher {

using namespace searcher_detail;  // the helpers Searcher's files share (searcher_internal.hpp)

namespace {

/// @p root / @p relative as std::filesystem::path's operator/ joins them
/// (an absolute @p relative replaces the root), without building paths.
std::string join_path(const std::string& root, const std::string& relative) {
  if (root.empty() || relative.starts_with('/')) return relative;
  if (relative.empty()) return root.ends_with('/') ? root : root + '/';
  return root.ends_with('/') ? root + relative : root + '/' + relative;
}

} // namespace

std::pair<std::size_t, bool> Searcher::count_stories(const searcher_detail::QueryPlan& plan, Xapian::doccount check_at_least) const {
  // An exact count of matching stories: Xapian's bounds do not meet under a
  // collapse key. A boolean-shaped query: its matches from posting lists and
  // one pass of the story slot. Others: count every match without the
  // collapse key and take away the copies beyond the first of each story (a
  // spy on the story slot).
  // #15.4: not with remote shards, where reading a value stream fetches
  // every document: the spy below runs on the servers.
  if (!plan.any_remote) {
    if (const std::optional<std::vector<Xapian::docid>> matches = match_set(m_db, plan.matching, plan.date_ranges)) {
      return {distinct_stories(m_db, *matches), true};
    }
  }
  Xapian::Enquire counter = counting_enquire(m_db, plan.matching);
  Xapian::ValueCountMatchSpy stories(schema::k_slot_story);
  counter.add_matchspy(&stories);
  const Xapian::MSet all = counter.get_mset(0, 0, check_at_least);
  std::size_t copies = 0;
  for (auto it = stories.values_begin(); it != stories.values_end(); ++it) copies += it.get_termfreq() - 1;
  const std::size_t matches = all.get_matches_estimated();
  return std::make_pair(matches >= copies ? matches - copies : 0,
                        all.get_matches_lower_bound() == all.get_matches_upper_bound());
}

void Searcher::add_timeline(const SearchRequest& request, const searcher_detail::QueryPlan& plan, SearchResult& result) const {
  // The docid -> day map (#12.1), when the one local database holds a valid one.
  const std::optional<day_runs::DayRuns> day_map = plan.any_remote ? std::nullopt : usable_day_runs(m_db);
  const day_runs::DayRuns* map = day_map ? &*day_map : nullptr;
  const std::optional<std::vector<Xapian::docid>> matches =
      count_timeline(plan.matching, plan.date_ranges, *request.timeline, result, map);
  if (request.collapse) {
    // Distinct stories per period beside the articles (#12.1), from the
    // matches' story values (a story of one copy has none); the result
    // line counts stories, as it does without --timeline, from the same
    // copies. No story values: every article is its own story.
    const std::vector<StoryCopy> copies = !plan.collapse   ? std::vector<StoryCopy>{}
                                          : matches         ? story_copies(m_db, *matches, map)
                                          : plan.any_remote ? story_copies_on_servers(m_db, plan.matching)
                                                            : story_copies(m_db, plan.matching);
    add_story_counts(*result.timeline, copies);
    result.total_estimate = count_distinct_stories(result.total_estimate, copies);
  }
}

void Searcher::count_without_page(Xapian::Enquire& enquire, const SearchRequest& request,
                                  const RewrittenQuery& rewritten, const searcher_detail::QueryPlan& plan,
                                  SearchResult& result) const {
  if (!result.timeline) {  // a timeline has counted exactly already
    // Checking every document makes the count exact.
    if (plan.collapse) {
      std::tie(result.total_estimate, result.total_exact) = count_stories(plan, m_db.get_doccount());
    } else {
      const Xapian::MSet all = enquire.get_mset(0, 0, m_db.get_doccount());
      result.total_estimate = all.get_matches_estimated();
      result.total_exact = all.get_matches_lower_bound() == all.get_matches_upper_bound();
    }
  }
  result.limit = 0;
  // --limit 0: the count line, with its suggestion and explanation
  if (!request.count_only) add_notes(request, rewritten, plan, result, !result.timeline);
}

MatchPage Searcher::match_page(Xapian::Enquire& enquire, const std::optional<WindowMatch>& window_match,
                               const SearchRequest& request, const searcher_detail::QueryPlan& plan) const {
  const auto offset = static_cast<Xapian::doccount>(request.offset);
  const auto limit = static_cast<Xapian::doccount>(request.limit);
  // --feedback-window: the page among the window's articles, when it is the whole match's.
  std::optional<MatchPage> windowed =
      window_match ? window_page(enquire, *window_match, offset, limit, plan.collapse) : std::nullopt;
  if (windowed) return std::move(*windowed);
  if (plan.any_remote && request.sort == SortOrder::oldest) {
    return oldest_first_page(enquire, offset, limit, plan.collapse);
  }
  return whole_page(enquire.get_mset(offset, limit, offset + limit + 1));
}

void Searcher::count_page(const searcher_detail::QueryPlan& plan, const MatchPage& page, SearchResult& result) const {
  if (!result.timeline) {
    result.total_estimate = page.estimated;
    result.total_exact = page.lower == page.upper;
  }
  if (result.total_exact || page.upper > k_exact_count_limit) return;
  // Count the few candidates left uncertain: a second match that returns no
  // documents and checks every candidate (counting_enquire).
  if (plan.collapse) {
    // Every copy is a candidate: the collapsed bound can be below their
    // number (with remote shards it was: each server collapses its own).
    const auto [stories, exact] = count_stories(plan, std::max(page.upper, page.uncollapsed_upper));
    if (exact) {
      result.total_estimate = stories;
      result.total_exact = true;
    }
  } else {
    const Xapian::MSet all = counting_enquire(m_db, plan.matching).get_mset(0, 0, page.upper);
    if (all.get_matches_lower_bound() == all.get_matches_upper_bound()) {
      result.total_estimate = all.get_matches_estimated();
      result.total_exact = true;
    }
  }
}

void Searcher::add_hits(const MatchPage& page, const SearchRequest& request, const RewrittenQuery& rewritten,
                        const searcher_detail::QueryPlan& plan, SearchResult& result) const {
  // A wildcard highlights the terms it expanded to, not every word with its prefix.
  const HighlightTerms terms =
      request.snippets > 0
          ? collect_highlight_terms(plan.query, rewritten,
                                    [this](const QueryWord& word) { return wildcard_expansion(m_db, word); })
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
    hit.title_derived = data.title_derived;
    hit.score = it.get_weight();
    if (plan.recency) hit.recency = recency_bonus_for_value(*plan.recency, doc.get_value(schema::k_slot_date));
    hit.story = story_of(doc, data);
    if (request.snippets > 0) {
      hit.snippets = make_snippets(data.text, terms, m_analyzer, snippet_options);
      // The headline's matches too: a hit that matched only there shows why.
      hit.title_highlights = highlight_whole_text(strip_control_chars(hit.title), terms, m_analyzer);
    }
    result.hits.push_back(std::move(hit));
  }
}

void Searcher::add_story_dates(SearchResult& result, bool any_remote) {
  // The page's stories' copies from their band terms (a pass of the story
  // slot only where that is cheaper; #15.2); a reader that shows a second
  // page (--batch) keeps the stories instead (docs/benchmarks.md).
  if (std::none_of(result.hits.begin(), result.hits.end(), [](const Hit& hit) { return !hit.story.empty(); })) return;
  if (any_remote) {
    // Remote shards (#15.4): a band walk would be a round trip per posting
    // list and value, a pass over the story slot a round trip per grouped
    // document; the servers match each story's copies instead.
    add_duplicate_dates_on_servers(m_db, result.hits);
    return;
  }
  if (!m_story_copies && ++m_story_pages > 1 && m_db.get_value_freq(schema::k_slot_story) > 0) {
    m_story_copies.emplace(m_db);
  }
  add_duplicate_dates(m_db, result.hits, m_story_copies ? &*m_story_copies : nullptr);
}

} // namespace dateline::searcher
