/** @file text_analyzer_internal.hpp
 *  @brief What TextAnalyzer's files share: TextAnalyzer::Impl (the
 *  language, stemmer, stem cache and lazily created ICU objects, and the
 *  segmenting steps each file defines) and TokenSink, where words go. Not a
 *  public interface (ICU headers stay out of text_analyzer.hpp): callers use
 *  text_analyzer.hpp. Files: text_analyzer.cpp (the public calls),
 *  text_normalizer.cpp (terms), ascii_segmenter.cpp (all-ASCII lines),
 *  icu_segmenter.cpp (everything else).
 */
#pragma once

#include "common/elision.hpp"
#include "common/text_analyzer.hpp"

#include <xapian.h>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dateline {

/// Where words go: whole tokens (tokenize) or spans plus wanted terms
/// (tokenize_spans). Tracks the previous word's end for joined_to_previous.
class TokenSink {
public:
  virtual ~TokenSink() = default;
  /// Whether a word whose term starts with byte @p first needs its term.
  [[nodiscard]] virtual bool wants(unsigned char first) const = 0;
  /// A word with its term (joined_to_previous is filled in here).
  void word(Token&& token) {
    token.joined_to_previous = token.begin == m_last_end;
    m_last_end = token.end;
    take(std::move(token));
  }
  /// A word whose term is not wanted.
  void span(std::size_t begin, std::size_t end) {
    m_last_end = end;
    take_span(begin, end);
  }

private:
  virtual void take(Token&& token) = 0;
  virtual void take_span(std::size_t begin, std::size_t end) = 0;
  std::size_t m_last_end = std::string_view::npos;
};

struct TextAnalyzer::Impl {
  explicit Impl(const std::string& name) : language(name), elision(name) {}

  std::string language;
  analyzer_detail::Elision elision;
  std::optional<Xapian::Stem> stemmer;
  bool stems_keep_first_byte = true;
  /// Bytes at the end of a stem that may differ from its word (npos: unknown).
  std::size_t stem_rewritten_tail = std::string_view::npos;
  /// Stems of the words seen lately (#15.5): a news article repeats its
  /// words and a corpus its vocabulary, and Snowball costs far more than a
  /// hash lookup. Emptied when it reaches k_stem_cache_entries.
  mutable std::unordered_map<std::string, std::string> stem_cache;
  mutable std::size_t stemmer_calls = 0;
  // ICU objects are created on first use: an all-ASCII query over all-ASCII
  // articles never touches ICU's rule and normalisation data (page faults
  // and set-up that dominated a short search's start).
  mutable std::unique_ptr<icu::BreakIterator> breaker;
  mutable const icu::Normalizer2* nfkc_casefold = nullptr;
  mutable const icu::Normalizer2* nfd = nullptr;
  mutable const icu::Normalizer2* nfc = nullptr;

  icu::BreakIterator& word_breaker() const;
  void load_normalizers() const;

  std::string normalize(std::string_view utf8) const;
  void tokenize_ascii(std::string_view text, std::size_t begin, std::size_t end, TokenSink& out) const;
  void tokenize_icu(std::string_view text, std::size_t begin, std::size_t end, TokenSink& out) const;
  void emit(std::string_view text, std::size_t begin, std::size_t end, int32_t rule_status, TokenSink& out) const;
  void emit_word(std::string_view text, std::size_t begin, std::size_t end, int32_t rule_status,
                 TokenSink& out) const;
  void emit_one(std::string_view text, std::size_t begin, std::size_t end, Script script, TokenSink& out) const;
  void emit_ascii(std::string_view text, std::size_t begin, std::size_t end, TokenSink& out) const;
  void tokenize(std::string_view utf8, Segmenter segmenter, TokenSink& out) const;
};

} // namespace dateline
