/** @file failures.cpp
 *  @brief Serialising and loading failure records.
 */
#include "indexer/failures.hpp"

#include "common/encoding.hpp"
#include "common/schema.hpp"

#include <charconv>
#include <sstream>

namespace dateline::indexer {

std::string FailedFile::serialize() const {
  return std::to_string(size) + " " + std::to_string(mtime_ns) + " " + std::to_string(ctime_ns) + " " +
         reason;
}

std::optional<FailedFile> FailedFile::parse(std::string_view text) {
  FailedFile out;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto field = [&](auto& value) {
    const auto r = std::from_chars(p, end, value);
    if (r.ec != std::errc() || r.ptr == end || *r.ptr != ' ') {
      return false;
    }
    p = r.ptr + 1;
    return true;
  };
  if (!field(out.size) || !field(out.mtime_ns) || !field(out.ctime_ns)) {
    return std::nullopt;
  }
  out.reason.assign(p, end);
  return out;
}

bool FailedFile::matches(const FileStat& current) const {
  return size == current.size && mtime_ns == current.mtime_ns && ctime_ns == current.ctime_ns;
}

std::string failure_key(std::string_view path) {
  // Metadata keys share the B-tree key limit with terms: keep them well under it.
  constexpr std::size_t k_max_path_bytes = 180;
  constexpr std::size_t k_head_bytes = 150;
  std::string key(schema::k_meta_failed_prefix);
  if (path.size() <= k_max_path_bytes) {
    key += path;
  } else {
    key += utf8_prefix(path, k_head_bytes);
    key += '#';
    key += schema::content_hash(path);
  }
  return key;
}

std::map<std::string, FailedFile> load_failures(const Xapian::Database& db) {
  std::map<std::string, FailedFile> out;
  const std::string prefix(schema::k_meta_failed_prefix);
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
    if (auto record = FailedFile::parse(db.get_metadata(*it))) {
      out.emplace(*it, std::move(*record));
    }
  }
  return out;
}

} // namespace dateline::indexer
