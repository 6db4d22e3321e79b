/** @file fuzz_snippet.cpp
 *  @brief libFuzzer target: snippet windows and highlights. Input: the first
 *  byte picks the fragment count and size, up to the first newline are the
 *  query words (a trailing '*' makes a wildcard), the rest is the article
 *  text. Invariants: snippets are valid UTF-8, one line, no control
 *  characters; highlights ascending, non-overlapping, inside the text and on
 *  code point boundaries; the fragment count is respected.
 *
 *  Cost (issue 14, item 7): fragment counts up to 10 and windows up to the
 *  CLI's 10,000 characters are drawn, and every make_snippets call must
 *  finish within k_budget_seconds of CPU time (the quadratic window choice
 *  took seconds on 64 KB of distinct words under a wildcard). With every
 *  query word, the text's own first word is also added as a term and as a
 *  one-letter wildcard, so repeated-term and wildcard-heavy inputs are
 *  reached quickly. scripts/fuzz also runs this target with -timeout.
 */
#include "common/cjk_bigrams.hpp"
#include "common/encoding.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/snippet.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <utility>
#include <vector>

namespace {

/// CPU seconds one make_snippets call may take (sanitizer build, 64 KB input).
constexpr double k_budget_seconds = 0.5;

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dateline::TextAnalyzer analyzer("english");
  if (size == 0) return 0;
  const unsigned control = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto newline = rest.find('\n');
  const std::string query = dateline::repair_utf8(rest.substr(0, newline));
  const std::string_view raw_text = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);

  dateline::searcher::HighlightTerms terms;
  for (const dateline::Token& token : analyzer.tokenize(query)) {
    if (token.end < query.size() && query[token.end] == '*') {
      terms.prefixes.push_back(token.term);
    } else {
      terms.terms.insert(token.term);
      const std::string stem = analyzer.stem(token);
      if (!stem.empty()) terms.stems.insert(stem);
    }
  }
  // CJK runs of the query as bigram phrases (#13.3), highlighted to the character.
  std::vector<std::string> phrase;
  std::size_t run = 0;
  for (dateline::CjkBigram& bigram : dateline::cjk_bigrams(query, analyzer.tokenize(query))) {
    if (!phrase.empty() && bigram.run != run) {
      terms.bigram_phrases.push_back(std::move(phrase));
      phrase.clear();
    }
    run = bigram.run;
    phrase.push_back(std::move(bigram.term));
  }
  if (!phrase.empty()) terms.bigram_phrases.push_back(std::move(phrase));
  // Repeated-term and wildcard-heavy queries: the text's first word as a
  // term and its first letter as a wildcard prefix.
  const std::string text = dateline::repair_utf8(raw_text);
  if (control & 0x80U) {
    const auto first = analyzer.tokenize(text.substr(0, std::min<std::size_t>(text.size(), 256)));
    if (!first.empty()) {
      terms.terms.insert(first.front().term);
      terms.prefixes.push_back(first.front().term.substr(0, 1));
    }
  }
  dateline::searcher::SnippetOptions options;
  options.fragments = 1 + (control & 7U) + ((control >> 3) & 1U) * 2;  // 1..10
  constexpr std::size_t k_chars[] = {20, 200, 2000, 10000};
  options.max_chars = k_chars[(control >> 4) & 3U] + ((control >> 6) & 1U) * 7;
  // Stored article text is valid UTF-8 (the indexer decodes it); test both that and raw bytes.
  for (const std::string_view input : {std::string_view(text), raw_text}) {
    const double start = thread_cpu_seconds();
    const auto snippets = dateline::searcher::make_snippets(input, terms, analyzer, options);
    const double spent = thread_cpu_seconds() - start;
    if (spent > k_budget_seconds) {
      std::fprintf(stderr, "make_snippets took %.3f s CPU (budget %.3f s) on %zu bytes, %zu fragments, %zu chars\n",
                   spent, k_budget_seconds, input.size(), options.fragments, options.max_chars);
      std::abort();
    }
    if (snippets.size() > options.fragments) std::abort();
    for (const auto& snippet : snippets) {
      if (!dateline::is_valid_utf8(snippet.text)) std::abort();
      for (const char c : snippet.text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) std::abort();
      }
      std::size_t previous_end = 0;
      for (const auto& [begin, end] : snippet.highlights) {
        if (begin < previous_end || end <= begin || end > snippet.text.size()) std::abort();
        const auto continuation = [&](std::size_t at) {
          return at < snippet.text.size() && (static_cast<unsigned char>(snippet.text[at]) & 0xC0) == 0x80;
        };
        if (continuation(begin) || continuation(end)) std::abort();
        previous_end = end;
      }
    }
  }
  return 0;
}
