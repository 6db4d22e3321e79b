/** @file snippet.cpp
 *  @brief make_snippets, and the rendering of the chosen windows: clean
 *  one-line text, ellipses where cut, merged highlight ranges; the same
 *  ranges over a whole text (a title line, highlight_whole_text).
 */
#include "searcher/snippet.hpp"

#include "searcher/snippet_internal.hpp"

#include "common/encoding.hpp"

#include <algorithm>

namespace dateline::searcher {
namespace snippet_detail {
namespace {

constexpr std::string_view k_ellipsis = "\xE2\x80\xA6";  // U+2026

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

/// Closing punctuation kept right after a window's last word ("curbs." "said,"
/// "时期。" "closed.”" "port»"): ASCII, CJK full-width and ideographic marks,
/// closing brackets and quotes. Without the non-ASCII ones a text shown to its
/// end lost its final "。" or "”" and got a "…" claiming that more followed.
constexpr std::string_view k_closing_punctuation[] = {
    ".", ",", ";", ":", "!", "?", ")", "\"", "'",
    "\u3002", "\u3001", "\uFF0C", "\uFF0E", "\uFF1B", "\uFF1A", "\uFF01", "\uFF1F", "\uFF09",  // 。、，．；：！？）
    "\u300D", "\u300F", "\u300B", "\u3009", "\u3011", "\u3015",                          // 」』》〉】〕
    "\u201D", "\u2019", "\u00BB", "\u203A", "\u2026",                                    // ” ’ » › …
};

/// The byte length of the closing punctuation mark starting @p text, or 0.
std::size_t closing_punctuation_at(std::string_view text) {
  for (const std::string_view mark : k_closing_punctuation) {
    if (text.starts_with(mark)) return mark.size();
  }
  return 0;
}

} // namespace

std::vector<Snippet> SnippetMaker::run() {
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

std::vector<ByteRange> SnippetMaker::all_highlights() const {
  if (m_tokens.empty()) return {};
  return highlight_ranges({0, m_tokens.size() - 1, 0}, 0, m_text.size());
}

std::vector<ByteRange> SnippetMaker::highlight_ranges(const Window& w, std::size_t begin, std::size_t end) const {
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

Snippet SnippetMaker::render(const Window& w) const {
  Snippet snippet;
  std::size_t begin = m_tokens[w.first].begin;
  std::size_t end = m_tokens[w.last].end;
  // Keep up to three closing punctuation marks right after the last word ("curbs." "said,"
  // "时期。" "稳定。」" "closed.”").
  for (int marks = 0; marks < 3 && end < m_text.size(); ++marks) {
    const std::size_t length = closing_punctuation_at(m_text.substr(end));
    if (length == 0) break;
    end += length;
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

} // namespace snippet_detail

using snippet_detail::only_spaces;
using snippet_detail::SnippetMaker;

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

std::vector<ByteRange> highlight_whole_text(std::string_view text, const HighlightTerms& terms,
                                            const TextAnalyzer& analyzer) {
  if (terms.empty() || !is_valid_utf8(text) || only_spaces(text)) return {};
  const SnippetOptions options;
  return SnippetMaker(text, terms, analyzer, options).all_highlights();
}

} // namespace dateline::searcher
