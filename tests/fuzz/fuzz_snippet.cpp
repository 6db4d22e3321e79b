/** @file fuzz_snippet.cpp
 *  @brief libFuzzer target: snippet windows and highlights. Input: the first
 *  byte picks the fragment count and size, up to the first newline are the
 *  query words (a trailing '*' makes a wildcard), the rest is the article
 *  text. Invariants: snippets are valid UTF-8, one line, no control
 *  characters; highlights ascending, non-overlapping, inside the text and on
 *  code point boundaries; the fragment count is respected.
 */
#include "common/encoding.hpp"
#include "common/text_analyzer.hpp"
#include "searcher/snippet.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

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
  dateline::searcher::SnippetOptions options;
  options.fragments = 1 + (control & 3U);
  options.max_chars = 20 + ((control >> 2) * 7U);
  // Stored article text is valid UTF-8 (the indexer decodes it); test both that and raw bytes.
  const std::string text = dateline::repair_utf8(raw_text);
  for (const std::string_view input : {std::string_view(text), raw_text}) {
    const auto snippets = dateline::searcher::make_snippets(input, terms, analyzer, options);
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
