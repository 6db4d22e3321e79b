/** @file highlight_terms.cpp
 *  @brief What the query highlights: its positive terms, stems, wildcard
 *  expansions, bigram phrases, CJK run edges and multi-word synonyms (HighlightTerms), and
 *  the per-word verdict of whether an article's word matches them.
 */
#include "searcher/snippet.hpp"

#include "searcher/snippet_internal.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <optional>

namespace dateline::searcher {

using snippet_detail::k_no_match;

namespace {

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

/// The bigrams of @p query when it is one XBI term or a phrase of them.
std::optional<std::vector<std::string>> bigram_phrase(const Xapian::Query& query) {
  const Xapian::Query::op type = query.get_type();
  if (type != Xapian::Query::LEAF_TERM && type != Xapian::Query::OP_PHRASE) return std::nullopt;
  // A phrase's subqueries in order (get_terms_begin() would sort them).
  std::vector<Xapian::Query> leaves;
  if (type == Xapian::Query::LEAF_TERM) {
    leaves.push_back(query);
  } else {
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) leaves.push_back(query.get_subquery(i));
  }
  std::vector<std::string> bigrams;
  for (const Xapian::Query& leaf : leaves) {
    if (leaf.get_type() != Xapian::Query::LEAF_TERM || leaf.get_terms_begin() == leaf.get_terms_end()) {
      return std::nullopt;
    }
    const std::string term = *leaf.get_terms_begin();
    if (!term.starts_with(schema::k_prefix_bigram) || term.size() == schema::k_prefix_bigram.size()) {
      return std::nullopt;
    }
    bigrams.push_back(term.substr(schema::k_prefix_bigram.size()));
  }
  if (bigrams.empty()) return std::nullopt;
  return bigrams;
}

/// The window of a phrase query. Xapian 1.4 has no accessor for it, so it is
/// read from the description ("Query((a PHRASE 2 b))"); nullopt when that
/// form is not found, and the caller then treats the phrase as a window it
/// cannot check (the old, safe reading: its words highlighted alone).
std::optional<std::size_t> phrase_window(const Xapian::Query& query) {
  const std::string description = query.get_description();
  constexpr std::string_view marker = " PHRASE ";
  const std::size_t at = description.find(marker);
  if (at == std::string::npos) return std::nullopt;
  std::size_t window = 0;
  std::size_t i = at + marker.size();
  const std::size_t digits_from = i;
  for (; i < description.size() && description[i] >= '0' && description[i] <= '9' && i - digits_from < 9; ++i) {
    window = window * 10 + static_cast<std::size_t>(description[i] - '0');
  }
  if (i == digits_from || i >= description.size() || description[i] != ' ') return std::nullopt;
  return window;
}

/// The terms of @p query, in order, when it is an exact phrase (its window is
/// its length: a quoted phrase or a multi-word synonym, not ADJ/n with a
/// wider window) of plain unprefixed terms.
std::optional<std::vector<std::string>> word_phrase(const Xapian::Query& query) {
  if (query.get_type() != Xapian::Query::OP_PHRASE) return std::nullopt;
  if (phrase_window(query) != query.get_num_subqueries()) return std::nullopt;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Xapian::Query leaf = query.get_subquery(i);
    if (leaf.get_type() != Xapian::Query::LEAF_TERM || leaf.get_terms_begin() == leaf.get_terms_end()) {
      return std::nullopt;
    }
    std::string term = *leaf.get_terms_begin();
    if (term.empty() || is_upper_ascii(term.front())) return std::nullopt;
    words.push_back(std::move(term));
  }
  if (words.size() < 2) return std::nullopt;
  return words;
}

void collect(const Xapian::Query& query, HighlightTerms& out) {
  const Xapian::Query::op type = query.get_type();
  if (std::optional<std::vector<std::string>> bigrams = bigram_phrase(query)) {
    out.bigram_phrases.push_back(std::move(*bigrams));
    return;
  }
  // A phrase of words (typed in quotes, or a multi-word synonym) is
  // highlighted where it stands whole, as Lucene's phrase-aware highlighters
  // do: "shortage of semiconductors" does not mark every "of".
  if (std::optional<std::vector<std::string>> words = word_phrase(query)) {
    out.word_phrases.push_back(std::move(*words));
    return;
  }
  if (type == Xapian::Query::LEAF_TERM) {
    const auto it = query.get_terms_begin();
    if (it == query.get_terms_end()) return;
    const std::string term = *it;
    if (term.empty()) return;
    const std::string stem_title = std::string(schema::k_prefix_stem) + std::string(schema::k_prefix_title);
    const auto edge = [&](std::string_view prefix) { return term.size() > prefix.size() && term.starts_with(prefix); };
    if (edge(schema::k_prefix_run_first)) {
      out.run_firsts.push_back(term.substr(schema::k_prefix_run_first.size()));
    } else if (edge(schema::k_prefix_run_last)) {
      out.run_lasts.push_back(term.substr(schema::k_prefix_run_last.size()));
    } else if (edge(schema::k_prefix_join_after)) {
      out.joins_after.push_back(term.substr(schema::k_prefix_join_after.size()));
    } else if (edge(schema::k_prefix_join_before)) {
      out.joins_before.push_back(term.substr(schema::k_prefix_join_before.size()));
    } else if (term.starts_with(stem_title)) {
      out.stems.insert(term.substr(stem_title.size()));
    } else if (term.starts_with(schema::k_prefix_stem)) {
      out.stems.insert(term.substr(schema::k_prefix_stem.size()));
    } else if (term.starts_with(schema::k_prefix_title) && term.size() > 1 && !is_upper_ascii(term[1])) {
      out.terms.insert(term.substr(schema::k_prefix_title.size()));
    } else if (!is_upper_ascii(term.front())) {
      out.terms.insert(term);
    }
    return;
  }
  const std::size_t n = query.get_num_subqueries();
  // Only the positive side of AND_NOT and FILTER contributes (FILTER's right
  // side holds boolean fields and dates).
  const bool first_only = type == Xapian::Query::OP_AND_NOT || type == Xapian::Query::OP_FILTER;
  for (std::size_t i = 0; i < (first_only ? std::min<std::size_t>(n, 1) : n); ++i) {
    collect(query.get_subquery(i), out);
  }
}

} // namespace

const std::bitset<256>& HighlightTerms::first_bytes(const TextAnalyzer& analyzer) const {
  if (!m_first_bytes_ready) {
    const auto mark = [this](const std::string& s) {
      if (s.empty()) {
        m_first_bytes.set();
      } else {
        m_first_bytes.set(static_cast<unsigned char>(s.front()));
      }
    };
    for (const std::string& t : terms) mark(t);
    for (const std::string& t : prefixes) mark(t);
    for (const std::vector<std::string>& phrase : word_phrases) {
      for (const std::string& t : phrase) mark(t);
    }
    if (stems.empty() || analyzer.stems_keep_first_byte()) {
      for (const std::string& t : stems) mark(t);
    } else {
      m_first_bytes.set();  // a stemmer that removes prefixes: any word may stem to a query stem
    }
    m_first_bytes_ready = true;
  }
  return m_first_bytes;
}

const std::string& HighlightTerms::match_key(const Token& token, const TextAnalyzer& analyzer) const {
  // Most words of an article cannot match: a term, a wildcard prefix and
  // (with a stemmer that only rewrites endings) a word stemming to a query
  // stem all start with the same byte as what they match.
  if (token.term.empty() || !first_bytes(analyzer).test(static_cast<unsigned char>(token.term.front()))) {
    return k_no_match;
  }
  // An article repeats its words and hits share a vocabulary: decide once per
  // distinct term (stemming every token of every hit dominated snippet time).
  if (const auto known = m_verdicts.find(token.term); known != m_verdicts.end()) {
    return known->second;
  }
  bool match = terms.count(token.term) > 0 ||
               std::any_of(prefixes.begin(), prefixes.end(),
                           [&](const std::string& prefix) { return token.term.starts_with(prefix); });
  std::string stem;
  // The stemmer is costly: only for words that can stem to a query stem
  // (same first byte; for English, all but the stem's last two bytes).
  const bool possible = std::any_of(stems.begin(), stems.end(),
                                    [&](const std::string& s) { return analyzer.may_stem_to(token.term, s); });
  if (match || possible) stem = analyzer.stem(token);
  match = match || (!stem.empty() && stems.count(stem) > 0);
  std::string key;
  if (match) key = stem.empty() ? token.term : stem;
  return m_verdicts.emplace(token.term, std::move(key)).first->second;
}

HighlightTerms collect_highlight_terms(const Xapian::Query& query, const RewrittenQuery& rewritten,
                                       const WildcardExpander& expand) {
  HighlightTerms out;
  collect(query, out);
  // A CJK group's words are highlighted through its bigram phrase (their
  // characters where the group occurs), not wherever each stands alone.
  for (const QueryWord& word : rewritten.words) {
    if (!word.cjk_fragment || word.excluded) continue;
    const bool elsewhere = std::any_of(rewritten.words.begin(), rewritten.words.end(), [&](const QueryWord& other) {
      return !other.cjk_fragment && !other.excluded && other.term == word.term;
    });
    if (!elsewhere) out.terms.erase(word.term);
  }
  for (const QueryWord& word : rewritten.words) {
    if (!word.wildcard || word.excluded) continue;
    if (!expand) {
      out.prefixes.push_back(word.term);
      continue;
    }
    for (std::string term : expand(word)) {
      if (word.in_title && term.starts_with(schema::k_prefix_title)) term.erase(0, schema::k_prefix_title.size());
      if (!term.empty()) out.terms.insert(std::move(term));
    }
  }
  return out;
}

} // namespace dateline::searcher
