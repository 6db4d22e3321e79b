/** @file info.hpp
 *  @brief dateline-index --info: what a database holds and remembers
 *  (documents, date span, roots, language, options, schema version, size on
 *  disk, the last run that changed it), as text or JSON (issue #9.9).
 */
#pragma once

#include <string>

namespace dateline::indexer {

/// The --info text (or, with @p json, one JSON object) for the database at
/// @p path, opened read-only: it works while an indexer writes and never
/// creates anything. Throws DatabaseError when @p path is not a readable
/// Xapian database.
[[nodiscard]] std::string describe_database(const std::string& path, bool json);

} // namespace dateline::indexer
