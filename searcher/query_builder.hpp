/** @file query_builder.hpp
 *  @brief Rewritten query text -> Xapian::Query through a configured QueryParser.
 *
 *  Configuration: the database's stemmer with STEM_SOME (quoted words match
 *  exactly), an English stop list when stemming English, title: as a free-text
 *  prefix (S), author:/source:/topic: as boolean prefixes, date: as a range over
 *  the date slot (whole years, months and days use the Y/M/D boolean terms),
 *  flags PHRASE | BOOLEAN | LOVEHATE | WILDCARD | SYNONYM (operators upper case
 *  only, no pure NOT), wildcards limited to the most frequent expansions; by
 *  default also AUTO_SYNONYMS | AUTO_MULTIWORD_SYNONYMS over the database's
 *  synonym table (#12.2), multi-word synonyms searched as phrases.
 *
 *  Plain words in MatchMode::natural: the query is parsed twice, with OR and
 *  with AND between juxtaposed items, and combined as
 *  OR_query AND_MAYBE (k_all_words_boost * AND_query): every document sharing a
 *  word matches, and one containing all of them gets its score multiplied by
 *  (1 + boost), which ranks it above partial matches. Xapian's matcher uses the
 *  boosted maximum weight to skip partial matches once the page is full.
 *  A long CJK group (a 'g' term spec, session 16) is read graded by the OR
 *  parser (its bigram terms ORed, AND_MAYBE its exact reading) and exactly
 *  by the AND parser, so the all-words boost lifts the verbatim article.
 */
#pragma once

#include "common/date.hpp"
#include "searcher/request.hpp"
#include "searcher/query_rewriter.hpp"

#include <xapian.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {

/// Weight multiplier for documents matching every word in natural mode.
inline constexpr double k_all_words_boost = 10.0;
/// Weight multiplier of a CJK group's words against its bigram reading
/// (#13.3): an article holding the words ranks above one that only holds
/// the characters (a ranking choice; scripts/eval-cjk's known-item success
/// does not measure it).
inline constexpr double k_cjk_word_weight = 2.0;
/// Largest number of terms one wildcard expands to (the most frequent ones).
inline constexpr Xapian::termcount k_max_wildcard_expansion = 100;
/// Most index terms one query's wildcards may start with, together. Choosing the most frequent
/// expansions examines every term with the prefix (Xapian opens a posting
/// list for each, ~5 us and ~0.6 KB per term here): `q*` over 2.47M distinct
/// words took 9.2 s and 1.4 GB; at this bound about 0.25 s and 30 MB. A
/// pattern matching more is refused (exit 2) with a message naming it.
inline constexpr std::size_t k_max_wildcard_scan = 50000;

struct BuildOptions {
  MatchMode mode = MatchMode::natural;
  std::optional<Date> since;
  std::optional<Date> until;
  /// Expand plain words and multi-word entries with the database's synonym
  /// table (FLAG_AUTO_SYNONYMS | FLAG_AUTO_MULTIWORD_SYNONYMS; #12.2). `~word`
  /// expands that word either way; phrases, wildcards and title: words never.
  bool synonyms = true;
  /// Natural mode: the all-words query's weight, times this, is added to
  /// the any-word query's (--all-words-boost); 0 = plain OR.
  double all_words_boost = k_all_words_boost;
};

/// A query restricting the date slot to [first, last] (either may be open);
/// whole days, months and years become one D/M/Y boolean term.
[[nodiscard]] Xapian::Query date_range_query(const std::optional<Date>& first, const std::optional<Date>& last);

/// The English stop words used when stemming English (a short list: "us" and
/// "it" are kept because "U.S." and "IT" analyse to them), sorted.
[[nodiscard]] std::span<const std::string_view> english_stop_words();

/// True when every document of @p db (all its databases together) holds
/// schema::k_term_cjk_edges, so its CJK runs' XBF/XBL edge terms are
/// indexed (#13.3); a CJK fragment's edge parts are searched only then.
[[nodiscard]] bool cjk_edge_terms_indexed(const Xapian::Database& db);

/// True when every document of @p db holds schema::k_term_cjk_joins, so the
/// XBN/XBP join terms are indexed (#13.3, session 13); a CJK fragment's join
/// parts are searched only then.
[[nodiscard]] bool cjk_join_terms_indexed(const Xapian::Database& db);

class QueryBuilder {
public:
  /// @p language is the database's stemming language ("none" = no stemming).
  explicit QueryBuilder(const std::string& language);
  ~QueryBuilder();
  QueryBuilder(const QueryBuilder&) = delete;
  QueryBuilder& operator=(const QueryBuilder&) = delete;

  /// Parses @p query against @p db (needed for wildcard expansion). Throws
  /// UsageError (one line, starting "query error:") for a syntax error.
  [[nodiscard]] Xapian::Query build(const RewrittenQuery& query, const BuildOptions& options,
                                    const Xapian::Database& db) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The terms the wildcard @p word (of a rewritten query) expands to, as
/// they appear in the index (S-prefixed under title:): of the terms starting
/// with its prefix, the k_max_wildcard_expansion most frequent, ties in byte
/// order (what --explain lists; Xapian's own choice may differ among terms of
/// equal frequency at the cut). Throws UsageError ("query error: too many
/// words start with 'q' ...; make the prefix longer") when more than
/// k_max_wildcard_scan terms start with it; examines at most that many + 1.
[[nodiscard]] std::vector<std::string> wildcard_expansion(const Xapian::Database& db, const QueryWord& word);

/// One note per wildcard of @p query that more than k_max_wildcard_expansion
/// index terms start with (its expansion was cut to the most frequent):
/// the pattern, how many terms exist and how many were searched, and that a
/// longer prefix narrows it. Reads at most k_max_wildcard_scan + 1 terms a wildcard.
[[nodiscard]] std::vector<std::string> wildcard_notes(const Xapian::Database& db, const RewrittenQuery& query);

/// Throws wildcard_expansion's UsageError for the first wildcard of @p query
/// that more than k_max_wildcard_scan terms start with, or ("the wildcards
/// match too many words together ...") when its wildcards together start more
/// (excluded ones too: Xapian expands each of them). Examines at most
/// k_max_wildcard_scan + 1 terms in all.
void check_wildcard_scan(const Xapian::Database& db, const RewrittenQuery& query);

/// @p query with every synonym that is several words (stored space-joined:
/// Xapian 1.4 would look it up as one term) turned into a phrase of its words,
/// at the position of the word it replaces. Only OP_SYNONYM nodes reached
/// through AND/OR/AND_NOT/AND_MAYBE/FILTER/XOR/SYNONYM/MAX change; every other
/// subquery is kept as it is.
[[nodiscard]] Xapian::Query phrase_multiword_synonyms(const Xapian::Query& query);

/// The synonym expansions in @p query, one per OP_SYNONYM that holds more than
/// one alternative (wildcard expansions excluded): its members' descriptions,
/// each a term or a "quoted phrase" (what --explain lists).
[[nodiscard]] std::vector<std::vector<std::string>> synonym_expansions(const Xapian::Query& query);

/// QueryParser's error message turned into a sentence for people.
[[nodiscard]] std::string describe_parse_error(const std::string& message);

} // namespace dateline::searcher
