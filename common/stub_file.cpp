/** @file stub_file.cpp
 *  @brief Reading Xapian stub files line by line, and following the stubs
 *  they list.
 */
#include "common/stub_file.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <sstream>
#include <sys/stat.h>

namespace dateline {
namespace {

/// Xapian's resolve_relative_path: a path not starting with '/' gets the
/// stub's directory (the stub's name up to its last '/') in front.
std::string resolved(const std::string& path, const std::string& stub) {
  if (!path.empty() && path.front() == '/') return path;
  const std::size_t slash = stub.rfind('/');
  return slash == std::string::npos ? path : stub.substr(0, slash + 1) + path;
}

bool regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

class StubReader {
public:
  explicit StubReader(const std::string& stub) : m_stub(stub) {}

  /// Adds the entry of line @p number (@p line without its '\n') to @p out, if it names one.
  void add(const std::string& line, std::size_t number, std::vector<StubEntry>& out) const {
    if (line.empty() || line.front() == '#') return;
    StubEntry entry;
    entry.stub = m_stub;
    entry.line = number;
    if (line.back() == '\r') {
      refuse(entry, "ends with a carriage return (Windows line ends): Xapian would read it as part of the path or "
                    "address; save the file with Unix line ends");
    }
    if (line.front() == ' ' || line.front() == '\t') {
      refuse(entry, "begins with a blank: Xapian reads the database type from the first column, so an indented "
                    "entry or comment, or a line of blanks, is a bad line for it (put '#' or the type first, and "
                    "leave blank lines empty)");
    }
    const std::size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
    if (type.find('\t') != std::string::npos) {
      refuse(entry, "separates its type with a tab: Xapian reads the type up to the first space (write 'auto "
                    "PATH' with one space)");
    }
    if (type == "auto" || type == "glass" || type == "chert") {
      entry.kind = type == "auto" ? StubKind::automatic : type == "glass" ? StubKind::glass : StubKind::chert;
      if (rest.empty()) refuse(entry, "'" + type + "' names no database (write '" + type + " PATH')");
      entry.path = resolved(rest, m_stub);
    } else if (type == "inmemory") {
      if (!rest.empty()) refuse(entry, "'inmemory' takes nothing after it");
      entry.kind = StubKind::inmemory;
    } else if (type == "remote") {
      remote(rest, entry);
    } else {
      // Xapian's reason for naming only the line: a file that is no stub shows nothing of itself.
      refuse(entry, "is not a stub entry: its first word is no database type of Xapian 1.4 (auto, glass, chert, "
                    "inmemory or remote)");
    }
    out.push_back(std::move(entry));
  }

private:
  [[noreturn]] void refuse(const StubEntry& entry, const std::string& why) const {
    throw DatabaseError(entry.where() + " " + why);
  }

  void remote(const std::string& rest, StubEntry& entry) const {
    if (!rest.empty() && rest.front() == ':') {
      entry.kind = StubKind::remote_program;
      entry.command = rest.substr(1);
      return;
    }
    entry.kind = StubKind::remote_tcp;
    const std::string expected = "names no remote database: expected 'remote HOST:PORT' (PORT 1..65535, digits only; "
                                 "an IPv6 HOST as [::1]:PORT)";
    const std::size_t colon = rest.rfind(':');
    if (rest.empty() || colon == std::string::npos || (rest.front() == '[' && rest.back() == ']')) {
      refuse(entry, expected);
    }
    std::string host = rest.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const bool printable = std::all_of(host.begin(), host.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u > 0x20 && u < 0x7F && c != '/' && c != '[' && c != ']';
    });
    entry.port = parse_tcp_port(std::string_view(rest).substr(colon + 1));
    if (host.empty() || !printable || entry.port == 0) refuse(entry, expected);
    entry.host = std::move(host);
  }

  std::string m_stub;
};

std::vector<StubEntry> read_lines(std::istream& in, const std::string& stub) {
  const StubReader reader(stub);
  std::vector<StubEntry> out;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) reader.add(line, number, out);
  return out;
}

void read_databases(const std::string& path, int depth, std::vector<StubEntry>& out) {
  const std::string stub = stub_file_of(path);
  if (depth > k_max_stub_depth) {
    throw DatabaseError("stub file '" + stub + "': stubs nest more than " + std::to_string(k_max_stub_depth) +
                        " levels deep (a stub that lists itself?)");
  }
  for (StubEntry& entry : read_stub(stub)) {
    if (entry.kind == StubKind::automatic && is_stub(entry.path)) {
      read_databases(entry.path, depth + 1, out);
    } else {
      out.push_back(std::move(entry));
    }
  }
}

} // namespace

unsigned parse_tcp_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return 0;
  unsigned port = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return 0;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  return port <= 65535 ? port : 0;
}

std::string StubEntry::where() const { return "stub file '" + stub + "' line " + std::to_string(line); }

bool StubEntry::local() const {
  return kind == StubKind::automatic || kind == StubKind::glass || kind == StubKind::chert;
}

std::vector<StubEntry> parse_stub(std::string_view text, const std::string& stub) {
  std::istringstream in{std::string(text)};
  return read_lines(in, stub);
}

std::vector<StubEntry> read_stub(const std::string& stub) {
  errno = 0;
  std::ifstream in(stub, std::ios::binary);
  if (!in) {
    const int error = errno;  // from the open(2) behind the stream: EACCES, ENOENT...
    throw DatabaseError("stub file '" + stub + "' cannot be read" +
                        (error != 0 ? ": " + std::string(std::strerror(error)) : std::string()));
  }
  std::vector<StubEntry> out = read_lines(in, stub);
  if (in.bad()) throw DatabaseError("stub file '" + stub + "' cannot be read");
  return out;
}

std::string stub_file_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return path + "/" + std::string(k_directory_stub);
  return path;
}

bool is_stub(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (S_ISREG(st.st_mode)) return true;
  if (!S_ISDIR(st.st_mode) || exists(path + "/iamglass") || exists(path + "/iamchert")) return false;
  return regular_file(path + "/" + std::string(k_directory_stub));
}

std::vector<StubEntry> read_stub_databases(const std::string& path) {
  std::vector<StubEntry> out;
  read_databases(path, 0, out);
  if (out.empty()) throw DatabaseError("stub file '" + stub_file_of(path) + "' names no database");
  return out;
}

std::string missing_stub_entry(const StubEntry& entry) {
  std::string message = entry.where() + " lists '" + entry.path + "', which does not exist: correct or remove that "
                        "line, or put the database back at that path";
  const std::size_t slash = entry.path.rfind('/');
  const std::string name = slash == std::string::npos ? entry.path : entry.path.substr(slash + 1);
  if (!name.empty() && (name.front() == ' ' || name.back() == ' ')) {
    message += " (the name begins or ends with a space, which a stub file's line keeps as part of it)";
  }
  return message;
}

} // namespace dateline
