/** @file text_analyzer.cpp
 *  @brief ICU word break + normalisation + Snowball stems.
 *
 *  Design notes:
 *  - Word boundaries come from ICU's root-locale word BreakIterator running
 *    over a UText on the original UTF-8, so offsets are byte offsets into the
 *    caller's text and CJK/Thai runs are segmented with ICU's dictionaries.
 *  - ICU keeps "U.S", "example.com" and "a@b" as one word (UAX #29 MidNumLet;
 *    ICU's root rules count '@' as a letter). We split letter tokens at those
 *    separators and at '@', except the apostrophe, and join single-letter
 *    runs back into acronyms ("u.s." -> "us"), so every term is letters,
 *    digits and apostrophes only: a form that Xapian's QueryParser reads back
 *    as exactly one term.
 *  - All-ASCII lines skip ICU: a small UAX #29 segmenter for the ASCII range
 *    gives the same boundaries (tests/unit/common/segmenter_test.cpp holds it
 *    equal to ICU on random text and on whole corpora). Most news text is
 *    ASCII, and this is where indexing and snippets spend their time.
 *  - Accents are removed only after Latin and Greek bases; Japanese (dakuten),
 *    Thai and Indic marks are meaningful and kept.
 *  - Invisible characters never split a word: UAX #29 already ignores the
 *    soft hyphen, ZWJ, ZWNJ, U+2060, U+FEFF and U+180E inside words, and
 *    NFKC_Casefold removes them from the term; U+200B is the one default-
 *    ignorable character it breaks at, so the breaker sees it as U+2060
 *    (except next to Thai, Lao, Khmer, Myanmar, Han or kana, where U+200B is
 *    how writers separate words).
 *  - Emoji sequences are cut out of words: ICU counts "abc\u200D❤" (ZWJ +
 *    pictograph) as one non-word segment, which lost "abc".
 *  - Elided articles are dropped from the term ("l'élection" -> "election",
 *    Lucene's ElisionFilter lists), not from the span: see Elision.
 *
 *  Files: this one holds the public calls and the dispatch of lines to the
 *  two segmenters; ascii_segmenter.cpp the all-ASCII path, icu_segmenter.cpp
 *  the ICU path (emoji, U+200B, splitting and acronyms), text_normalizer.cpp
 *  the term of a word (NFKC, accents, apostrophes, elision.hpp's articles);
 *  text_analyzer_internal.hpp holds what they share.
 */
#include "common/text_analyzer_internal.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"

#include <xapian.h>

#include <algorithm>
#include <iterator>

namespace dateline {
namespace {

class VectorSink final : public TokenSink {
public:
  explicit VectorSink(std::vector<Token>& out) : m_out(out) {}
  [[nodiscard]] bool wants(unsigned char /*first*/) const override { return true; }

private:
  void take(Token&& token) override { m_out.push_back(std::move(token)); }
  void take_span(std::size_t /*begin*/, std::size_t /*end*/) override {}  // never: wants() is always true
  std::vector<Token>& m_out;
};

class SpanSink final : public TokenSink {
public:
  SpanSink(WordSpans& out, const std::bitset<256>& wanted) : m_out(out), m_wanted(wanted) {}
  [[nodiscard]] bool wants(unsigned char first) const override { return m_wanted.test(first); }

private:
  void take(Token&& token) override {
    m_out.words.push_back({token.begin, token.end});
    if (wants(static_cast<unsigned char>(token.term.front()))) {
      m_out.terms.emplace_back(m_out.words.size() - 1, std::move(token));
    }
  }
  void take_span(std::size_t begin, std::size_t end) override { m_out.words.push_back({begin, end}); }
  WordSpans& m_out;
  const std::bitset<256>& m_wanted;
};

} // namespace

TextAnalyzer::TextAnalyzer(const std::string& language) {
  if (!is_known_language(language)) {
    throw UsageError("unknown stemming language '" + language + "' (one of: none " +
                     Xapian::Stem::get_available_languages() + ")");
  }
  m_impl = std::make_unique<Impl>(language);
  if (language != "none") m_impl->stemmer.emplace(language);
  // Suffix-only Snowball stemmers (checked against Xapian 1.4's list; e.g.
  // indonesian "menulis" -> "ulis", irish "bhfear" -> "fear" are not).
  static constexpr std::string_view k_suffix_only[] = {
      "none",     "english", "earlyenglish", "porter",    "lovins",  "danish",  "dutch",
      "finnish",  "french",  "german",       "german2",   "hungarian", "italian", "norwegian",
      "portuguese", "romanian", "russian",   "spanish",   "swedish", "catalan", "basque",
      "turkish",  "lithuanian"};
  m_impl->stems_keep_first_byte =
      std::find(std::begin(k_suffix_only), std::end(k_suffix_only), language) != std::end(k_suffix_only);
  // Porter2 replaces or removes suffixes and adds at most an 'e' or turns a
  // final 'y' into 'i': a stem and its word share all but the stem's last
  // two bytes (its exceptional forms too: "dying" -> "die").
  if (language == "english") m_impl->stem_rewritten_tail = 2;
}

TextAnalyzer::~TextAnalyzer() = default;
TextAnalyzer::TextAnalyzer(TextAnalyzer&&) noexcept = default;
TextAnalyzer& TextAnalyzer::operator=(TextAnalyzer&&) noexcept = default;

void TextAnalyzer::Impl::tokenize(std::string_view utf8, Segmenter segmenter, TokenSink& out) const {
  if (utf8.empty()) return;
  if (segmenter == Segmenter::icu) {
    tokenize_icu(utf8, 0, utf8.size(), out);
    return;
  }
  // UAX #29 always breaks before and after a line feed (WB3a/WB3b), so lines
  // can be segmented independently: all-ASCII lines by the fast path, each
  // run of lines holding other characters by ICU. The unit tests hold both
  // paths equal on random and real text.
  const auto line_end = [&](std::size_t from) {
    const std::size_t lf = utf8.find('\n', from);
    return lf == std::string_view::npos ? utf8.size() : lf + 1;
  };
  for (std::size_t begin = 0; begin < utf8.size();) {
    std::size_t end = line_end(begin);
    if (is_ascii(utf8.substr(begin, end - begin))) {
      tokenize_ascii(utf8, begin, end, out);
    } else {
      while (end < utf8.size()) {
        const std::size_t next = line_end(end);
        if (is_ascii(utf8.substr(end, next - end))) break;
        end = next;
      }
      tokenize_icu(utf8, begin, end, out);
    }
    begin = end;
  }
}

std::vector<Token> TextAnalyzer::tokenize(std::string_view utf8, Segmenter segmenter) const {
  std::vector<Token> tokens;
  tokens.reserve(utf8.size() / 8);
  VectorSink sink(tokens);
  m_impl->tokenize(utf8, segmenter, sink);
  return tokens;
}

WordSpans TextAnalyzer::tokenize_spans(std::string_view utf8, const std::bitset<256>& wanted) const {
  WordSpans spans;
  spans.words.reserve(utf8.size() / 6);
  SpanSink sink(spans, wanted);
  m_impl->tokenize(utf8, Segmenter::automatic, sink);
  return spans;
}

std::string TextAnalyzer::normalize(std::string_view utf8) const {
  return m_impl->normalize(utf8);
}

std::string TextAnalyzer::stem(const Token& token) const {
  if (!m_impl->stemmer || token.script != Script::latin_like) return {};
  auto& cache = m_impl->stem_cache;
  if (const auto found = cache.find(token.term); found != cache.end()) return found->second;
  if (cache.size() >= k_stem_cache_entries) cache.clear();
  ++m_impl->stemmer_calls;
  std::string stem = (*m_impl->stemmer)(token.term);
  cache.emplace(token.term, stem);
  return stem;
}

std::size_t TextAnalyzer::stemmer_calls() const noexcept {
  return m_impl->stemmer_calls;
}

bool TextAnalyzer::stems_keep_first_byte() const noexcept {
  return m_impl->stems_keep_first_byte;
}

bool TextAnalyzer::may_stem_to(std::string_view word, std::string_view stem) const noexcept {
  if (!m_impl->stems_keep_first_byte) return true;
  if (word.empty() || stem.empty() || word.front() != stem.front()) return false;
  const std::size_t tail = m_impl->stem_rewritten_tail;
  if (tail == std::string_view::npos) return true;
  return word.starts_with(stem.substr(0, stem.size() > tail ? stem.size() - tail : 0));
}

const std::string& TextAnalyzer::language() const noexcept {
  return m_impl->language;
}

std::vector<std::string> TextAnalyzer::known_languages() {
  std::vector<std::string> out{"none"};
  const std::string listed = Xapian::Stem::get_available_languages();
  for (std::size_t at = 0; at < listed.size();) {
    const std::size_t end = std::min(listed.find(' ', at), listed.size());
    if (end > at) out.push_back(listed.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

bool TextAnalyzer::is_known_language(const std::string& language) {
  if (language == "none") return true;
  try {
    Xapian::Stem stem(language);
    return !stem.is_none();
  } catch (const Xapian::InvalidArgumentError&) {
    return false;
  }
}

} // namespace dateline
