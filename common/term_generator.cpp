/** @file term_generator.cpp
 *  @brief Tokens -> Xapian terms, piece by piece, within a word budget.
 */
#include "common/term_generator.hpp"

#include "common/cjk_bigrams.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <iterator>

namespace dateline {
namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool is_ascii_word_start(char c) { return static_cast<unsigned char>(c) < 0x80 && !is_ascii_space(c); }

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

} // namespace

bool WordBudget::admit(const std::string& word) {
  if (m_exhausted) return false;
  // One hash lookup for the common case (#15.5): below the cap a word is
  // admitted whether it is new or not, so insert() both finds and adds it.
  if (m_seen.size() < m_max) {
    m_seen.insert(word);
    return true;
  }
  if (m_seen.count(word) > 0) return true;
  m_exhausted = true;
  return false;
}

std::size_t term_chunk_end(std::string_view text, std::size_t begin, std::size_t chunk_bytes) {
  chunk_bytes = std::max<std::size_t>(chunk_bytes, 16);
  if (text.size() - begin <= chunk_bytes) return text.size();
  // The last ASCII whitespace followed by an ASCII non-space byte: a word
  // boundary whatever the script around it (no CR LF pair is split).
  const auto cut_before = [&](std::size_t from, std::size_t to) -> std::size_t {
    for (std::size_t at = to; at > from; --at) {
      if (is_ascii_space(text[at - 1]) && is_ascii_word_start(text[at])) return at;
    }
    return 0;
  };
  if (const std::size_t at = cut_before(begin, begin + chunk_bytes); at > begin) return at;
  // No whitespace: look further ahead, then give up and cut between code points.
  const std::size_t far = std::min(text.size() - 1, begin + 4 * chunk_bytes);
  for (std::size_t at = begin + chunk_bytes; at < far; ++at) {
    if (is_ascii_space(text[at - 1]) && is_ascii_word_start(text[at])) return at;
  }
  if (far + 1 >= text.size()) return text.size();
  std::size_t at = begin + chunk_bytes;
  while (at > begin + 1 && is_continuation(text[at])) --at;
  return at;
}

Xapian::termpos generate_terms(const TextAnalyzer& analyzer, std::string_view text,
                               const TermOptions& options, const TermSink& sink) {
  Xapian::termpos position = options.first_position;
  const std::string prefix(options.prefix);
  const std::string stem_prefix = std::string(schema::k_prefix_stem) + prefix;
  // The copies (TermOptions::copy_sink): a word or stem that does not fit
  // under one prefix may fit under the other, and each prefix's positions
  // advance only for the words it holds, as two separate calls would.
  const bool copying = options.copy_sink != nullptr;
  const std::string copy_prefix(options.copy_prefix);
  const std::string copy_stem_prefix = std::string(schema::k_prefix_stem) + copy_prefix;
  Xapian::termpos copy_position = options.copy_first_position;
  const auto fits = [](const std::string& p, std::size_t bytes) {
    return p.size() + bytes <= schema::k_xapian_max_term_bytes;
  };
  std::vector<IndexTerm> piece;
  std::vector<IndexTerm> copies;
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = term_chunk_end(text, begin);
    bool stopped = false;
    const std::string_view chunk = text.substr(begin, end - begin);
    std::vector<Token> tokens = analyzer.tokenize(chunk);
    std::size_t admitted = 0;
    for (const Token& token : tokens) {
      if (options.budget != nullptr && !options.budget->admit(token.term)) {
        stopped = true;
        break;
      }
      ++admitted;
      const bool word_fits = fits(prefix, token.term.size());
      const bool copy_fits = copying && fits(copy_prefix, token.term.size());
      if (!word_fits && !copy_fits) continue;
      std::string stem;
      if (options.with_stems) stem = analyzer.stem(token);
      // A stem equal to its word, left out: the wdf its terms would have had
      // is counted (TermOptions::left_out_stem_wdf), exactly where they
      // would have been written.
      const bool left_out = options.stems_only_where_differ && !stem.empty() && stem == token.term;
      if (left_out) stem.clear();
      const bool count_left_out = left_out && options.left_out_stem_wdf != nullptr;
      if (word_fits) {
        piece.push_back({prefix + token.term, position, options.wdf});
        if (!stem.empty() && fits(stem_prefix, stem.size())) piece.push_back({stem_prefix + stem, 0, options.wdf});
        if (count_left_out && fits(stem_prefix, token.term.size())) *options.left_out_stem_wdf += options.wdf;
        ++position;
      }
      if (copy_fits) {
        copies.push_back({copy_prefix + token.term, copy_position, options.copy_wdf});
        if (!stem.empty() && fits(copy_stem_prefix, stem.size())) {
          copies.push_back({copy_stem_prefix + stem, 0, options.copy_wdf});
        }
        if (count_left_out && fits(copy_stem_prefix, token.term.size())) {
          *options.left_out_stem_wdf += options.copy_wdf;
        }
        ++copy_position;
      }
    }
    if (options.bigram_position != nullptr) {
      // Runs never cross pieces: a piece ends after ASCII whitespace (or,
      // without any, inside one long word, which then splits anyway).
      tokens.resize(admitted);
      const CjkTerms cjk = cjk_terms(chunk, tokens);  // one pass over each run (session 14)
      std::size_t run = 0;
      bool first = true;
      for (const CjkBigram& bigram : cjk.bigrams) {
        if (!first && bigram.run != run) ++*options.bigram_position;  // a gap between runs
        first = false;
        run = bigram.run;
        std::string term = std::string(schema::k_prefix_bigram) + bigram.term;
        if (term.size() > schema::k_xapian_max_term_bytes) continue;
        piece.push_back({std::move(term), (*options.bigram_position)++, options.wdf});
      }
      if (!first) ++*options.bigram_position;
      // Each run's first and last characters (#13.3), without positions.
      for (const CjkRunEdges& edges : cjk.edges) {
        for (std::string term : {std::string(schema::k_prefix_run_first) + edges.first,
                                 std::string(schema::k_prefix_run_last) + edges.last}) {
          if (term.size() <= schema::k_xapian_max_term_bytes) piece.push_back({std::move(term), 0, options.wdf});
        }
      }
      // A run's edge character joined to the word written against it
      // (#13.3, session 13), without positions.
      for (const CjkJoin& join : cjk.joins) {
        std::string term = std::string(join.after ? schema::k_prefix_join_after : schema::k_prefix_join_before) +
                           join.term;
        if (term.size() <= schema::k_xapian_max_term_bytes) piece.push_back({std::move(term), 0, options.wdf});
      }
    }
    if (!piece.empty()) sink(piece);
    piece.clear();
    if (!copies.empty()) (*options.copy_sink)(copies);
    copies.clear();
    if (stopped) break;
    begin = end;
  }
  return position;
}

Xapian::termpos generate_terms(const TextAnalyzer& analyzer, std::string_view text,
                               const TermOptions& options, std::vector<IndexTerm>& out) {
  return generate_terms(analyzer, text, options, [&out](std::vector<IndexTerm>& piece) {
    out.insert(out.end(), std::make_move_iterator(piece.begin()), std::make_move_iterator(piece.end()));
  });
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

void add_stems_differ_marker(Xapian::Document& doc, Xapian::termcount left_out_stem_wdf) {
  // add_term with wdf 0 is add_boolean_term: a document that left nothing out.
  doc.add_term(std::string(schema::k_term_stems_differ), left_out_stem_wdf);
}

} // namespace dateline
