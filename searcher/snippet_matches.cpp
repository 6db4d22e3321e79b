/** @file snippet_matches.cpp
 *  @brief Where the query matches in an article's text: the words that match
 *  a term, stem or wildcard, the occurrences of multi-word synonyms and of CJK
 *  bigram phrases (to the character).
 */
#include "searcher/snippet_internal.hpp"

#include "common/cjk_bigrams.hpp"
#include "common/encoding.hpp"

#include <algorithm>
#include <unordered_map>

namespace dateline::searcher::snippet_detail {

SnippetMaker::SnippetMaker(std::string_view text, const HighlightTerms& terms, const TextAnalyzer& analyzer,
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
  const bool characters = !terms.bigram_phrases.empty() || !terms.run_firsts.empty() || !terms.run_lasts.empty() ||
                          !terms.joins_after.empty() || !terms.joins_before.empty();
  if (characters && !is_ascii(m_text)) find_bigram_matches(terms, analyzer);
  count_chars();
  index_matches();
}

void SnippetMaker::find_word_phrases(const HighlightTerms& terms, const WordSpans& spans) {
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

void SnippetMaker::find_bigram_matches(const HighlightTerms& terms, const TextAnalyzer& analyzer) {
  const std::vector<Token> tokens = analyzer.tokenize(m_text);
  // One pass over the text's runs for the kinds the query has (session 14).
  const unsigned kinds = (terms.bigram_phrases.empty() ? 0U : k_cjk_bigrams) |
                         (terms.run_firsts.empty() && terms.run_lasts.empty() ? 0U : k_cjk_edges) |
                         (terms.joins_after.empty() && terms.joins_before.empty() ? 0U : k_cjk_joins);
  const CjkTerms cjk = cjk_terms(m_text, tokens, kinds);
  const std::vector<CjkBigram>& bigrams = cjk.bigrams;
  // Pointers into m_phrase_keys are kept: room for the run edges' keys too.
  m_phrase_keys.reserve(terms.bigram_phrases.size() + terms.run_firsts.size() + terms.run_lasts.size() +
                        terms.joins_after.size() + terms.joins_before.size());
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
      mark_characters({bigrams[i].begin, bigrams[i + phrase.size() - 1].end}, p);
    }
  }
  find_run_edges(terms, cjk.edges);
  find_joins(terms, cjk.joins);
  std::sort(m_matched.begin(), m_matched.end());
  std::sort(m_char_ranges.begin(), m_char_ranges.end());
}

void SnippetMaker::mark_characters(ByteRange range, std::size_t key) {
  m_char_ranges.push_back(range);
  const auto first = std::partition_point(m_tokens.begin(), m_tokens.end(),
                                          [&](const WordSpans::Span& t) { return t.end <= range.first; });
  for (auto t = first; t != m_tokens.end() && t->begin < range.second; ++t) {
    const auto k = static_cast<std::size_t>(t - m_tokens.begin());
    if (!m_match_key[k]->empty()) continue;
    m_match_key[k] = &m_phrase_keys[key];
    m_matched.push_back(k);
  }
}

void SnippetMaker::find_run_edges(const HighlightTerms& terms, const std::vector<CjkRunEdges>& runs) {
  if (terms.run_firsts.empty() && terms.run_lasts.empty()) return;
  const std::size_t first_key = m_phrase_keys.size();
  for (const std::string& c : terms.run_firsts) m_phrase_keys.push_back("\x02" "F" + c);  // never another key
  for (const std::string& c : terms.run_lasts) m_phrase_keys.push_back("\x02" "L" + c);
  for (const CjkRunEdges& edges : runs) {
    for (std::size_t i = 0; i < terms.run_firsts.size(); ++i) {
      if (terms.run_firsts[i] == edges.first) {
        mark_characters({edges.first_begin, edges.first_end}, first_key + i);
      }
    }
    for (std::size_t i = 0; i < terms.run_lasts.size(); ++i) {
      if (terms.run_lasts[i] == edges.last) {
        mark_characters({edges.last_begin, edges.last_end}, first_key + terms.run_firsts.size() + i);
      }
    }
  }
}

void SnippetMaker::find_joins(const HighlightTerms& terms, const std::vector<CjkJoin>& joins) {
  if (terms.joins_after.empty() && terms.joins_before.empty()) return;
  const std::size_t first_key = m_phrase_keys.size();
  for (const std::string& j : terms.joins_after) m_phrase_keys.push_back("\x02" "N" + j);  // never another key
  for (const std::string& j : terms.joins_before) m_phrase_keys.push_back("\x02" "P" + j);
  for (const CjkJoin& join : joins) {
    const std::vector<std::string>& wanted = join.after ? terms.joins_after : terms.joins_before;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (wanted[i] != join.term) continue;
      mark_characters({join.begin, join.end}, first_key + (join.after ? 0 : terms.joins_after.size()) + i);
    }
  }
}

} // namespace dateline::searcher::snippet_detail
