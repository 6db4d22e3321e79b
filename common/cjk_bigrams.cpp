/** @file cjk_bigrams.cpp
 *  @brief CJK runs and their overlapping character bigrams.
 */
#include "common/cjk_bigrams.hpp"

#include <algorithm>
#include <utility>

namespace dateline {
namespace {

/// Byte length of the UTF-8 sequence starting with @p lead (1 for anything
/// that is not a valid lead byte, so a scan always advances).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

/// [begin, end) byte spans of each code point of @p text (valid UTF-8).
std::vector<std::pair<std::size_t, std::size_t>> code_point_spans(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t end = std::min(text.size(), i + sequence_length(static_cast<unsigned char>(text[i])));
    spans.emplace_back(i, end);
    i = end;
  }
  return spans;
}

struct Character {
  std::string_view normalised;  ///< one code point of a token's term
  std::size_t begin = 0;        ///< its bytes in the text
  std::size_t end = 0;
};

} // namespace

std::vector<CjkRun> cjk_runs(std::span<const Token> tokens) {
  std::vector<CjkRun> runs;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const Token& token = tokens[k];
    if (token.script != Script::cjk) continue;
    const std::size_t characters = code_point_spans(token.term).size();
    const bool continues = !runs.empty() && runs.back().last_token == k && token.joined_to_previous;
    if (continues) {
      runs.back().last_token = k + 1;
      runs.back().characters += characters;
    } else {
      runs.push_back({k, k + 1, characters});
    }
  }
  return runs;
}

namespace {

/// The characters of run @p run of @p tokens, appended to @p out.
void run_characters(std::string_view text, std::span<const Token> tokens, const CjkRun& run,
                    std::vector<Character>& out) {
  for (std::size_t k = run.first_token; k < run.last_token; ++k) {
    const Token& token = tokens[k];
    const auto normalised = code_point_spans(token.term);
    const auto original = token.end <= text.size() && token.begin <= token.end
                              ? code_point_spans(text.substr(token.begin, token.end - token.begin))
                              : decltype(normalised){};
    const bool one_to_one = original.size() == normalised.size();
    for (std::size_t c = 0; c < normalised.size(); ++c) {
      const auto [nb, ne] = normalised[c];
      Character ch{std::string_view(token.term).substr(nb, ne - nb), token.begin, token.end};
      if (one_to_one) {
        ch.begin = token.begin + original[c].first;
        ch.end = token.begin + original[c].second;
      }
      out.push_back(ch);
    }
  }
}

} // namespace

std::vector<CjkBigram> cjk_bigrams(std::string_view text, std::span<const Token> tokens) {
  std::vector<CjkBigram> out;
  const std::vector<CjkRun> runs = cjk_runs(tokens);
  std::vector<Character> characters;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const CjkRun& run = runs[r];
    if (run.characters < 2) continue;
    characters.clear();
    run_characters(text, tokens, run, characters);
    for (std::size_t c = 0; c + 1 < characters.size(); ++c) {
      CjkBigram bigram;
      bigram.term.reserve(characters[c].normalised.size() + characters[c + 1].normalised.size());
      bigram.term.append(characters[c].normalised).append(characters[c + 1].normalised);
      bigram.begin = characters[c].begin;
      bigram.end = characters[c + 1].end;
      bigram.run = r;
      out.push_back(std::move(bigram));
    }
  }
  return out;
}

std::vector<CjkRunEdges> cjk_run_edges(std::string_view text, std::span<const Token> tokens) {
  std::vector<CjkRunEdges> out;
  const std::vector<CjkRun> runs = cjk_runs(tokens);
  std::vector<Character> characters;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    characters.clear();
    run_characters(text, tokens, runs[r], characters);
    if (characters.empty()) continue;  // a token whose term is empty: nothing to index
    const Character& first = characters.front();
    const Character& last = characters.back();
    out.push_back({std::string(first.normalised), std::string(last.normalised), first.begin, first.end, last.begin,
                   last.end, r});
  }
  return out;
}

namespace {

/// The characters of token @p token (normalised, with their bytes as in
/// run_characters).
std::vector<Character> token_characters(std::string_view text, const Token& token) {
  const CjkRun one{0, 1, 0};
  std::vector<Character> out;
  run_characters(text, std::span<const Token>(&token, 1), one, out);
  return out;
}

} // namespace

std::vector<CjkJoin> cjk_joins(std::string_view text, std::span<const Token> tokens) {
  std::vector<CjkJoin> out;
  const std::vector<CjkRun> runs = cjk_runs(tokens);
  std::vector<Character> run_chars;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const CjkRun& run = runs[r];
    const bool before = run.first_token > 0 && tokens[run.first_token].joined_to_previous &&
                        tokens[run.first_token - 1].script != Script::cjk;
    const bool after = run.last_token < tokens.size() && tokens[run.last_token].joined_to_previous &&
                       tokens[run.last_token].script != Script::cjk;
    if (!before && !after) continue;
    run_chars.clear();
    run_characters(text, tokens, run, run_chars);
    if (run_chars.empty()) continue;
    if (before) {
      const std::size_t k = run.first_token - 1;
      const std::vector<Character> word = token_characters(text, tokens[k]);
      const Character& edge = run_chars.front();
      for (std::size_t n = 1; n <= std::min(word.size(), k_max_join_characters); ++n) {
        CjkJoin join{{}, false, k, n, word[word.size() - n].begin, edge.end};
        for (std::size_t c = word.size() - n; c < word.size(); ++c) join.term.append(word[c].normalised);
        join.term.append(edge.normalised);
        out.push_back(std::move(join));
      }
    }
    if (after) {
      const std::size_t k = run.last_token;
      const std::vector<Character> word = token_characters(text, tokens[k]);
      const Character& edge = run_chars.back();
      for (std::size_t n = 1; n <= std::min(word.size(), k_max_join_characters); ++n) {
        CjkJoin join{std::string(edge.normalised), true, k, n, edge.begin, word[n - 1].end};
        for (std::size_t c = 0; c < n; ++c) join.term.append(word[c].normalised);
        out.push_back(std::move(join));
      }
    }
  }
  return out;
}

} // namespace dateline
