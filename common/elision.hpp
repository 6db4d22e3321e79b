/** @file elision.hpp
 *  @brief The elided articles TextAnalyzer drops from a term ("l'élection"
 *  is "élection"), per language. Internal to the analyzer's files
 *  (common/text_*.cpp, ascii_segmenter.cpp, icu_segmenter.cpp); not a public
 *  interface. Not here: where the analyzer applies it (emit_one, emit_ascii).
 */
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::analyzer_detail {

/// Elided articles (issue 9.6): "l'élection" is the word "élection". The
/// lists are Lucene's ElisionFilter articles for each language, compared with
/// the normalised term (lower case, accents removed, apostrophes unified).
inline constexpr std::string_view k_french_articles[] = {"l", "m", "t", "qu", "n", "s", "j", "d", "c",
                                                         "jusqu", "quoiqu", "lorsqu", "puisqu"};
inline constexpr std::string_view k_italian_articles[] = {"c",    "l",   "all", "dall", "dell", "nell", "sull",
                                                          "coll", "pell", "gl", "agl",  "dagl", "degl", "negl",
                                                          "sugl", "un",  "m",   "t",    "s",    "v",    "d"};
inline constexpr std::string_view k_catalan_articles[] = {"d", "l", "m", "n", "s", "t"};
inline constexpr std::string_view k_irish_articles[] = {"d", "m", "b"};
/// Longest article in any list ("jusqu", "quoiqu", "lorsqu", "puisqu").
inline constexpr std::size_t k_longest_article = 6;

/// Which articles a language drops. Under french, italian, catalan and irish
/// their own list, before any letter. Under every other language (english,
/// the default, and "none") the union of the four lists, but only before a
/// vowel, 'h' or the Irish "fh": where those languages elide, and where
/// English words never have an apostrophe after such a prefix ("c'mon",
/// "s'pose", "O'Brien" and contractions like "don't" are kept whole).
struct Elision {
  std::vector<std::string_view> articles;
  bool vowel_only = true;

  explicit Elision(const std::string& language) {
    const auto add = [this](const auto& list) {
      for (std::string_view article : list) {
        if (std::find(articles.begin(), articles.end(), article) == articles.end()) articles.push_back(article);
      }
    };
    vowel_only = false;
    if (language == "french") {
      add(k_french_articles);
    } else if (language == "italian") {
      add(k_italian_articles);
    } else if (language == "catalan") {
      add(k_catalan_articles);
    } else if (language == "irish") {
      add(k_irish_articles);
    } else {
      vowel_only = true;
      add(k_french_articles);
      add(k_italian_articles);
      add(k_catalan_articles);
      add(k_irish_articles);
    }
  }

  /// Bytes to drop from the front of @p term (a normalised term, or at least
  /// its first k_longest_article + 3 bytes): the article and its apostrophe,
  /// or 0. Only one article is dropped, and only before a letter.
  [[nodiscard]] std::size_t elided_bytes(std::string_view term) const {
    const std::size_t apostrophe = term.substr(0, k_longest_article + 1).find('\'');
    if (apostrophe == std::string_view::npos || apostrophe == 0 || apostrophe + 1 >= term.size()) return 0;
    const std::string_view article = term.substr(0, apostrophe);
    if (std::find(articles.begin(), articles.end(), article) == articles.end()) return 0;
    const std::string_view rest = term.substr(apostrophe + 1);
    const auto next = static_cast<unsigned char>(rest.front());
    if (vowel_only) {
      const bool vowel = std::string_view("aeiouyh").find(static_cast<char>(next)) != std::string_view::npos;
      if (!vowel && !rest.starts_with("fh")) return 0;
    } else if (next == '\'' || (next >= '0' && next <= '9')) {
      return 0;
    }
    return apostrophe + 1;
  }
};

} // namespace dateline::analyzer_detail
