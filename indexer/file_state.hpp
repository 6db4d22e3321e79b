/** @file file_state.hpp
 *  @brief The per-document file state stored in the database (Q term, size,
 *  mtime, inode, content hash), loaded once per run from value streams so an
 *  unchanged file costs no document fetch, and the change decision made from it.
 */
#pragma once

#include "indexer/walker.hpp"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace dateline::indexer {

struct OpenedDatabase;

struct StoredFile {
  Xapian::docid docid = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string inode;         ///< "<dev>:<ino>"
  std::string content_hash;  ///< 16 hex digits
};

/// Q term -> stored state, for every document in the database.
class FileStateIndex {
public:
  /// Reads every Q term and the change-detection value slots. Documents
  /// without a Q term (not Dateline's) are ignored.
  [[nodiscard]] static FileStateIndex load(const Xapian::Database& db);
  /// The same for the database combining @p shards in this order (a
  /// time-sharded archive, #15.3), read shard by shard: document ids are
  /// those of the combined database (Xapian interleaves them). Looking each
  /// Q term's document up through the combined database instead reads every
  /// shard's posting list of it (47 shards: 47 block reads per article).
  [[nodiscard]] static FileStateIndex load(const std::vector<Xapian::Database>& shards);

  [[nodiscard]] const StoredFile* find(const std::string& unique_term) const;
  [[nodiscard]] std::size_t size() const noexcept { return m_by_term.size(); }
  [[nodiscard]] const std::unordered_map<std::string, StoredFile>& entries() const noexcept {
    return m_by_term;
  }
  /// Adds or replaces one entry (used by tests and for in-run bookkeeping).
  void put(const std::string& unique_term, const StoredFile& state);

private:
  std::unordered_map<std::string, StoredFile> m_by_term;
};

/// The stored state of the database a run opened: a time-sharded archive's
/// read shard by shard (FileStateIndex::load of its shards), one database's
/// as it is; empty when it does not exist.
[[nodiscard]] FileStateIndex load_file_state(const OpenedDatabase& db);

/// What a run must do with a walked file, decided from stat data alone.
enum class FileChange {
  new_file,   ///< no document for its Q term: read, hash, maybe rename, else analyse
  unchanged,  ///< size, mtime_ns and inode all equal: not read at all
  modified,   ///< something differs: read and hash; same hash means values only
};

[[nodiscard]] FileChange classify(const StoredFile* stored, const FileStat& current);

} // namespace dateline::indexer
