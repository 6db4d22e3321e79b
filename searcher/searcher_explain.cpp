/** @file searcher_explain.cpp
 *  @brief The answers beside a search's hits: --explain's account (the
 *  rewritten query, words, wildcard expansions, dates, shards; the ranking
 *  notes of --recency, --like and --specific-bm25-b) and the spelling
 *  suggestion ("did you mean"), and add_notes, which puts both on a result.
 *  Not here: where search_once asks for them (searcher.cpp,
 *  searcher_page.cpp), synonyms' expansions (query_builder.cpp).
 */
#include "searcher/searcher.hpp"
#include "searcher/searcher_internal.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <utility>

namespace dateline::searcher {
namespace {

/// True when @p a and @p b (normalised terms) begin with the same UTF-8 character.
bool same_first_character(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return false;
  const auto lead = static_cast<unsigned char>(a.front());
  const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  return a.size() >= length && b.size() >= length && a.substr(0, length) == b.substr(0, length);
}

std::string iso_or_empty(const std::optional<Date>& date) { return date ? date->iso() : std::string(); }

/// How @p value (a normalised field value, words joined by '-') stands in
/// @p held (a value the index holds): 2 when as whole words ("marsh" in
/// "lena-marsh"), 1 when as the start of a word ("transp" in "transport";
/// values of 3 bytes or more), 0 when not.
int field_value_fit(std::string_view held, std::string_view value) {
  const std::string padded = "-" + std::string(held) + "-";
  if (padded.find("-" + std::string(value) + "-") != std::string::npos) return 2;
  if (value.size() >= 3 && padded.find("-" + std::string(value)) != std::string::npos) return 1;
  return 0;
}

/// The clause to write for @p field when no article holds its value whole:
/// the held value it fits best (whole words before a word's start, then the
/// most articles, then byte order), as `name:"its words"`; nullopt when none
/// fits or the field is excluded. Reads at most k_max_field_values values.
std::optional<std::string> field_suggestion(const Xapian::Database& db, const QueryField& field) {
  constexpr std::size_t k_max_field_values = 100000;
  if (field.excluded || field.term.size() <= field.prefix.size() || db.get_termfreq(field.term) > 0) {
    return std::nullopt;
  }
  const std::string_view value = std::string_view(field.term).substr(field.prefix.size());
  std::string best;
  int best_fit = 0;
  Xapian::doccount best_frequency = 0;
  std::size_t seen = 0;
  for (auto t = db.allterms_begin(field.prefix); t != db.allterms_end(field.prefix) && seen < k_max_field_values;
       ++t, ++seen) {
    const std::string term = *t;
    const std::string_view held = std::string_view(term).substr(field.prefix.size());
    // Another prefix that starts with this one ("A" + upper case) is not this field.
    if (held.empty() || (held.front() >= 'A' && held.front() <= 'Z')) continue;
    const int fit = field_value_fit(held, value);
    if (fit == 0) continue;
    const Xapian::doccount frequency = t.get_termfreq();
    if (fit > best_fit || (fit == best_fit && frequency > best_frequency)) {
      best = std::string(held);
      best_fit = fit;
      best_frequency = frequency;
    }
  }
  if (best.empty()) return std::nullopt;
  std::replace(best.begin(), best.end(), '-', ' ');
  if (best.find(' ') == std::string::npos) return field.name + ":" + best;
  return field.name + ":\"" + best + "\"";
}

} // namespace

namespace searcher_detail {

/// --explain's account of --recency, --like and --specific-bm25-b.
void explain_ranking(Explanation& e, const std::optional<RecencySettings>& recency, double weight, double max_text_score,
                     const std::optional<Date>& passed_over, const std::vector<std::string>& like_terms,
                     const std::optional<Explanation::LengthNormalisation>& length_note) {
  e.length_normalisation = length_note;
  if (recency) {
    e.recency = Explanation::Recency{recency->half_life_days, weight, max_text_score, recency->weight, recency->now.iso(),
                                     passed_over ? passed_over->iso() : std::string()};
  }
  e.like_terms = like_terms;
}

} // namespace searcher_detail

bool Searcher::has_absent_word(const RewrittenQuery& rewritten) const {
  return std::any_of(rewritten.words.begin(), rewritten.words.end(), [&](const QueryWord& word) {
    return !word.excluded && !word.wildcard && !word.cjk_fragment && word.term.size() >= 3 &&
           m_db.get_termfreq(word.term) == 0;
  });
}

std::optional<std::string> Searcher::suggest(const RewrittenQuery& rewritten, bool synonyms, bool absent_only) const {
  // Replace single words of the user's text (operators, brackets, quotes,
  // title: and date: stay as typed), right to left so earlier byte spans stay valid.
  // An absent word takes any known spelling; a word the index has only a
  // spelling in k_suggest_frequency_ratio times as many articles: "ferry" in
  // one article is what was asked for, even if "fears" is in thirty. Typing
  // rarely changes a word's first letter, so a spelling must keep it: an
  // archive without "kuwait" is not offered "wait".
  //
  // An author:/source:/topic: value that no article holds whole (a surname,
  // "author:marsh") is replaced by the whole value it is part of
  // (author:"lena marsh"): these fields match whole values only.
  struct Replacement {
    std::size_t begin;
    std::size_t end;
    std::string text;
  };
  std::vector<Replacement> replacements;
  const std::size_t length = rewritten.cleaned.size();
  for (const QueryField& field : rewritten.fields) {
    if (field.begin >= field.end || field.end > length) continue;
    if (std::optional<std::string> whole = field_suggestion(m_db, field)) {
      replacements.push_back({field.begin, field.end, std::move(*whole)});
    }
  }
  for (const QueryWord& word : rewritten.words) {
    if (word.excluded || word.wildcard || word.term.size() < 3) continue;
    if (word.begin >= word.end || word.end > length) continue;
    // A word written as a field name ("Daet:1963", "Kenedy:berlin": text,
    // as its capital keeps it from being a field) keeps its spelling: the
    // lower-case correction would be a field ("date:1963", another query)
    // or an unknown one (a query error).
    if (word.end < length && rewritten.cleaned[word.end] == ':') continue;
    const Xapian::doccount frequency = m_db.get_termfreq(word.term);
    if (frequency > (absent_only ? 0 : 2)) continue;
    // A word with synonyms ("usa": united states, america) is vocabulary:
    // its synonyms were searched, so it is not a typo to correct.
    if (synonyms && m_db.synonyms_begin(word.term) != m_db.synonyms_end(word.term)) continue;
    const std::string better = m_db.get_spelling_suggestion(word.term, 2);  // remote shards add none
    if (!m_spelling_note.empty()) m_warnings.push_back(std::exchange(m_spelling_note, std::string()));
    if (better.empty() || better == word.term) continue;
    if (!same_first_character(better, word.term)) continue;
    const Xapian::doccount better_frequency = m_db.get_termfreq(better);
    if (better_frequency == 0) continue;
    if (frequency > 0 && better_frequency / k_suggest_frequency_ratio < frequency) continue;
    replacements.push_back({word.begin, word.end, better});
  }
  if (replacements.empty()) return std::nullopt;
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.begin > b.begin; });
  std::string suggestion = rewritten.cleaned;
  for (const Replacement& r : replacements) suggestion.replace(r.begin, r.end - r.begin, r.text);
  return suggestion;
}

Explanation Searcher::explain(const SearchRequest& request, const RewrittenQuery& rewritten) const {
  Explanation e;
  e.rewritten = rewritten.text;
  e.language = m_language;
  for (const QueryWord& word : rewritten.words) {
    e.words.push_back({word.term, word.stem, word.in_title, word.excluded});
    if (!word.wildcard) continue;
    Explanation::Wildcard w;
    const std::string prefix = (word.in_title ? std::string(schema::k_prefix_title) : std::string()) + word.term;
    w.pattern = (word.in_title ? std::string(schema::k_field_title) + ":" : std::string()) + word.term + "*";
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto t = m_db.allterms_begin(prefix); t != m_db.allterms_end(prefix) && w.total < 100000; ++t) {
      ++w.total;
      found.emplace_back(t.get_termfreq(), *t);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::size_t k = 0; k < found.size() && k < k_max_wildcard_expansion; ++k) {
      w.expansions.push_back(found[k].second);
    }
    e.wildcards.push_back(std::move(w));
  }
  if (request.since || request.until) {
    e.dates.push_back({"--since/--until", iso_or_empty(request.since), iso_or_empty(request.until)});
  }
  for (const DateBounds& bounds : rewritten.dates) {
    e.dates.push_back({"date:", iso_or_empty(bounds.first), iso_or_empty(bounds.last)});
  }
  if (m_tally.listed > 0) {  // a time-sharded archive (#15.3)
    e.shards = Explanation::Shards{m_tally.listed - m_tally.skipped, m_tally.listed,
                                   iso_or_empty(m_shard_options.dates.since), iso_or_empty(m_shard_options.dates.until)};
  }
  return e;
}

void Searcher::add_query_notes(const RewrittenQuery& rewritten, SearchResult& result) const {
  result.notes = rewritten.notes;
  for (std::string& note : wildcard_notes(m_db, rewritten)) result.notes.push_back(std::move(note));
  for (const std::string& note : result.notes) m_warnings.push_back("note: " + note);
}

void Searcher::add_notes(const SearchRequest& request, const RewrittenQuery& rewritten, const searcher_detail::QueryPlan& plan,
                         SearchResult& result, bool with_synonyms) const {
  // Few hits: any word absent or rare may be a typo. Many hits ("coffe
  // brazil": Brazil's articles): only a word in no document is corrected,
  // the hits still shown.
  if (request.suggest) {
    if (request.explain || result.total_estimate < 10) {
      result.suggestion = suggest(rewritten, request.synonyms);
    } else if (has_absent_word(rewritten)) {
      result.suggestion = suggest(rewritten, request.synonyms, true);
    }
  }
  if (!request.explain) return;
  result.explanation = explain(request, rewritten);
  if (with_synonyms) result.explanation->synonyms = synonym_expansions(plan.query);
  searcher_detail::explain_ranking(*result.explanation, plan.recency, request.recency_weight, plan.max_text_score,
                                   plan.recency_passed_over, plan.expansion, plan.length_note);
}

} // namespace dateline::searcher
