/** @file term_generator.hpp
 *  @brief Analysed text -> Xapian terms. The one place that turns tokens into
 *  index terms; the searcher's query rewriting uses the same analyzer so that
 *  query terms equal document terms (tests/unit/common/parity_test.cpp).
 */
#pragma once

#include "common/text_analyzer.hpp"

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// One term occurrence as the indexer would add it.
struct IndexTerm {
  std::string term;            ///< with prefix
  Xapian::termpos position = 0;///< 0 = no position (stems)
  Xapian::termcount wdf = 1;
};

struct TermOptions {
  std::string_view prefix;              ///< "" for body, schema::k_prefix_title for title
  Xapian::termpos first_position = 1;
  Xapian::termcount wdf = 1;
  bool with_stems = true;               ///< also add Z<prefix><stem> without position
};

/// Terms for @p text, in order. Skips terms that would exceed Xapian's limit
/// once prefixed. Returns the position after the last word.
Xapian::termpos generate_terms(const TextAnalyzer& analyzer, std::string_view text,
                               const TermOptions& options, std::vector<IndexTerm>& out);

/// Adds @p terms to @p doc (add_posting when positional, else add_term).
void add_terms(Xapian::Document& doc, const std::vector<IndexTerm>& terms);

} // namespace dateline
