/** @file query_rewriter.hpp
 *  @brief User query text -> query text for Xapian::QueryParser, with every word
 *  replaced by the term the indexer would have produced for it.
 *
 *  A small lexer keeps the query language's structure (AND OR NOT XOR, NEAR and
 *  ADJ with an optional /n, "phrases", brackets, +/-, field prefixes, trailing
 *  '*') and runs everything else through common/'s TextAnalyzer, so case,
 *  accents, Unicode forms and CJK/Thai segmentation are handled exactly as at
 *  index time. The output only contains what QueryParser reads back as the same
 *  terms: normalised terms, spaces, quotes, brackets, operators and fields.
 *
 *  Rewrites beyond normalisation:
 *  - words written together without a space ("e-mail", "U.S.-based", a CJK run
 *    segmented into several words) become a quoted phrase;
 *  - a lone word that is never stemmed at index time (CJK, Thai, ...) is quoted
 *    so QueryParser does not look for a stem that does not exist;
 *  - a group holding a CJK run of two characters or more (outside title:,
 *    wildcards and NEAR/ADJ chains) is written as a 'c' dlterm: spec, its
 *    words or its bigram reading (#13.3, docs/searcher.md); a long one (at
 *    least k_cjk_graded_min_bigrams bigrams: a pasted sentence), unquoted and
 *    without '+' or '-', as a 'g' spec, read graded (session 16);
 *  - a phrase in a NEAR/ADJ chain (which Xapian 1.4 cannot nest) becomes
 *    ("the phrase" AND every term of the chain NEAR each other);
 *  - author:/source:/topic: values are normalised like schema::field_value_term;
 *  - date: values become an 8-digit range "date:YYYYMMDD..YYYYMMDD" (ends open
 *    or closed) that QueryBuilder's range processor understands;
 *  - a term that QueryParser would read back differently (`1'000'000`, `צה"ל`,
 *    `1٬000`), and any phrase, wildcard or NEAR/ADJ chain holding one, is
 *    written as `dlterm:SPEC` (see encode_term_spec) and built by QueryBuilder's
 *    field processor, so every indexed term can be searched as it was indexed;
 *  - a bracket holding only '-' words beside other words is dropped
 *    (`oil (-gas)` is `oil -gas`), and so is a bracket around one '+'
 *    operand (`gas (+oil)` is `gas +oil`).
 *
 *  Pasted text is searched as plain words, with a note (RewrittenQuery::notes):
 *  a field name followed by ':' and a space ("Date: March 3") is the word,
 *  and an unbalanced '"' is ignored.
 *
 *  Everything else that would change the meaning of what was typed is refused with
 *  a one-line UsageError instead: an operator without operands, NEAR/ADJ next
 *  to a bracket, field, wildcard or '-' word, a chain mixing operators or
 *  distances, empty brackets, a bracket of only excluded words under an
 *  operator, a bracket of only author:/source:/topic:/date: fields next to
 *  words (an alternative to QueryParser, not a restriction), a wildcard
 *  inside quotes or after several words, a '~' before anything but one plain
 *  word QueryParser reads (a phrase, field, bracket, wildcard, sign, second
 *  '~', NEAR/ADJ word, joined words, a CJK word), a range (A..B) outside
 *  date:.
 */
#pragma once

#include "common/date.hpp"
#include "common/text_analyzer.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {

/// Cost caps applied before anything reaches Xapian.
struct QueryLimits {
  std::size_t max_bytes = 4096;   ///< raw query size
  std::size_t max_words = 64;     ///< words plus field values
  unsigned max_window = 100;      ///< largest n in NEAR/n and ADJ/n
};

/// One word of free text (not a field value) as analysed.
struct QueryWord {
  std::string term;          ///< normalised, as in the index (unprefixed)
  std::string stem;          ///< "" when not stemmed
  std::size_t begin = 0;     ///< byte span in RewrittenQuery::cleaned
  std::size_t end = 0;
  bool in_title = false;     ///< inside title:
  bool wildcard = false;     ///< followed by '*'
  bool excluded = false;     ///< after '-' or NOT (not highlighted, no spelling)
  /// Part of a CJK group searched as "its words or its bigrams" (#13.3):
  /// snippets highlight the group's characters where its bigram phrase
  /// occurs, not this word wherever it stands alone.
  bool cjk_fragment = false;
};

/// An author:/source:/topic: clause as searched: its exact boolean term, and
/// where it stands, so that a value that no article holds whole (a surname)
/// can be suggested whole ("Did you mean: author:\"lena marsh\"").
struct QueryField {
  std::string name;          ///< "author", "source" or "topic"
  std::string prefix;        ///< its term prefix (schema::k_prefix_author ...)
  std::string term;          ///< prefix + normalised value, as in the index
  std::size_t begin = 0;     ///< byte span of the whole clause (name, ':', value) in RewrittenQuery::cleaned
  std::size_t end = 0;
  bool excluded = false;     ///< after '-' or NOT
};

/// A date: restriction from the query, both ends inclusive; nullopt = open.
struct DateBounds {
  std::optional<Date> first;
  std::optional<Date> last;
};

struct RewrittenQuery {
  std::string cleaned;              ///< the user's query: valid UTF-8, controls removed
  std::string text;                 ///< what QueryParser parses
  std::vector<QueryWord> words;
  std::vector<QueryField> fields;   ///< author:/source:/topic: clauses, in query order
  std::vector<DateBounds> dates;
  std::size_t word_count = 0;       ///< words + field values, as checked against max_words
  /// Some CJK group's bigram reading has an edge part (is_edge_part): the
  /// builder asks the database whether it holds edge terms (#13.3).
  bool cjk_edge_parts = false;
  /// Some CJK group's bigram reading has a join part (is_join_part): the
  /// builder asks the database whether it holds join terms (#13.3).
  bool cjk_join_parts = false;
  /// What was typed but searched otherwise, one line each (no "note: "
  /// prefix): a field name followed by ": " read as a word, an unbalanced
  /// '"' ignored (pasted text; docs/searcher.md, Pasted text).
  std::vector<std::string> notes;
};

class QueryRewriter {
public:
  explicit QueryRewriter(const TextAnalyzer& analyzer, QueryLimits limits = {})
      : m_analyzer(analyzer), m_limits(limits) {}

  /// Throws UsageError with a one-line message (echoing at most 80 code points
  /// of the input) on: an empty query, a query over the byte or word cap, an
  /// unbalanced bracket, empty brackets, an unknown field, a field
  /// without value (at the end of the query; or with a sign or, for header fields, '*' in it), a bad
  /// date, an inverted date range, a bad NEAR/n, an operator without operands,
  /// a NEAR/ADJ chain with a bracket, field, wildcard, inner '+'/'-' or mixed
  /// operators, a '-'/'+' where QueryParser would ignore or reject it, a
  /// bracket of only excluded words under an operator, a misplaced '*' or
  /// '~', a range outside date:, or a query whose every word is excluded.
  [[nodiscard]] RewrittenQuery rewrite(std::string_view query) const;

private:
  const TextAnalyzer& m_analyzer;
  QueryLimits m_limits;
};

/// The cleaned form of a raw query: invalid UTF-8 repaired; terminal escape
/// sequences and control characters handled exactly as the indexer handles
/// article text (separate_control_chars: a complete sequence is removed, a
/// lone control becomes a space); every Unicode White_Space character
/// replaced by one space (they separate words, as in the index); the double
/// quotes “ ” „ ‟ « » ‹ › 「 」 『 』 〝 〞 〟 ＂ replaced by '"'.
[[nodiscard]] std::string clean_query_text(std::string_view raw);

/// The hidden QueryParser field whose value is an encoded term spec.
inline constexpr std::string_view k_term_spec_field = "dlterm";

/// What a dlterm: value asks QueryBuilder to build.
struct TermSpec {
  /// 't' term, 'w' wildcard, 'p' phrase, 'n' NEAR, 'a' ADJ, 'c' CJK group,
  /// 'g' long CJK group read graded where the query ORs its items (session 16)
  char kind = 't';
  unsigned window = 0;          ///< 'n'/'a': Xapian window; 'p': number of terms; 'c'/'g': number of words
  /// Exact Xapian terms (prefixes included). 'c' and 'g' (#13.3): the group's
  /// `window` words (a phrase when several), then its bigram reading as
  /// parts, each introduced by k_fragment_part: a part is a phrase of XBI
  /// bigrams, a phrase of whole words or one word's term, or an edge part.
  std::vector<std::string> terms;
};

/// A CJK group whose bigram reading holds at least this many bigrams (a
/// run of 13 characters; r runs of 12 + r characters together) is long (session
/// 16): unquoted and without '+' or '-' it is written as a 'g' spec, which
/// QueryBuilder reads graded (its terms ORed, the whole reading a boost)
/// wherever the query's items are ORed. Shorter groups, the fragments of
/// 4-12 characters scripts/eval-cjk measures, keep the all-or-nothing 'c'
/// reading: one character changed in a run of n leaves n - 3 of its n - 1
/// bigrams, 10 of 12 here but 1 of 3 in a fragment of 4, too little to
/// tell the article from any other sharing a bigram (docs/benchmarks.md,
/// "Session 16").
inline constexpr std::size_t k_cjk_graded_min_bigrams = 12;

/// Introduces a part of a 'c' TermSpec; never an index term (the analyzer
/// keeps no punctuation).
inline constexpr std::string_view k_fragment_part = ",";

/// True when @p part of a 'c' spec is one XBF / XBL term (#13.3: a CJK
/// character cut at the fragment's edge), searched only in databases whose
/// every document holds edge terms (cjk_edge_terms_indexed).
[[nodiscard]] bool is_edge_part(const std::vector<std::string>& part);

/// True when @p part of a 'c' spec is one XBN / XBP term (#13.3, session 13:
/// a number or Latin word cut at the fragment's edge, joined to the run's
/// character beside it), searched only in databases whose every document
/// holds join terms (cjk_join_terms_indexed).
[[nodiscard]] bool is_join_part(const std::vector<std::string>& part);

/// True when a 'c' or 'g' spec has words, then at least one non-empty part.
[[nodiscard]] bool fragment_spec_is_valid(const TermSpec& spec);

/// TermSpec <-> the value after "dlterm:" (lower-case letters and hex digits
/// only, so QueryParser reads it as one word). decode returns nullopt on
/// anything encode cannot produce.
[[nodiscard]] std::string encode_term_spec(const TermSpec& spec);
[[nodiscard]] std::optional<TermSpec> decode_term_spec(std::string_view value);

/// True when Xapian 1.4's QueryParser reads @p term (already normalised)
/// back as exactly that one term when it stands alone between spaces.
[[nodiscard]] bool query_parser_reads_back(std::string_view term);

/// @p text as error messages echo it: at most @p max_code_points code points,
/// then "…" when cut.
[[nodiscard]] std::string echo_for_error(std::string_view text, std::size_t max_code_points = 80);

} // namespace dateline::searcher
