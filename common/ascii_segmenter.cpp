/** @file ascii_segmenter.cpp
 *  @brief The all-ASCII fast path: UAX #29 word boundaries of the ASCII range
 *  without ICU (TextAnalyzer::Impl::tokenize_ascii) and the direct term of a
 *  plain ASCII word (emit_ascii). tests/unit/common/segmenter_test.cpp holds
 *  it equal to ICU. Not here: words with '.', '_' or '@' inside, which go to
 *  emit() (icu_segmenter.cpp).
 */
#include "common/text_analyzer_internal.hpp"

#include <algorithm>
#include <array>

namespace dateline {

using analyzer_detail::k_longest_article;

namespace {

/// UAX #29 Word_Break classes of the ASCII range as bit flags: all the fast
/// path needs. ICU's root rules tailor two of them: '@' counts as a letter (so
/// "a@b" is one word) and ':' is not a MidLetter (so "a:b" is two).
constexpr unsigned k_letter = 1U;      ///< ALetter (A-Z, a-z, '@')
constexpr unsigned k_digit = 2U;       ///< Numeric
constexpr unsigned k_word_like = 4U;   ///< letter, digit or ExtendNumLet '_'
constexpr unsigned k_mid_letter = 8U;  ///< joins two letters: '.' '\''
constexpr unsigned k_mid_num = 16U;    ///< joins two digits: ',' ';' '.' '\''
constexpr unsigned k_separator = 32U;  ///< '.', '_', '@': emit() splits there

constexpr unsigned classify_ascii(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return k_letter | k_word_like;
  if (c >= '0' && c <= '9') return k_digit | k_word_like;
  switch (c) {
    case '@': return k_letter | k_word_like | k_separator;
    case '_': return k_word_like | k_separator;
    case '.': return k_mid_letter | k_mid_num | k_separator;
    case '\'': return k_mid_letter | k_mid_num;
    case ',': case ';': return k_mid_num;
    default: return 0;
  }
}

constexpr std::array<unsigned char, 128> k_ascii_flags = [] {
  std::array<unsigned char, 128> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = static_cast<unsigned char>(classify_ascii(static_cast<char>(i)));
  }
  return table;
}();

unsigned ascii_flags(char c) {
  return k_ascii_flags[static_cast<unsigned char>(c) & 0x7FU];
}

} // namespace

void TextAnalyzer::Impl::tokenize_ascii(std::string_view text, std::size_t begin, std::size_t end,
                                        TokenSink& out) const {
  // UAX #29 on ASCII: WB5, WB8-WB10 (letters and digits join), WB6/WB7
  // (letter [.'] letter), WB11/WB12 (digit [,;.'] digit), WB13a/b ('_' joins
  // letters, digits and itself). A word with '.', '_' or '@' inside needs
  // emit()'s splitting; the rest take emit_ascii()'s direct path.
  const char* p = text.data();
  for (std::size_t i = begin; i < end;) {
    if ((ascii_flags(p[i]) & k_word_like) == 0) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    unsigned seen = 0;  // k_separator when the word needs emit()
    for (;;) {
      // A run of letters, digits and '_' (the bulk of every word).
      unsigned flags = 0;
      while (i < end && ((flags = ascii_flags(p[i])) & k_word_like) != 0) {
        seen |= flags;
        ++i;
      }
      if (i + 1 >= end) break;
      // One mid character between two letters or two digits continues it.
      const unsigned mid = ascii_flags(p[i]);
      const unsigned before = ascii_flags(p[i - 1]);
      const unsigned after = ascii_flags(p[i + 1]);
      const bool letters = (mid & k_mid_letter) != 0 && (before & after & k_letter) != 0;
      const bool digits = (mid & k_mid_num) != 0 && (before & after & k_digit) != 0;
      if (!letters && !digits) break;
      seen |= mid;
      ++i;
    }
    if ((seen & k_separator) != 0) {
      emit(text, start, i, UBRK_WORD_LETTER, out);  // pieces and acronyms
    } else {
      emit_ascii(text, start, i, out);
    }
  }
}

/// emit() for an all-ASCII word without inner separators, with no ICU calls
/// or temporary strings: the same token (the segmenter tests compare both
/// paths on every corpus).
void TextAnalyzer::Impl::emit_ascii(std::string_view text, std::size_t begin, std::size_t end,
                                    TokenSink& out) const {
  // No '.', '_' or '@' inside, and (tokenize_ascii only joins an apostrophe
  // between two letters or digits) no apostrophe at either end to strip.
  const std::string_view word = text.substr(begin, end - begin);
  // Longer than any term even after the longest elision: dropped, as emit_one
  // drops it (the exact limit is checked on the term, after elision, below).
  if (word.size() > k_max_term_bytes + k_longest_article + 1) return;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  // An elided article ("l'election") is dropped from the term, not the span.
  std::size_t elided = 0;
  if (word.substr(1, k_longest_article).find('\'') != std::string_view::npos) {
    std::array<char, k_longest_article + 3> head{};
    const std::size_t head_size = std::min(word.size(), head.size());
    std::transform(word.begin(), word.begin() + static_cast<std::ptrdiff_t>(head_size), head.begin(), lower);
    elided = elision.elided_bytes(std::string_view(head.data(), head_size));
  }
  if (word.size() - elided > k_max_term_bytes) return;
  if (!out.wants(static_cast<unsigned char>(lower(word[elided])))) {
    out.span(begin, end);
    return;
  }
  Token token;
  token.term.assign(word.substr(elided));
  for (char& c : token.term) c = lower(c);
  token.begin = begin;
  token.end = end;
  token.script = word.front() >= '0' && word.front() <= '9' ? Script::number : Script::latin_like;
  out.word(std::move(token));
}

} // namespace dateline
