/** @file fuzz_article.cpp
 *  @brief libFuzzer target: raw bytes -> decode_to_utf8 -> parse_article.
 *  Invariants: never crashes; output is valid UTF-8; the title is bounded.
 */
#include "common/article.hpp"
#include "common/charset.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const dateline::DecodedText text = dateline::decode_to_utf8(bytes);
  if (!dateline::is_valid_utf8(text.utf8)) std::abort();
  for (auto policy : {dateline::UndatedPolicy::skip, dateline::UndatedPolicy::index}) {
    try {
      const dateline::Article article = dateline::parse_article(text.utf8, "2024/01/02/fuzz.txt", {policy, {}});
      if (!dateline::is_valid_utf8(article.title) || !dateline::is_valid_utf8(article.body)) std::abort();
      if (article.date && !dateline::is_valid_date(article.date->year, article.date->month, article.date->day)) {
        std::abort();
      }
    } catch (const dateline::ArticleError&) {
      // Rejected input is a valid outcome.
    }
  }
  return 0;
}
