/** @file fuzz_analyzer.cpp
 *  @brief libFuzzer target: arbitrary bytes through TextAnalyzer and the term
 *  generator. Invariants: offsets inside the text and increasing, terms
 *  non-empty, at most k_max_term_bytes, valid UTF-8, no term over Xapian's limit.
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
  std::vector<dateline::IndexTerm> terms;
  (void)dateline::generate_terms(analyzer, text, {dateline::schema::k_prefix_title, 1, 1, true}, terms);
  for (const auto& term : terms) {
    if (term.term.size() > dateline::schema::k_xapian_max_term_bytes) std::abort();
  }
  // Raw, possibly invalid, bytes must not crash the analyzer either.
  (void)analyzer.tokenize(raw);
  return 0;
}
