/** @file snippet_window.cpp
 *  @brief The choice of snippet windows: code points per word, the densest
 *  window in one sliding pass over the matches, widened with context.
 */
#include "searcher/snippet_internal.hpp"

#include "common/encoding.hpp"

#include <algorithm>
#include <unordered_map>

namespace dateline::searcher::snippet_detail {

void SnippetMaker::count_chars() {
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

bool SnippetMaker::overlaps(const Window& w, const std::vector<Window>& chosen) const {
  return std::any_of(chosen.begin(), chosen.end(),
                     [&](const Window& c) { return !(w.last < c.first || c.last < w.first); });
}

std::optional<Window> SnippetMaker::best_window(const std::vector<Window>& chosen) const {
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

void SnippetMaker::index_matches() {
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

Window SnippetMaker::expand(Window w) const {
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

} // namespace dateline::searcher::snippet_detail
