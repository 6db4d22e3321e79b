/** @file remote.hpp
 *  @brief Shards on other machines (#15.4): `--db HOST:PORT` and stub files
 *  name databases served by xapian-tcpsrv; this file tells a remote address
 *  from a path, takes the stub entries it searches (never running a program
 *  a stub names) and opens remote shards with bounded waits.
 */
#pragma once

#include "common/stub_file.hpp"
#include "searcher/shard_select.hpp"

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::searcher {

/// How long a remote shard may take to connect or to answer one request.
inline constexpr std::chrono::milliseconds k_default_remote_timeout{10000};

/// How shards on other machines are waited for and what happens without them.
struct ShardOptions {
  std::chrono::milliseconds timeout = k_default_remote_timeout;  ///< --timeout
  bool allow_partial = false;  ///< --allow-partial: answer without remote shards that fail
  /// A time-sharded archive's shards outside these dates are not opened
  /// (#15.3, searcher/shard_select.hpp); one-shot searches and --new-since set
  /// them from --since/--until and the query's certain date: (query_dates.hpp).
  ShardDates dates{};
};

/// The shards of time-sharded archives (#15.3) a Searcher was opened with:
/// the stub entries listed and those left closed by ShardOptions::dates.
struct ShardTally {
  std::size_t listed = 0;
  std::size_t skipped = 0;
};

/// A database served by xapian-tcpsrv.
struct RemoteAddress {
  std::string host;
  unsigned port = 0;
  /// "host:port" ("[v6]:port" for an IPv6 address), as messages and JSON name it.
  [[nodiscard]] std::string name() const;
};

/// A remote address in @p spec: "tcp://HOST:PORT" (always remote; throws
/// UsageError when HOST or PORT is bad), or "HOST:PORT" when @p spec has no
/// '/' and PORT is a number 1..65535 (HOST may be "[v6]"). Anything else is a
/// path (std::nullopt): write "./db:80" for a local directory named "db:80".
/// Except: "HOST:DIGITS" whose number is no port ("host:99999", "host:0") or
/// "HOST:PORT/" is a UsageError saying so, unless a local path of that name
/// exists (one lstat, only for such a spec).
[[nodiscard]] std::optional<RemoteAddress> parse_remote_address(std::string_view spec);

/// The databases the stub @p path lists (a stub file, or a directory holding
/// Xapian's XAPIANDB stub such as a replica kept by xapian-replicate), read
/// by common/stub_file.hpp read_stub_databases (stubs listed by "auto" read in
/// turn, each entry naming its own stub file and line): "auto" and "glass"
/// entries (local) and "remote HOST:PORT" entries (StubKind::remote_tcp).
/// Throws DatabaseError naming the stub file and line for "remote :COMMAND"
/// (a program to run: never run) and the backends not searched (chert,
/// inmemory), and as read_stub_databases does.
[[nodiscard]] std::vector<StubEntry> searched_stub_entries(const std::string& path);

/// The address of the StubKind::remote_tcp entry @p entry.
[[nodiscard]] RemoteAddress remote_address_of(const StubEntry& entry);

/// Opens the shard at @p address with @p timeout for connecting and for each
/// request. Throws Xapian::NetworkError (or a subclass) when it cannot.
[[nodiscard]] Xapian::Database open_remote(const RemoteAddress& address, std::chrono::milliseconds timeout);

/// One opened database of the set searched.
struct OpenedShard {
  std::string name;  ///< the path, or "host:port" for a remote shard
  Xapian::Database db;
  bool remote = false;
};

/// A remote shard left out (--allow-partial) and why.
struct MissingShard {
  std::string name;    ///< "host:port"
  std::string reason;  ///< unreachable_reason(), or how it failed during a search
};

/// What happened when @p address could not be reached, for messages:
/// "connection refused (...)", "host 'H' cannot be resolved: ...", "no
/// answer within 10 s (...)" (a timeout: Xapian::NetworkTimeoutError), else
/// "cannot be reached: " and Xapian's description.
[[nodiscard]] std::string unreachable_reason(const RemoteAddress& address, const Xapian::NetworkError& error,
                                             std::chrono::milliseconds timeout);

/// Opens the remote shard at @p address, checks its schema and appends it to
/// @p shards; returns its stemming language. When it cannot be reached
/// (refused, unknown host, no answer within options.timeout): with
/// options.allow_partial appends it and the reason to @p missing and returns
/// "", else throws DatabaseError naming it and the reason.
std::string open_remote_shard(const RemoteAddress& address, const ShardOptions& options,
                              std::vector<OpenedShard>& shards, std::vector<MissingShard>& missing);

/// The shards as one database (Xapian combines their statistics).
[[nodiscard]] Xapian::Database combine(const std::vector<OpenedShard>& shards);

/// "10 s", "1.5 s": @p timeout for messages.
[[nodiscard]] std::string seconds_text(std::chrono::milliseconds timeout);

/// Checks a shard's schema metadata; returns its stemming language ("none"
/// when unset). Throws DatabaseError naming @p name otherwise.
[[nodiscard]] std::string checked_language(const std::string& name, const std::string& version, std::string language);

} // namespace dateline::searcher
