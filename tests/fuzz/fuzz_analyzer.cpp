/** @file fuzz_analyzer.cpp
 *  @brief libFuzzer target: arbitrary bytes through TextAnalyzer and the term
 *  generator. Invariants: offsets inside the text and increasing, terms
 *  non-empty, at most k_max_term_bytes, valid UTF-8, no term over Xapian's limit,
 *  and the ASCII fast path gives exactly ICU's tokens.
 */
#include "common/encoding.hpp"
#include "common/schema.hpp"
#include "common/term_generator.hpp"
#include "common/text_analyzer.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dateline::TextAnalyzer analyzer("english");
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const std::string text = dateline::repair_utf8(raw);
  std::size_t previous_end = 0;
  for (const dateline::Token& token : analyzer.tokenize(text)) {
    if (token.begin < previous_end || token.end <= token.begin || token.end > text.size()) std::abort();
    if (token.term.empty() || token.term.size() > dateline::k_max_term_bytes) std::abort();
    if (!dateline::is_valid_utf8(token.term)) std::abort();
    previous_end = token.end;
  }
  // Oracle: the default segmentation (ASCII lines without ICU) == ICU alone.
  const auto fast = analyzer.tokenize(text);
  const auto icu = analyzer.tokenize(text, dateline::Segmenter::icu);
  if (fast.size() != icu.size()) std::abort();
  for (std::size_t i = 0; i < fast.size(); ++i) {
    if (fast[i].term != icu[i].term || fast[i].begin != icu[i].begin || fast[i].end != icu[i].end ||
        fast[i].script != icu[i].script || fast[i].joined_to_previous != icu[i].joined_to_previous) {
      std::abort();
    }
  }
  std::vector<dateline::IndexTerm> terms;
  (void)dateline::generate_terms(analyzer, text, {dateline::schema::k_prefix_title, 1, 1, true}, terms);
  for (const auto& term : terms) {
    if (term.term.size() > dateline::schema::k_xapian_max_term_bytes) std::abort();
  }
  // Raw, possibly invalid, bytes must not crash the analyzer either.
  (void)analyzer.tokenize(raw);
  return 0;
}
