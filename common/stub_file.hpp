/** @file stub_file.hpp
 *  @brief Xapian's stub database files (`XAPIANDB` of a time-sharded archive
 *  or a replica directory, a stub file written by hand; docs/scaling.md),
 *  read by Dateline itself and never through Xapian, which would run the
 *  program of a `remote :COMMAND` line. The one reader of both programs:
 *  dateline-search's --db, dateline-index's --info and its check of an
 *  archive's listed shards.
 *
 *  The format is Xapian 1.4's (backends/databasehelpers.h read_stub_file,
 *  docs/overview.rst "stub database"): one database a line, "TYPE REST",
 *  TYPE ending at the first space and REST the whole remainder (spaces and
 *  all); an empty line or one whose first character is '#' is skipped; TYPE
 *  is auto, glass, chert (REST a path; a relative one is relative to the stub
 *  file's directory), inmemory (no REST) or remote (REST ":PROGRAM ARGS", a
 *  program to run, or "HOST:PORT", "[IPV6]:PORT"). A line Xapian reads
 *  differently or refuses ("Bad line") is refused here too, so a stub that
 *  Dateline reads means the same to xapian-tcpsrv, xapian-delve and quest.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// What a stub line names (its TYPE word).
enum class StubKind {
  automatic,       ///< "auto PATH": a database directory, or another stub, detected
  glass,           ///< "glass PATH"
  chert,           ///< "chert PATH": Xapian 1.2's backend (Dateline writes glass)
  inmemory,        ///< "inmemory": an empty in-memory database
  remote_tcp,      ///< "remote HOST:PORT": a database served by xapian-tcpsrv
  remote_program,  ///< "remote :PROGRAM ARGS": a program Xapian would run (Dateline never does)
};

/// One line of a stub file that names a database.
struct StubEntry {
  std::string stub;       ///< the stub file, as the caller named it
  std::size_t line = 0;   ///< its line number, from 1
  StubKind kind = StubKind::automatic;
  /// automatic, glass, chert: the path exactly as Xapian takes it (spaces kept), a relative
  /// one prefixed with the stub's directory ("dir/XAPIANDB" + "1987" = "dir/1987").
  std::string path;
  std::string host;       ///< remote_tcp: HOST ("::1" for "[::1]")
  unsigned port = 0;      ///< remote_tcp: 1..65535
  std::string command;    ///< remote_program: PROGRAM ARGS, never run

  /// "stub file 'STUB' line N", how messages name it.
  [[nodiscard]] std::string where() const;
  /// True for automatic, glass and chert: a database on this machine.
  [[nodiscard]] bool local() const;
};

/// A TCP port written as digits, 1..65535 (a stub's "remote HOST:PORT", or
/// dateline-search --db HOST:PORT); 0 when it is not one.
[[nodiscard]] unsigned parse_tcp_port(std::string_view text);

/// Xapian's stub file name in a directory ("stub directories").
inline constexpr std::string_view k_directory_stub = "XAPIANDB";

/// The entries of the stub file text @p text, read from @p stub (relative
/// paths are resolved against its directory, messages name it). Throws
/// DatabaseError naming @p stub and the line for a line Xapian refuses or
/// reads otherwise than it looks (the line's text is not repeated: Xapian's
/// own rule, so a file that is no stub shows nothing of itself): an unknown
/// TYPE (flint and quartz included), text after "inmemory", an auto, glass or
/// chert without a path, a remote without HOST:PORT, a PORT that is not
/// 1..65535, a type followed by a tab (Xapian reads "auto\tdb" as the type),
/// leading blanks (an indented entry or comment, a blank-only line), and a
/// line ending in a carriage return (Windows line ends: Xapian would take it
/// as part of the path or address).
[[nodiscard]] std::vector<StubEntry> parse_stub(std::string_view text, const std::string& stub);

/// parse_stub of the file @p stub. Throws DatabaseError naming it when it
/// cannot be read (with the system's reason).
[[nodiscard]] std::vector<StubEntry> read_stub(const std::string& stub);

/// @p path itself, or "PATH/XAPIANDB" when @p path is a directory.
[[nodiscard]] std::string stub_file_of(const std::string& path);

/// True when Xapian would read @p path (an "auto" entry, a --db) as a stub:
/// a regular file, or a directory holding no glass or chert database
/// ("iamglass", "iamchert") and a XAPIANDB regular file.
[[nodiscard]] bool is_stub(const std::string& path);

/// Most stubs a stub may lead through (a stub naming a replica directory,
/// whose XAPIANDB names its database, is two); beyond it a loop is assumed.
inline constexpr int k_max_stub_depth = 8;

/// The databases the stub @p path lists (a stub file, or a directory holding
/// XAPIANDB), in order: each "auto" entry that is itself a stub (is_stub) is
/// replaced by the databases it lists, read in turn; every other entry is
/// returned as written, each naming its own stub and line. Entries are not
/// checked for existence (a missing "auto" entry is returned, not followed).
/// Throws DatabaseError naming the stub for a stub nested beyond
/// k_max_stub_depth, and for a stub listing no database at all (Xapian
/// would open an empty database: nothing to search).
[[nodiscard]] std::vector<StubEntry> read_stub_databases(const std::string& path);

/// The message for the local entry @p entry of a stub file that does not
/// exist: its stub, line and path, and that the stub or the database must be
/// put right (a path beginning or ending with a space is pointed out:
/// Xapian's format keeps it). No rebuild is advised: nothing Dateline built
/// is missing. A time-sharded archive's own shards have
/// archive_shards.hpp's missing_listed_shard instead.
[[nodiscard]] std::string missing_stub_entry(const StubEntry& entry);

} // namespace dateline
