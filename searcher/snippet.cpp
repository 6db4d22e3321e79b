/** @file snippet.cpp
 *  @brief Window selection over analyzer tokens and clean, highlighted output.
 */
#include "searcher/snippet.hpp"

#include "common/cjk_bigrams.hpp"
#include "common/encoding.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <optional>

namespace dateline::searcher {
namespace {

constexpr std::string_view k_ellipsis = "\xE2\x80\xA6";  // U+2026

const std::string k_no_match;

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
    if (term.starts_with(stem_title)) {
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

bool is_space_byte(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/// Appends @p piece with control characters removed and whitespace collapsed
/// (against what @p out already ends with).
void append_clean(std::string& out, std::string_view piece) {
  const std::string safe = strip_control_chars(piece);
  for (const char c : safe) {
    if (is_space_byte(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
}

bool only_spaces(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_space_byte(c); });
}

struct Window {
  std::size_t first = 0;  ///< token index
  std::size_t last = 0;   ///< token index, inclusive
  long score = 0;
};

class SnippetMaker {
public:
  SnippetMaker(std::string_view text, const HighlightTerms& terms, const TextAnalyzer& analyzer,
               const SnippetOptions& options)
      : m_text(text), m_options(options) {
    // Only words that can match need their terms (HighlightTerms::first_bytes).
    WordSpans spans = analyzer.tokenize_spans(m_text, terms.first_bytes(analyzer));
    m_tokens = std::move(spans.words);
    m_match_key.resize(m_tokens.size(), &k_no_match);
    for (const auto& [index, token] : spans.terms) {
      const std::string& key = terms.match_key(token, analyzer);
      if (!key.empty()) {
        m_match_key[index] = &key;
        m_matched.push_back(index);
      }
    }
    if (!terms.word_phrases.empty()) find_word_phrases(terms, spans);
    m_word_match.assign(m_tokens.size(), false);
    for (std::size_t index : m_matched) m_word_match[index] = true;
    if (!terms.bigram_phrases.empty() && !is_ascii(m_text)) find_bigram_matches(terms, analyzer);
    count_chars();
    index_matches();
  }

  std::vector<Snippet> run() {
    std::vector<Snippet> out;
    if (m_tokens.empty()) return out;
    std::vector<Window> chosen;
    if (m_matched.empty()) {
      chosen.push_back(expand({0, 0, 0}));
    } else {
      while (chosen.size() < std::max<std::size_t>(m_options.fragments, 1)) {
        const std::optional<Window> best = best_window(chosen);
        if (!best) break;
        chosen.push_back(expand(*best));
      }
      std::sort(chosen.begin(), chosen.end(), [](const Window& a, const Window& b) { return a.first < b.first; });
    }
    for (const Window& window : chosen) out.push_back(render(window));
    return out;
  }

private:
  /// Every occurrence of a multi-word synonym (#12.2): its words, in a row,
  /// count as matches (each keyed by its term) when no term of the query
  /// matched them already; a word of it standing alone does not.
  void find_word_phrases(const HighlightTerms& terms, const WordSpans& spans) {
    std::vector<const std::string*> term_at(m_tokens.size(), nullptr);  // the words first_bytes let through
    for (const auto& [index, token] : spans.terms) term_at[index] = &token.term;
    const auto is = [&](std::size_t index, const std::string& term) {
      return index < term_at.size() && term_at[index] != nullptr && *term_at[index] == term;
    };
    const std::size_t before = m_matched.size();
    for (const auto& [index, token] : spans.terms) {
      for (const std::vector<std::string>& phrase : terms.word_phrases) {
        if (token.term != phrase.front()) continue;
        bool whole = true;
        for (std::size_t j = 1; j < phrase.size() && whole; ++j) whole = is(index + j, phrase[j]);
        if (!whole) continue;
        for (std::size_t j = 0; j < phrase.size(); ++j) {
          if (!m_match_key[index + j]->empty()) continue;
          m_match_key[index + j] = &phrase[j];
          m_matched.push_back(index + j);
        }
      }
    }
    if (m_matched.size() != before) std::sort(m_matched.begin(), m_matched.end());
  }

  /// Every occurrence of a bigram phrase (#13.3): its characters become a
  /// highlight range, and the words it touches count as matches (keyed by
  /// the phrase) when choosing windows.
  void find_bigram_matches(const HighlightTerms& terms, const TextAnalyzer& analyzer) {
    const std::vector<Token> tokens = analyzer.tokenize(m_text);
    const std::vector<CjkBigram> bigrams = cjk_bigrams(m_text, tokens);
    m_phrase_keys.reserve(terms.bigram_phrases.size());  // pointers into it are kept
    for (const std::vector<std::string>& phrase : terms.bigram_phrases) {
      std::string key = "\x01";  // never a term, stem or another phrase's key
      for (const std::string& bigram : phrase) key += bigram;
      m_phrase_keys.push_back(std::move(key));
    }
    // Where each bigram of the text starts a phrase: cost linear in the text
    // plus the occurrences of the phrases' first bigrams.
    std::unordered_map<std::string_view, std::vector<std::size_t>> at;
    for (const std::vector<std::string>& phrase : terms.bigram_phrases) {
      if (!phrase.empty()) at.try_emplace(phrase.front());
    }
    for (std::size_t i = 0; i < bigrams.size(); ++i) {
      if (const auto it = at.find(bigrams[i].term); it != at.end()) it->second.push_back(i);
    }
    for (std::size_t p = 0; p < terms.bigram_phrases.size(); ++p) {
      const std::vector<std::string>& phrase = terms.bigram_phrases[p];
      if (phrase.empty()) continue;
      for (const std::size_t i : at[phrase.front()]) {
        if (i + phrase.size() > bigrams.size()) break;
        bool match = true;
        for (std::size_t j = 0; j < phrase.size() && match; ++j) {
          match = bigrams[i + j].term == phrase[j] && bigrams[i + j].run == bigrams[i].run;
        }
        if (!match) continue;
        const ByteRange range{bigrams[i].begin, bigrams[i + phrase.size() - 1].end};
        m_char_ranges.push_back(range);
        const auto first = std::partition_point(m_tokens.begin(), m_tokens.end(),
                                                [&](const WordSpans::Span& t) { return t.end <= range.first; });
        for (auto t = first; t != m_tokens.end() && t->begin < range.second; ++t) {
          const auto k = static_cast<std::size_t>(t - m_tokens.begin());
          if (!m_match_key[k]->empty()) continue;
          m_match_key[k] = &m_phrase_keys[p];
          m_matched.push_back(k);
        }
      }
    }
    std::sort(m_matched.begin(), m_matched.end());
    std::sort(m_char_ranges.begin(), m_char_ranges.end());
  }

  /// The byte ranges to highlight in [begin, end) of window @p w: matched
  /// words whole, bigram phrase occurrences to the character; ranges that
  /// touch or are separated only by spaces are merged ("foreign minister").
  std::vector<ByteRange> highlight_ranges(const Window& w, std::size_t begin, std::size_t end) const {
    std::vector<ByteRange> ranges;
    for (std::size_t i = w.first; i <= w.last; ++i) {
      if (m_word_match[i]) ranges.emplace_back(m_tokens[i].begin, m_tokens[i].end);
    }
    for (const ByteRange& r : m_char_ranges) {
      if (r.first >= end) break;
      if (r.second > begin) ranges.emplace_back(std::max(r.first, begin), std::min(r.second, end));
    }
    std::sort(ranges.begin(), ranges.end());
    std::vector<ByteRange> merged;
    for (const ByteRange& r : ranges) {
      if (!merged.empty() && (r.first <= merged.back().second ||
                              only_spaces(m_text.substr(merged.back().second, r.first - merged.back().second)))) {
        merged.back().second = std::max(merged.back().second, r.second);
      } else {
        merged.push_back(r);
      }
    }
    return merged;
  }

  std::size_t span_chars(std::size_t first, std::size_t last) const {
    return m_chars_to_end[last] - m_chars_to_begin[first];
  }

  /// Code points before each token's first and after its last byte, so window
  /// widths cost two subtractions instead of a scan.
  void count_chars() {
    m_chars_to_begin.resize(m_tokens.size());
    m_chars_to_end.resize(m_tokens.size());
    if (is_ascii(m_text)) {  // one byte, one code point
      for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        m_chars_to_begin[i] = m_tokens[i].begin;
        m_chars_to_end[i] = m_tokens[i].end;
      }
      return;
    }
    std::size_t at = 0;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
      chars += code_points(m_text.substr(at, m_tokens[i].begin - at));
      m_chars_to_begin[i] = chars;
      chars += code_points(m_text.substr(m_tokens[i].begin, m_tokens[i].end - m_tokens[i].begin));
      m_chars_to_end[i] = chars;
      at = m_tokens[i].end;
    }
  }

  bool overlaps(const Window& w, const std::vector<Window>& chosen) const {
    return std::any_of(chosen.begin(), chosen.end(),
                       [&](const Window& c) { return !(w.last < c.first || c.last < w.first); });
  }

  /// The best window starting at a matched token, not overlapping @p chosen:
  /// one pass over the matches with a sliding window [k, end) and its score
  /// kept up to date as matches enter and leave (distinct keys, adjacent
  /// pairs, count), so the cost is linear in the matches, not matches x
  /// window size x distinct keys (issue 14, item 7).
  std::optional<Window> best_window(const std::vector<Window>& chosen) const {
    std::optional<Window> best;
    std::vector<std::size_t> in_window(m_key_count, 0);
    std::size_t distinct = 0;
    const auto enter = [&](std::size_t k) {
      if (in_window[m_key_id[k]]++ == 0) ++distinct;
    };
    std::size_t end = 0;  // matches [k, end) are in the window
    for (std::size_t k = 0; k < m_matched.size(); ++k) {
      if (end <= k) {
        enter(k);
        end = k + 1;
      }
      while (end < m_matched.size() && span_chars(m_matched[k], m_matched[end]) <= m_options.max_chars) {
        enter(end);
        ++end;
      }
      const long adjacent = static_cast<long>(m_adjacent_before[end] - m_adjacent_before[k + 1]);
      const long score = 1000 * static_cast<long>(distinct) + 10 * adjacent + static_cast<long>(end - k);
      const Window w{m_matched[k], m_matched[end - 1], score};
      if (!overlaps(w, chosen) && (!best || w.score > best->score)) best = w;
      if (--in_window[m_key_id[k]] == 0) --distinct;
    }
    return best;
  }

  /// Numbers the distinct match keys of the matches and counts, for each
  /// prefix of the matches, the matches right after the previous one.
  void index_matches() {
    std::unordered_map<std::string_view, std::size_t> ids;
    m_key_id.reserve(m_matched.size());
    m_adjacent_before.assign(m_matched.size() + 1, 0);
    for (std::size_t k = 0; k < m_matched.size(); ++k) {
      const std::size_t id = ids.try_emplace(*m_match_key[m_matched[k]], ids.size()).first->second;
      m_key_id.push_back(id);
      const bool adjacent = k > 0 && m_matched[k - 1] + 1 == m_matched[k];
      m_adjacent_before[k + 1] = m_adjacent_before[k] + (adjacent ? 1 : 0);
    }
    m_key_count = ids.size();
  }

  /// Widens @p w with context: up to half the spare budget before, the rest after.
  Window expand(Window w) const {
    if (span_chars(w.first, w.last) > m_options.max_chars) {
      // One token longer than the budget: keep it alone.
      return w;
    }
    std::size_t spare = m_options.max_chars - span_chars(w.first, w.last);
    std::size_t left_budget = spare / 2;
    while (w.first > 0) {
      const std::size_t cost = code_points(m_text.substr(m_tokens[w.first - 1].begin,
                                                         m_tokens[w.first].begin - m_tokens[w.first - 1].begin));
      if (cost > left_budget) break;
      left_budget -= cost;
      --w.first;
    }
    while (w.last + 1 < m_tokens.size() && span_chars(w.first, w.last + 1) <= m_options.max_chars) ++w.last;
    while (w.first > 0 && span_chars(w.first - 1, w.last) <= m_options.max_chars) --w.first;
    return w;
  }

  Snippet render(const Window& w) const {
    Snippet snippet;
    std::size_t begin = m_tokens[w.first].begin;
    std::size_t end = m_tokens[w.last].end;
    // Keep closing punctuation right after the last word ("curbs." "said,").
    while (end < m_text.size() && std::string_view(".,;:!?)\"'").find(m_text[end]) != std::string_view::npos &&
           end - m_tokens[w.last].end < 3) {
      ++end;
    }
    if (!only_spaces(m_text.substr(0, begin))) snippet.text += k_ellipsis;
    std::size_t at = begin;
    for (const auto& [from, to] : highlight_ranges(w, begin, m_tokens[w.last].end)) {
      append_clean(snippet.text, m_text.substr(at, from - at));
      const std::size_t highlight_begin = snippet.text.size();
      append_clean(snippet.text, m_text.substr(from, to - from));
      if (snippet.text.size() > highlight_begin) snippet.highlights.emplace_back(highlight_begin, snippet.text.size());
      at = to;
    }
    append_clean(snippet.text, m_text.substr(at, end - at));
    if (!only_spaces(m_text.substr(end))) {
      while (!snippet.text.empty() && snippet.text.back() == ' ') snippet.text.pop_back();
      snippet.text += k_ellipsis;
    }
    return snippet;
  }

  std::string_view m_text;
  const SnippetOptions& m_options;
  std::vector<WordSpans::Span> m_tokens;  ///< every word of the text
  /// Per token: its match key (stem, else term) in HighlightTerms' cache, or
  /// k_no_match ("").
  std::vector<const std::string*> m_match_key;
  std::vector<std::size_t> m_chars_to_begin;
  std::vector<std::size_t> m_chars_to_end;
  std::vector<std::size_t> m_matched;    ///< indices of matching tokens
  std::vector<bool> m_word_match;        ///< per token: matched as a word (highlighted whole)
  std::vector<ByteRange> m_char_ranges;  ///< bigram phrase occurrences, ascending
  std::vector<std::string> m_phrase_keys;  ///< match key per bigram phrase
  std::vector<std::size_t> m_key_id;     ///< per match: its match key as a number
  std::size_t m_key_count = 0;           ///< distinct match keys
  /// m_adjacent_before[k]: matches among the first k that follow the previous
  /// match without a word between them.
  std::vector<std::size_t> m_adjacent_before;
};

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

std::vector<Snippet> make_snippets(std::string_view text, const HighlightTerms& terms,
                                   const TextAnalyzer& analyzer, const SnippetOptions& options) {
  std::string repaired;
  if (!is_valid_utf8(text)) {
    repaired = repair_utf8(text);
    text = repaired;
  }
  text = utf8_prefix(text, k_max_snippet_source_bytes);
  if (options.fragments == 0 || only_spaces(text)) return {};
  return SnippetMaker(text, terms, analyzer, options).run();
}

} // namespace dateline::searcher
