/** @file database.hpp
 *  @brief Opening the index for a run: refusing foreign paths, taking Xapian's
 *  write lock (with --if-locked=wait), checking the schema version and
 *  language, and keeping readers from ever seeing a gap: a missing database is
 *  created beside its path and renamed in (absent or valid, never half made),
 *  and a --rebuild writes a new database beside the old one, swapped in at the
 *  end (docs/indexer.md, "Rebuilds and first builds").
 */
#pragma once

#include "indexer/build_dir.hpp"

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>

namespace dateline::indexer {

struct OpenParams {
  std::string path;
  bool rebuild = false;
  bool read_only = false;                 ///< --dry-run: never creates or writes
  std::optional<double> wait_seconds;     ///< retry a held lock for this long
  std::optional<std::string> language;    ///< --language, if given
  Reporter* reporter = nullptr;           ///< where a build directory left behind is reported
  /// --shard-by (#15.3): "none", "year" or "month"; nullopt: as recorded.
  std::optional<std::string> shard_by;
};

class ShardedArchive;

struct OpenedDatabase {
  // Declaration order is destruction order reversed: the new database closes,
  // then its build directory goes, then the old database's lock.
  /// --rebuild: the database being replaced, open only to hold its write
  /// lock; readers keep using it until install_rebuilt().
  std::optional<Xapian::WritableDatabase> target;
  /// --rebuild: the build directory holding the new database (flock'ed).
  std::unique_ptr<BuildDir> build_dir;
  std::optional<Xapian::WritableDatabase> writable;  ///< absent for read_only
  Xapian::Database reader;   ///< the same database (empty when read_only and absent)
  std::string path;          ///< the directory @c writable writes (--db, or the new one in build_dir)
  std::string language;      ///< the language to analyse with
  std::string note;          ///< something the run should mention under --verbose ("" = nothing)
  bool exists = false;       ///< false only for read_only on a missing path
  /// A sharded archive (#15.3): the shards behind @c writable, which the
  /// Writer stores documents through; null for one glass database.
  std::shared_ptr<ShardedArchive> archive;
};

/// Opens (creating when absent) the database. A missing database (or an empty
/// directory) is first created beside its path with the schema version
/// committed and moved into place atomically. Under --rebuild an existing
/// database is write-locked and left as it is, and the run writes a new one
/// in build_dir (see install_rebuilt); a database that cannot be opened at
/// all (corrupt) is overwritten in place instead, since readers cannot use it
/// anyway. Throws DatabaseLockedError when another writer holds it,
/// DatabaseError for a foreign/corrupt path, another schema version or a
/// missing parent directory, UsageError for a --language that contradicts the
/// stored one.
[[nodiscard]] OpenedDatabase open_database(const OpenParams& params);

/// --rebuild, finished: atomically puts the new database (committed) in the
/// old one's place (renameat2 RENAME_EXCHANGE, both write locks held), after
/// which @p db.reader reads it. Nothing may be written through @p db
/// afterwards (Xapian writes by path). Does nothing when not rebuilding
/// beside. Throws DatabaseError (the old database is then unchanged).
void install_rebuilt(OpenedDatabase& db);

/// --rebuild, interrupted: the old database stays as it is and @p db.reader
/// reads it; the new one is discarded with the build directory.
void keep_old_database(OpenedDatabase& db);

// ---- Shared with indexer/shards.cpp (a sharded archive's shards) --------
/// Refuses a database directory holding anything but regular files (a
/// planted symbolic link would be written through).
void refuse_linked_files(const std::string& path);
/// Opens @p path writable, retrying a held lock for @p wait_seconds; throws
/// DatabaseLockedError (held) or DatabaseError (lock file unusable), naming
/// @p named_as (the --db given: a time-sharded archive whose lock is its
/// undated shard's) or, when empty, @p path.
[[nodiscard]] Xapian::WritableDatabase open_writable(const std::string& path, int flags,
                                                     std::optional<double> wait_seconds,
                                                     const std::string& named_as = std::string());
/// Throws DatabaseError unless @p db is empty or of this schema version.
void check_schema(const Xapian::Database& db, const std::string& path);
/// The language to analyse @p db with (the stored one, or --language for a
/// new or rebuilt database); UsageError when --language contradicts it.
[[nodiscard]] std::string choose_language(const Xapian::Database& db, const OpenParams& params);

/// Writes schema version and language metadata where they differ from the
/// stored values (a no-change run must not write anything).
void write_schema_metadata(Xapian::WritableDatabase& db, const std::string& language);

} // namespace dateline::indexer
