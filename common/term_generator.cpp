/** @file term_generator.cpp
 *  @brief Tokens -> Xapian terms.
 */
#include "common/term_generator.hpp"

#include "common/schema.hpp"

namespace dateline {

Xapian::termpos generate_terms(const TextAnalyzer& analyzer, std::string_view text,
                               const TermOptions& options, std::vector<IndexTerm>& out) {
  Xapian::termpos position = options.first_position;
  const std::string prefix(options.prefix);
  const std::string stem_prefix = std::string(schema::k_prefix_stem) + prefix;
  for (const Token& token : analyzer.tokenize(text)) {
    std::string term = prefix + token.term;
    if (term.size() > schema::k_xapian_max_term_bytes) continue;
    out.push_back({std::move(term), position, options.wdf});
    if (options.with_stems) {
      std::string stem = analyzer.stem(token);
      if (!stem.empty() && stem_prefix.size() + stem.size() <= schema::k_xapian_max_term_bytes) {
        out.push_back({stem_prefix + stem, 0, options.wdf});
      }
    }
    ++position;
  }
  return position;
}

void add_terms(Xapian::Document& doc, const std::vector<IndexTerm>& terms) {
  for (const IndexTerm& t : terms) {
    if (t.term.empty() || t.term.size() > schema::k_xapian_max_term_bytes) continue;
    if (t.position != 0) {
      doc.add_posting(t.term, t.position, t.wdf);
    } else {
      doc.add_term(t.term, t.wdf);
    }
  }
}

} // namespace dateline
