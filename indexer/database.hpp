/** @file database.hpp
 *  @brief Opening the index for a run: refusing foreign paths, taking Xapian's
 *  write lock (with --wait), and checking the schema version and language.
 */
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

namespace dateline::indexer {

struct OpenParams {
  std::string path;
  bool rebuild = false;
  bool read_only = false;                 ///< --dry-run: never creates or writes
  std::optional<double> wait_seconds;     ///< retry a held lock for this long
  std::optional<std::string> language;    ///< --language, if given
};

struct OpenedDatabase {
  std::optional<Xapian::WritableDatabase> writable;  ///< absent for read_only
  Xapian::Database reader;   ///< the same database (empty when read_only and absent)
  std::string language;      ///< the language to analyse with
  bool exists = false;       ///< false only for read_only on a missing path
};

/// Opens (creating when absent) the database. Throws DatabaseLockedError when
/// another writer holds it, DatabaseError for a foreign/corrupt path or another
/// schema version, UsageError for a --language that contradicts the stored one.
[[nodiscard]] OpenedDatabase open_database(const OpenParams& params);

/// Writes schema version and language metadata where they differ from the
/// stored values (a no-change run must not write anything).
void write_schema_metadata(Xapian::WritableDatabase& db, const std::string& language);

} // namespace dateline::indexer
