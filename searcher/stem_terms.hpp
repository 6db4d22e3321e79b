/** @file stem_terms.hpp
 *  @brief Stem terms of a database indexed with `--stem-terms differing`
 *  (session 14, #15.2 size, #15.5 cost).
 *
 *  Such a document holds `Z` + stem (and `ZS` + stem for headline words) only
 *  where the stem differs from the word (schema::k_term_stems_differ). The
 *  documents whose words stem to s are then those holding `Z s`, plus, when
 *  s is its own stem, those holding the word s itself: every reader of a
 *  stem term (the parsed query, headline evidence, feedback's expansion, the
 *  "all words in" guard) asks for OP_SYNONYM(Z s, s) instead of `Z s`. On a
 *  database without the marker every call here returns what it is given.
 */
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>

namespace dateline::searcher {

/// Whether a walk over a parsed query's terms (this file's rewrite,
/// query_builder's synonym rewrite and --explain's expansions) goes into the
/// subqueries of a @p type query: the combinations the query parser builds
/// (AND, OR, AND_NOT, XOR, AND_MAYBE, FILTER, SYNONYM, MAX); not phrases,
/// NEAR, scaled, wildcard or value queries.
[[nodiscard]] bool is_plain_combination(Xapian::Query::op type) noexcept;

/// @p query with each subquery replaced by @p child's answer for it (a
/// subquery it answers nullopt for is kept): the one walk of a plain
/// combination shared by this file's rewrite and query_builder's synonym
/// rewrite. nullopt when @p query is not is_plain_combination or nothing
/// changed.
[[nodiscard]] std::optional<Xapian::Query> rewrite_subqueries(
    const Xapian::Query& query, const std::function<std::optional<Xapian::Query>(const Xapian::Query&)>& child);

/// True when any document of @p db (all its databases together) holds
/// schema::k_term_stems_differ: its stem terms must be read as StemQueries does.
[[nodiscard]] bool stems_only_where_differ(const Xapian::Database& db);

class StemQueries {
public:
  /// @p language: the database's stemmer ("none": no stems); @p active:
  /// stems_only_where_differ of the database searched.
  StemQueries(const std::string& language, bool active);
  /// For @p db: its recorded language and its marker.
  [[nodiscard]] static StemQueries of(const Xapian::Database& db);

  [[nodiscard]] bool active() const noexcept { return m_active; }

  /// The word term holding the rest of stem term @p term's documents: for
  /// `Z s` the word s, for `ZS s` the title word `S s`, when active and s is
  /// its own stem; "" otherwise (also for a term that is not a stem term).
  [[nodiscard]] std::string word_of(const std::string& term) const;

  /// The query for stem term @p term: OP_SYNONYM(term, word_of(term)) when
  /// both are in @p db, the one that is when only one is, else Query(term).
  [[nodiscard]] Xapian::Query term_query(const Xapian::Database& db, const std::string& term,
                                         Xapian::termcount wqf = 1, Xapian::termpos pos = 0) const;

  /// @p query with every stem term it reaches through AND, OR, AND_NOT,
  /// AND_MAYBE, FILTER, XOR, SYNONYM, MAX and SCALE_WEIGHT (its factor kept;
  /// session 15) replaced by term_query (wqf and position kept); @p query
  /// itself when nothing changes.
  [[nodiscard]] Xapian::Query rewrite(const Xapian::Database& db, const Xapian::Query& query) const;

  /// True when the unprefixed term @p word stands for its own stem in such a
  /// database: a word the indexer stems (lower-case letters first, no digit
  /// at the start) whose stem is itself. False when not active.
  [[nodiscard]] bool is_own_stem_word(const std::string& word) const;

private:
  [[nodiscard]] std::optional<Xapian::Query> rewritten(const Xapian::Database& db, const Xapian::Query& query) const;

  bool m_active;
  std::optional<Xapian::Stem> m_stemmer;
};

} // namespace dateline::searcher
