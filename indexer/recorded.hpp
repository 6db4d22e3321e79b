/** @file recorded.hpp
 *  @brief What the database remembers about what it indexes (issue #9.9):
 *  the roots (canonical, none inside another) and the options that decide
 *  which files become which documents, stored in the database metadata
 *  (schema::k_meta_roots, schema::k_meta_options). Pure functions; the
 *  indexer reads and writes the metadata.
 */
#pragma once

#include "common/article.hpp"
#include "indexer/options.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::indexer {

/// Canonical roots with duplicates and nested roots removed.
struct RootSet {
  std::vector<std::string> roots;  ///< sorted; none at or below another
  std::vector<std::string> notes;  ///< one per dropped root, for the user
};

/// True when @p path is @p root or lies below it (both absolute, canonical).
[[nodiscard]] bool path_within(std::string_view path, std::string_view root);

/// Drops repeated roots and roots inside another (a file reachable through two
/// roots is one document). @p roots must be canonical absolute paths.
[[nodiscard]] RootSet normalise_roots(const std::vector<std::string>& roots);

/// The longest root in @p roots that @p path lies within; nullopt if none.
[[nodiscard]] std::optional<std::size_t> root_of(std::string_view path, const std::vector<std::string>& roots);

/// The roots recorded in a k_meta_roots value ("" = none).
[[nodiscard]] std::vector<std::string> parse_roots(std::string_view value);
[[nodiscard]] std::string serialize_roots(const std::vector<std::string>& roots);

/// The options that shape documents, as recorded.
struct RecordedOptions {
  UndatedPolicy undated = UndatedPolicy::skip;
  std::vector<std::string> includes;
  std::vector<std::string> excludes;
  std::uint64_t max_size = k_default_max_size;
  bool follow_symlinks = false;
  int max_depth = k_default_max_depth;

  [[nodiscard]] static RecordedOptions from(const IndexOptions& options);
  /// "name=value" lines (schema::k_meta_options).
  [[nodiscard]] std::string serialize() const;
  /// nullopt for "" or a value this version cannot read.
  [[nodiscard]] static std::optional<RecordedOptions> parse(std::string_view value);
  bool operator==(const RecordedOptions&) const = default;
};

[[nodiscard]] const char* to_string(UndatedPolicy policy);

/// The run's options: each document-shaping option not given on the command
/// line (IndexOptions::given) takes its recorded value.
void apply_recorded(IndexOptions& options, const RecordedOptions& recorded);

/// What a change of options since the recorded ones means for files already
/// seen (#9.10): remembered failures to read again, documents to re-analyse.
struct Reevaluation {
  std::set<std::string> retry_reasons;  ///< failure reasons (to_string(ArticleFailure)) to retry
  bool undated_documents = false;       ///< re-analyse undated and mtime-dated documents
  std::optional<std::uint64_t> max_size;  ///< re-read documents larger than this
};

[[nodiscard]] Reevaluation reevaluation(const RecordedOptions& before, const RecordedOptions& now);

} // namespace dateline::indexer
