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
 *  - a phrase in a NEAR/ADJ chain (which Xapian 1.4 cannot nest) becomes
 *    ("the phrase" AND every term of the chain NEAR each other);
 *  - author:/source:/topic: values are normalised like schema::field_value_term;
 *  - date: values become an 8-digit range "date:YYYYMMDD..YYYYMMDD" (ends open
 *    or closed) that QueryBuilder's range processor understands.
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
  std::vector<DateBounds> dates;
  std::size_t word_count = 0;       ///< words + field values, as checked against max_words
};

class QueryRewriter {
public:
  explicit QueryRewriter(const TextAnalyzer& analyzer, QueryLimits limits = {})
      : m_analyzer(analyzer), m_limits(limits) {}

  /// Throws UsageError with a one-line message on: an empty query, a query over
  /// the byte or word cap, an unbalanced quote or bracket, an unknown field, a
  /// field without value, a bad date, an inverted date range, a bad NEAR/n,
  /// or a query whose every word is excluded.
  [[nodiscard]] RewrittenQuery rewrite(std::string_view query) const;

private:
  const TextAnalyzer& m_analyzer;
  QueryLimits m_limits;
};

/// The cleaned form of a raw query: invalid UTF-8 repaired, control characters
/// and escape sequences removed, tabs/newlines turned into spaces.
[[nodiscard]] std::string clean_query_text(std::string_view raw);

} // namespace dateline::searcher
