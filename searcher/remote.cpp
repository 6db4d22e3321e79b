/** @file remote.cpp
 *  @brief Remote addresses, stub files and opening shards served by xapian-tcpsrv.
 */
#include "searcher/remote.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "common/stub_file.hpp"
#include "common/text_analyzer.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <system_error>

namespace dateline::searcher {
namespace {

/// "HOST:PORT" or "[V6]:PORT" split at the last ':' (HOST without brackets); std::nullopt when malformed.
std::optional<RemoteAddress> split_host_port(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const unsigned port = parse_tcp_port(text.substr(colon + 1));
  if (port == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;  // an IPv6 address needs brackets
  }
  const bool printable = std::all_of(host.begin(), host.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != '/' && c != '[' && c != ']';
  });
  if (!printable) return std::nullopt;
  return RemoteAddress{std::string(host), port};
}

/// True when @p text is written as HOST:PORT with a PORT of digits, valid or
/// not ("127.0.0.1:99999", "db:0"): a remote address meant, not a path.
bool written_as_address(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return false;
  const std::string_view digits = text.substr(colon + 1);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return split_host_port(std::string(text.substr(0, colon)) + ":1").has_value();
}

/// Throws UsageError for @p spec written as a remote address that is not a
/// valid one (a PORT outside 1..65535, a trailing '/'), unless a local
/// directory or file of that name exists (it is then that path).
void refuse_misspelt_address(std::string_view spec) {
  const std::size_t end = spec.find_last_not_of('/');
  if (end == std::string_view::npos) return;
  const std::string_view bare = spec.substr(0, end + 1);
  if (bare.find('/') != std::string_view::npos || !written_as_address(bare)) return;
  struct stat st {};
  if (::lstat(std::string(spec).c_str(), &st) == 0) return;  // a local path of that name: it is searched
  const std::string given(spec);
  if (!split_host_port(bare)) {
    throw UsageError("--db '" + given + "' is written as a remote HOST:PORT but its PORT is not 1..65535 (and no local "
                     "directory has that name; write ./" + given + " for one)");
  }
  throw UsageError("--db '" + given + "' is written as a remote HOST:PORT with a trailing '/' (and no local directory "
                   "has that name): write " + std::string(bare) + " or tcp://" + std::string(bare) + "/");
}

} // namespace

std::string RemoteAddress::name() const {
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return shown + ":" + std::to_string(port);
}

std::optional<RemoteAddress> parse_remote_address(std::string_view spec) {
  constexpr std::string_view scheme = "tcp://";
  if (spec.starts_with(scheme)) {
    std::string_view rest = spec.substr(scheme.size());
    if (rest.ends_with('/')) rest.remove_suffix(1);
    std::optional<RemoteAddress> address = split_host_port(rest);
    if (!address) {
      throw UsageError("--db '" + std::string(spec) + "': expected tcp://HOST:PORT (PORT 1..65535, an IPv6 HOST in [])");
    }
    return address;
  }
  if (std::optional<RemoteAddress> address = split_host_port(spec)) return address;
  refuse_misspelt_address(spec);
  return std::nullopt;
}

std::vector<StubEntry> searched_stub_entries(const std::string& path) {
  std::vector<StubEntry> entries = read_stub_databases(path);
  for (const StubEntry& entry : entries) {
    if (entry.kind == StubKind::remote_program) {
      throw DatabaseError(entry.where() + " names a program to run ('remote :COMMAND'); dateline-search never runs "
                          "programs from a stub file (serve the shard with xapian-tcpsrv and write 'remote "
                          "HOST:PORT')");
    }
    if (entry.kind == StubKind::chert || entry.kind == StubKind::inmemory) {
      throw DatabaseError(entry.where() + ": database type '" +
                          std::string(entry.kind == StubKind::chert ? "chert" : "inmemory") +
                          "' is not searched (only auto, glass and remote HOST:PORT entries)");
    }
  }
  return entries;
}

RemoteAddress remote_address_of(const StubEntry& entry) { return RemoteAddress{entry.host, entry.port}; }

Xapian::Database open_remote(const RemoteAddress& address, std::chrono::milliseconds timeout) {
  const auto ms = static_cast<unsigned>(std::max<std::chrono::milliseconds::rep>(1, timeout.count()));
  return Xapian::Remote::open(address.host, address.port, ms, ms);
}

std::string seconds_text(std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  std::string text = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
    while (fraction.back() == '0') fraction.pop_back();
    text += "." + fraction;
  }
  return text + " s";
}

std::string unreachable_reason(const RemoteAddress& address, const Xapian::NetworkError& error,
                               std::chrono::milliseconds timeout) {
  const char* detail = error.get_error_string();
  const std::string system = detail != nullptr ? detail : "";
  if (error.get_type() == std::string("NetworkTimeoutError")) {
    return "no answer within " + seconds_text(timeout) + " (--timeout; a stopped, swamped or firewalled server)";
  }
  if (error.get_msg().starts_with("Couldn't resolve host")) {
    return "host '" + address.host + "' cannot be resolved" + (system.empty() ? "" : ": " + system);
  }
  if (system == std::strerror(ECONNREFUSED)) {
    return "connection refused (nothing listens on port " + std::to_string(address.port) + " there)";
  }
  return "cannot be reached: " + error.get_description();
}

std::string open_remote_shard(const RemoteAddress& address, const ShardOptions& options,
                              std::vector<OpenedShard>& shards, std::vector<MissingShard>& missing) {
  const std::string name = address.name();
  Xapian::Database db;
  std::string version;
  std::string language;
  try {
    db = open_remote(address, options.timeout);
    version = db.get_metadata(std::string(schema::k_meta_schema_version));
    language = db.get_metadata(std::string(schema::k_meta_language));
  } catch (const Xapian::NetworkError& e) {
    const std::string reason = unreachable_reason(address, e, options.timeout);
    if (options.allow_partial) {
      missing.push_back({name, reason});
      return {};
    }
    throw DatabaseError("remote shard '" + name + "': " + reason +
                        " (is xapian-tcpsrv serving it there? --allow-partial answers without it)");
  } catch (const Xapian::Error& e) {
    throw DatabaseError("remote shard '" + name + "' cannot be opened: " + e.get_description());
  }
  language = checked_language(name, version, std::move(language));
  shards.push_back({name, db, true});
  return language;
}

Xapian::Database combine(const std::vector<OpenedShard>& shards) {
  Xapian::Database combined;
  for (const OpenedShard& shard : shards) combined.add_database(shard.db);
  return combined;
}

std::string checked_language(const std::string& name, const std::string& version, std::string language) {
  if (version.empty()) {
    throw DatabaseError("database '" + name + "' is not a Dateline database (it has no schema version)");
  }
  if (version != std::to_string(schema::k_schema_version)) {
    throw DatabaseError("database '" + name + "' has schema version " + version + "; this dateline-search reads version " +
                        std::to_string(schema::k_schema_version) + " (re-index it with a matching dateline-index)");
  }
  if (language.empty()) language = "none";
  if (!TextAnalyzer::is_known_language(language)) {
    throw DatabaseError("database '" + name + "' names an unknown stemming language '" + language + "'");
  }
  return language;
}

} // namespace dateline::searcher
