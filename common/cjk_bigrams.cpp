/** @file cjk_bigrams.cpp
 *  @brief CJK runs and, in one pass over each, their bigrams, edges and joins.
 */
#include "common/cjk_bigrams.hpp"

#include <algorithm>
#include <utility>

namespace dateline {
namespace {

/// Byte length of the UTF-8 sequence starting with @p lead (1 for anything
/// that is not a valid lead byte, so a scan always advances).
std::size_t sequence_length(char lead) {
  const auto byte = static_cast<unsigned char>(lead);
  if (byte >= 0xF0 && byte < 0xF8) return 4;
  if (byte >= 0xE0) return byte < 0xF0 ? 3 : 1;
  if (byte >= 0xC0) return 2;
  return 1;
}

/// The steps sequence_length takes through @p text: the characters
/// append_characters makes of it. The same as encoding's code_points on
/// valid UTF-8, but it must match the walk on any bytes (a stray
/// continuation byte is a step here, none there).
std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); i += sequence_length(text[i])) ++count;
  return count;
}

/// One past the last token of the run that starts at CJK token @p k: the
/// CJK tokens after it written against it (joined_to_previous).
std::size_t run_end(std::span<const Token> tokens, std::size_t k) {
  for (++k; k < tokens.size() && tokens[k].script == Script::cjk && tokens[k].joined_to_previous; ++k) {
  }
  return k;
}

struct Character {
  std::string_view normalised;  ///< one code point of a token's term
  std::size_t begin = 0;        ///< its bytes in the text
  std::size_t end = 0;
};

/// The characters of @p token, appended to @p out: each code point of its
/// term with the bytes of the text it came from, one to one when the term
/// has as many code points as the text (else every character spans the
/// whole token). No allocation beyond @p out's.
void append_characters(std::string_view text, const Token& token, std::vector<Character>& out) {
  const std::string_view term = token.term;
  const bool in_text = token.end <= text.size() && token.begin <= token.end;
  const std::string_view original = in_text ? text.substr(token.begin, token.end - token.begin) : std::string_view{};
  const bool one_to_one = term == original || code_point_count(term) == code_point_count(original);
  std::size_t o = 0;
  for (std::size_t i = 0; i < term.size();) {
    const std::size_t end = std::min(term.size(), i + sequence_length(term[i]));
    Character ch{term.substr(i, end - i), token.begin, token.end};
    if (one_to_one) {
      const std::size_t o_end = std::min(original.size(), o + sequence_length(original[o]));
      ch.begin = token.begin + o;
      ch.end = token.begin + o_end;
      o = o_end;
    }
    out.push_back(ch);
    i = end;
  }
}

/// What one run gives, appended to @p out: its bigrams, its edges and its
/// joins to the words written against it, each kind when @p kinds asks.
class RunTerms {
public:
  RunTerms(std::string_view text, std::span<const Token> tokens, unsigned kinds, CjkTerms& out)
      : m_text(text), m_tokens(tokens), m_kinds(kinds), m_out(out) {}

  /// Run number @p r, tokens [first, last).
  void add(std::size_t r, std::size_t first, std::size_t last) {
    const bool before = (m_kinds & k_cjk_joins) != 0 && first > 0 && m_tokens[first].joined_to_previous &&
                        m_tokens[first - 1].script != Script::cjk;
    const bool after = (m_kinds & k_cjk_joins) != 0 && last < m_tokens.size() && m_tokens[last].joined_to_previous &&
                       m_tokens[last].script != Script::cjk;
    if ((m_kinds & (k_cjk_bigrams | k_cjk_edges)) == 0 && !before && !after) return;
    m_run.clear();
    for (std::size_t k = first; k < last; ++k) append_characters(m_text, m_tokens[k], m_run);
    if (m_run.empty()) return;  // tokens whose terms are empty: nothing to index
    if ((m_kinds & k_cjk_bigrams) != 0) add_bigrams(r);
    if ((m_kinds & k_cjk_edges) != 0) {
      const Character& head = m_run.front();
      const Character& tail = m_run.back();
      m_out.edges.push_back({std::string(head.normalised), std::string(tail.normalised), head.begin, head.end,
                             tail.begin, tail.end, r});
    }
    if (before) add_joins(first - 1, false);
    if (after) add_joins(last, true);
  }

private:
  void add_bigrams(std::size_t r) {
    for (std::size_t c = 0; c + 1 < m_run.size(); ++c) {
      CjkBigram bigram;
      bigram.term.reserve(m_run[c].normalised.size() + m_run[c + 1].normalised.size());
      bigram.term.append(m_run[c].normalised).append(m_run[c + 1].normalised);
      bigram.begin = m_run[c].begin;
      bigram.end = m_run[c + 1].end;
      bigram.run = r;
      m_out.bigrams.push_back(std::move(bigram));
    }
  }

  /// The joins of the run's edge character to word @p k written after
  /// (@p after) or before it: 1 to k_max_join_characters of the word's
  /// characters nearest the run.
  void add_joins(std::size_t k, bool after) {
    m_word.clear();
    append_characters(m_text, m_tokens[k], m_word);
    const Character& edge = after ? m_run.back() : m_run.front();
    const std::size_t size = m_word.size();
    for (std::size_t n = 1; n <= std::min(size, k_max_join_characters); ++n) {
      CjkJoin join{{}, after, k, n, after ? edge.begin : m_word[size - n].begin, after ? m_word[n - 1].end : edge.end};
      if (after) join.term.append(edge.normalised);
      for (std::size_t c = after ? 0 : size - n; c < (after ? n : size); ++c) join.term.append(m_word[c].normalised);
      if (!after) join.term.append(edge.normalised);
      m_out.joins.push_back(std::move(join));
    }
  }

  std::string_view m_text;
  std::span<const Token> m_tokens;
  unsigned m_kinds;
  CjkTerms& m_out;
  std::vector<Character> m_run;   ///< the characters of the run being added
  std::vector<Character> m_word;  ///< those of the word a join is made of
};

} // namespace

std::vector<CjkRun> cjk_runs(std::span<const Token> tokens) {
  std::vector<CjkRun> runs;
  for (std::size_t k = 0; k < tokens.size();) {
    if (tokens[k].script != Script::cjk) {
      ++k;
      continue;
    }
    CjkRun run{k, run_end(tokens, k), 0};
    for (; k < run.last_token; ++k) run.characters += code_point_count(tokens[k].term);
    runs.push_back(run);
  }
  return runs;
}

CjkTerms cjk_terms(std::string_view text, std::span<const Token> tokens, unsigned kinds) {
  CjkTerms out;
  RunTerms run_terms(text, tokens, kinds, out);
  std::size_t r = 0;
  for (std::size_t k = 0; k < tokens.size();) {
    if (tokens[k].script != Script::cjk) {
      ++k;
      continue;
    }
    const std::size_t last = run_end(tokens, k);
    run_terms.add(r++, k, last);
    k = last;
  }
  return out;
}

} // namespace dateline
