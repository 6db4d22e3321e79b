/** @file similar_to.hpp
 *  @brief --similar-to PATH (#11.1): every indexed copy of the story an
 *  article file belongs to, whether the file is in the index or not.
 *
 *  The file is read and analysed as dateline-index reads it (charset
 *  detection, control characters removed, common/article's format, the
 *  signature of near_dup::text_signature). Its band terms
 *  (schema::k_prefix_band) give the candidates, a few posting-list lookups;
 *  each is verified with near_dup::same_story under the rule the database
 *  was grouped with (schema::k_meta_dup_rule) and the two dates, and so on
 *  from each verified copy: the group the file would join. That group is
 *  cut into stories as the indexer cuts it (near_dup::split_into_stories),
 *  and the copies are the indexed members of the file's story: what a run
 *  of dateline-index over the file would group it with. The cost grows with
 *  the group (a few posting lists and one document per linked copy), as the
 *  indexer's regrouping does.
 */
#pragma once

#include "common/near_duplicate.hpp"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline {
class TextAnalyzer;
}

namespace dateline::searcher {

/// Files read for --similar-to are at most this large (dateline-index's default --max-size).
inline constexpr std::uint64_t k_similar_to_max_bytes = 16ULL * 1024 * 1024;

/// What the decision needs of an article file.
struct ArticleSignature {
  near_dup::Signature signature;  ///< empty when the text has no words
  std::optional<std::int64_t> day;  ///< near_dup day number; nullopt when undated
  near_dup::Numbers numbers;        ///< the numbers the index would hold for it (near_dup::text_numbers)
};

/// The signature and day of the article in @p bytes, as dateline-index
/// computes them for a file at @p path (a date in the path counts; an
/// undated article is judged on its text alone). Throws UsageError naming
/// --similar-to when the bytes are binary or not an article.
[[nodiscard]] ArticleSignature article_signature(const TextAnalyzer& analyzer, std::string_view bytes,
                                                 const std::string& path);

/// A filter matching every indexed copy of the story of the article file
/// @p path (MatchNothing when no indexed article is its story), by the
/// archive's near-duplicate rule @p rule_text (schema::k_meta_dup_rule, read
/// with Searcher::metadata's rule; "" or unreadable: the default). Throws
/// UsageError naming --similar-to when the file cannot be read or is not an
/// article with words.
[[nodiscard]] Xapian::Query similar_to_filter(const Xapian::Database& db, const std::string& rule_text,
                                              const TextAnalyzer& analyzer, const std::string& path);

} // namespace dateline::searcher
