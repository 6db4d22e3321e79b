/** @file summary.cpp
 *  @brief Formatting and atomically writing the run summary.
 */
#include "indexer/summary.hpp"

#include "common/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>

namespace dateline::indexer {
namespace {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

} // namespace

void add_writer_counts(Summary& into, const Summary& from) {
  into.added += from.added;
  into.updated += from.updated;
  into.refreshed += from.refreshed;
  into.renamed += from.renamed;
  into.deleted += from.deleted;
  for (const auto& [reason, count] : from.skipped) {
    into.skipped[reason] += count;
  }
  into.failed_new += from.failed_new;
  into.failed_remembered += from.failed_remembered;
  into.repaired += from.repaired;
  into.terms_dropped += from.terms_dropped;
  into.truncated += from.truncated;
}

std::size_t Summary::skipped_total() const {
  std::size_t total = 0;
  for (const auto& [reason, count] : skipped) {
    total += count;
  }
  return total;
}

std::string Summary::to_line() const {
  std::ostringstream out;
  out << (dry_run ? "dry run: would have " : "") << added << " added, " << updated << " updated, " << renamed
      << " renamed, " << deleted << " deleted, " << unchanged + refreshed << " unchanged, " << skipped_total()
      << " skipped";
  if (!skipped.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [reason, count] : skipped) {
      out << (first ? "" : ", ") << count << ' ' << reason;
      first = false;
    }
    out << ')';
  }
  out << ", " << repaired << " repaired";
  if (truncated > 0) {
    out << ", " << truncated << " truncated";
  }
  if (failed_new > 0) {
    out << ", " << failed_new << " newly failed";
  }
  if (unreadable_dirs > 0) {
    out << ", " << unreadable_dirs << " unreadable directories";
  }
  char seconds_text[32];
  std::snprintf(seconds_text, sizeof seconds_text, "%.1f", seconds);
  out << "; " << documents << " documents; " << seconds_text << " s";
  if (interrupted) {
    out << " (interrupted)";
  }
  return out.str();
}

std::string Summary::to_json() const {
  std::ostringstream out;
  out << "{\n";
  auto field = [&](const char* name, auto value) { out << "  " << json_string(name) << ": " << value << ",\n"; };
  field("files_seen", files_seen);
  field("added", added);
  field("updated", updated);
  field("refreshed", refreshed);
  field("renamed", renamed);
  field("deleted", deleted);
  field("unchanged", unchanged);
  field("protected", protected_docs);
  out << "  \"skipped\": {";
  bool first = true;
  for (const auto& [reason, count] : skipped) {
    out << (first ? "" : ", ") << json_string(reason) << ": " << count;
    first = false;
  }
  out << "},\n";
  field("skipped_total", skipped_total());
  field("failed_new", failed_new);
  field("failed_remembered", failed_remembered);
  field("repaired", repaired);
  field("terms_dropped", terms_dropped);
  field("truncated", truncated);
  field("unreadable_dirs", unreadable_dirs);
  field("documents", documents);
  char seconds_text[32];
  std::snprintf(seconds_text, sizeof seconds_text, "%.3f", seconds);
  field("seconds", seconds_text);
  field("dry_run", dry_run ? "true" : "false");
  field("interrupted", interrupted ? "true" : "false");
  out << "  \"exit_code\": " << exit_code << "\n}\n";
  return out.str();
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw Error("cannot write summary '" + tmp + "': " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw Error("cannot write summary '" + tmp + "': " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw Error("cannot write summary '" + tmp + "': " + std::strerror(err));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw Error("cannot write summary '" + path + "': " + std::strerror(err));
  }
}

} // namespace dateline::indexer
