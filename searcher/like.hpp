/** @file like.hpp
 *  @brief --like (#11.3): more like this, by relevance-set expansion.
 *
 *  The given articles form a Xapian::RSet; Enquire::get_eset picks the terms
 *  that best tell them from the rest of the archive (Xapian's probabilistic
 *  expansion weights, as Omega's "similar" link does), among their own words
 *  only: no prefixed term (title S, stems Z, dates, fields, unique ids), no
 *  stop word or (English) function word, no number, no single letter, and no
 *  term found in no other article. The query is the OR of those terms, ranked by BM25; the given
 *  articles, exact copies of them (the same content hash) and, when the
 *  database has story ids (k_like_story_slot), their stories are excluded.
 */
#pragma once

#include "common/schema.hpp"

#include <xapian.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {

/// Expansion terms taken from the given articles.
inline constexpr Xapian::termcount k_like_terms = 25;
/// The value slot of near-duplicate story ids (#11.1): when the given
/// articles have a story, every copy of it is excluded too.
inline constexpr Xapian::valueno k_like_story_slot = schema::k_slot_story;

/// One --like argument, found in the database.
struct LikeArticle {
  std::string given;         ///< as typed
  Xapian::docid docid = 0;   ///< in the combined database
  std::string unique_term;   ///< its Q term ("" if it has none)
  std::string path;          ///< root/relative path from its document data
  std::string content_hash;  ///< its schema::k_slot_content_hash value ("" when absent)
  std::string story;         ///< its k_like_story_slot value ("" when absent)
};

/// Finds each of @p given in @p db: "docid:N" names a document id of the
/// combined database; anything else is a file path, relative to the current
/// directory, looked up as the indexer identifies documents (the Q term of
/// its absolute path; tried as written, made absolute and normalised, then
/// with symbolic links resolved). An article named twice is kept once.
/// Throws UsageError naming the argument when it is not in the database.
[[nodiscard]] std::vector<LikeArticle> resolve_like(const Xapian::Database& db, const std::vector<std::string>& given);

/// English function words (pronouns, determiners, auxiliaries and modals,
/// prepositions, conjunctions, function adverbs; sorted): with English
/// articles they are left out of the expansion as the search's stop words
/// are. A list of --like's own: the search keeps "will", "no", "not", "it".
[[nodiscard]] std::span<const std::string_view> like_function_words();

/// Chinese function words (particles, pronouns, prepositions, conjunctions,
/// the copula, negation; sorted by bytes): left out of the expansion in any
/// language, as are words written in hiragana alone (Japanese particles and
/// auxiliaries).
[[nodiscard]] std::span<const std::string_view> like_chinese_function_words();

/// True when @p term may be an expansion term: an unprefixed index term (not
/// starting with an ASCII capital), of more than one byte, not only digits
/// and number punctuation (1987, 3.5, 10,000, 1/2), not written in hiragana
/// alone, not a Chinese function word (like_chinese_function_words) and not
/// in @p stop_words (sorted).
[[nodiscard]] bool is_expansion_candidate(std::string_view term, const std::vector<std::string_view>& stop_words);

/// The expansion terms of @p articles, best first (at most @p count): the
/// ESet over their RSet with is_expansion_candidate() terms found in more
/// articles than the given ones. @p language decides the stop words (English:
/// the search's stop words and like_function_words()).
[[nodiscard]] std::vector<std::string> like_terms(const Xapian::Database& db, const std::vector<LikeArticle>& articles,
                                                  const std::string& language, Xapian::termcount count = k_like_terms);

/// The OR of @p terms (an empty Query when there are none).
[[nodiscard]] Xapian::Query like_query(const std::vector<std::string>& terms);

/// What to leave out of the results: the articles, their exact copies and their stories.
[[nodiscard]] Xapian::Query like_exclusion(const std::vector<LikeArticle>& articles);

/// @p description (a query's get_description() holding like_exclusion) with
/// each given article's content-hash range, which Xapian writes as its 8
/// binary bytes, written readably: "VALUE_RANGE 4 content hash 0123456789abcdef".
[[nodiscard]] std::string readable_like_exclusion(std::string description, const std::vector<LikeArticle>& articles);

} // namespace dateline::searcher
