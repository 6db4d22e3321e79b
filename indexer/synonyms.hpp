/** @file synonyms.hpp
 *  @brief The synonym file (`dateline-index --synonyms FILE`) -> the entries
 *  of Xapian's synonym table. Pure: no database, no printing.
 *
 *  Format: one group per line, entries separated by commas, `#` starts a
 *  comment, blank lines are ignored. An entry may have several words
 *  (`united states`). Every entry goes through the shared TextAnalyzer, so
 *  `U.S.` and `u.s` are one key, and becomes its terms joined by one space:
 *  the key format of Xapian 1.4's FLAG_AUTO_MULTIWORD_SYNONYMS (consecutive
 *  query terms, as the QueryParser sees them, joined by spaces).
 *
 *  Table: every entry of a group is a key whose values are the group's other
 *  entries. A one-word entry is also a key in its stemmed form ("Z" + stem),
 *  which QueryParser looks up when the word itself has no synonyms (so
 *  `americans` finds the synonyms of `american`). A value of several words is
 *  stored space-joined; the searcher turns it into a phrase.
 */
#pragma once

#include "common/text_analyzer.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::indexer {

/// One line of the file, analysed.
struct SynonymGroup {
  std::size_t line = 0;              ///< 1-based line number in the file
  std::vector<std::string> entries;  ///< analysed entries, space-joined terms, in file order, unique
};

/// At most this many entries in one group (line): the table grows with the
/// square of a group's size.
inline constexpr std::size_t k_max_synonym_group_entries = 100;
/// At most this many synonyms per key, over all its groups (a query word is
/// searched together with all of them); for a stemmed key, its forms' synonyms
/// other than the forms themselves.
inline constexpr std::size_t k_max_synonyms_per_key = 100;
/// At most this many key -> synonym pairs in the whole file (each group of n
/// entries makes n * (n - 1)); about 100 MB of table while it is written.
inline constexpr std::size_t k_max_synonym_pairs = 1'000'000;

struct SynonymFile {
  std::string file_name;  ///< as given to parse_synonyms, for messages
  std::vector<SynonymGroup> groups;
  /// The analysed groups, one per line ("a,b c,d"), sorted: what the table
  /// is made of, independent of comments, spacing, case and order.
  std::string normalised;
  /// content_hash of the language and `normalised` (stored in the database's
  /// metadata, schema::k_meta_synonyms_hash).
  std::string hash;
};

/// Parses @p content, the text of @p file_name (used only in messages).
/// Throws UsageError "FILE:LINE: ..." for the first bad line: invalid UTF-8,
/// an empty entry, a group of one entry, an entry the analyzer reduces to no
/// word, a group whose entries all analyse alike, a group of more than
/// k_max_synonym_group_entries entries, a line that takes the file over
/// k_max_synonym_pairs.
[[nodiscard]] SynonymFile parse_synonyms(std::string_view content, const std::string& file_name,
                                         const TextAnalyzer& analyzer);

/// The bytes of the synonym file @p path (at most 16 MB). Throws UsageError
/// naming --synonyms and the path when it cannot be read or is larger.
[[nodiscard]] std::string read_synonym_file(const std::string& path);

/// Key -> values of the synonym table for @p file (see the file comment).
/// Throws UsageError "FILE: ..." naming a word with more than
/// k_max_synonyms_per_key synonyms over all its groups.
using SynonymTable = std::map<std::string, std::set<std::string>>;
[[nodiscard]] SynonymTable synonym_table(const SynonymFile& file, const TextAnalyzer& analyzer);

} // namespace dateline::indexer
