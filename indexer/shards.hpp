/** @file shards.hpp
 *  @brief Time-based shards on one machine (#15.3, docs/scaling.md):
 *  `dateline-index --shard-by year|month` makes the database a directory
 *  holding one glass database per period (`1987/` or `1987-03/`), one for
 *  undated articles (`undated/`, always the first shard: it holds the
 *  archive's metadata, spelling and synonyms, and its write lock is the
 *  archive's one lock) and the stub file `XAPIANDB` listing them, which every
 *  Xapian program opens as one database.
 *
 *  The run's Writer writes through one WritableDatabase combining the shards
 *  (Xapian interleaves their document ids); ShardedArchive::store puts each
 *  document into the shard of its date and moves a document whose date
 *  moved into another period. A period new to the archive gets its shard at
 *  once (and the stub its line), but joins the combined database only in
 *  settle(), after the run's writes, so the document ids the run loaded stay
 *  valid while it writes.
 */
#pragma once

#include "common/archive_shards.hpp"
#include "common/schema.hpp"
#include "indexer/database.hpp"
#include "indexer/stories.hpp"

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::indexer {

enum class ShardBy { none, year, month };

/// "none", "year", "month".
[[nodiscard]] std::string_view shard_by_name(ShardBy by);
/// Inverse of shard_by_name; nullopt for anything else.
[[nodiscard]] std::optional<ShardBy> parse_shard_by(std::string_view text);

/// The undated articles' shard (also the archive's first) and the stub file.
inline constexpr std::string_view k_undated_shard = schema::k_shard_undated;
inline constexpr std::string_view k_stub_file = schema::k_shard_stub;

/// The shard a document dated @p date_value (a schema::k_slot_date value,
/// "YYYYMMDD", or "" when undated) lives in: "1987", "1987-03" or "undated".
[[nodiscard]] std::string shard_name(ShardBy by, std::string_view date_value);
/// The archive @p path is one shard of (common/archive_shards.hpp). Such a
/// shard is written only through its archive.
using dateline::archive_of_shard;

/// The id, in a database combining @p shards databases, of document @p own
/// of the one at position @p shard (0-based): Xapian interleaves their ids.
[[nodiscard]] constexpr Xapian::docid combined_docid(Xapian::docid own, std::size_t shard, std::size_t shards) {
  return (own - 1) * static_cast<Xapian::docid>(shards) + static_cast<Xapian::docid>(shard) + 1;
}

/// The shards of an archive being written, in the stub's order.
class ShardedArchive {
public:
  ShardedArchive(std::string root, ShardBy by, std::string language)
      : m_root(std::move(root)), m_by(by), m_language(std::move(language)) {}

  [[nodiscard]] ShardBy by() const noexcept { return m_by; }
  [[nodiscard]] const std::string& root() const noexcept { return m_root; }
  /// Appends an opened shard (the undated one first); call before combined().
  void add(std::string name, Xapian::WritableDatabase db);
  /// One WritableDatabase over the shards added so far.
  [[nodiscard]] Xapian::WritableDatabase combined() const;
  /// The shards combined() holds, in its order, each as a database of its
  /// own: reading shard by shard is one lookup where the combined database
  /// makes one in every shard (FileStateIndex::load).
  [[nodiscard]] std::vector<Xapian::Database> readers() const;

  /// Writes @p doc (uncommitted) through @p combined into the shard of its
  /// date: replacing @p replacing (a document id of @p combined) in place
  /// when that is its shard, else deleting it there and adding @p doc to its
  /// new shard (a move). Returns the new document's id in @p combined, or 0
  /// when it went to a shard created by this run (settle() gives its id).
  Xapian::docid store(Xapian::WritableDatabase& combined, const Xapian::Document& doc,
                      std::optional<Xapian::docid> replacing);
  /// Before @p combined commits: commits the shards created by this run and
  /// those documents moved into, then every dated shard, so that the undated
  /// shard, holding the counters (schema::k_meta_seq) and failure records,
  /// commits last, and an interrupted move leaves two copies, never none.
  void commit_shards_first();
  /// After the run's writes: the shards created by this run join; returns
  /// the new combined database and rewrites @p docids (ids of the old one,
  /// in place) to it, with the ids of documents stored with id 0 appended.
  [[nodiscard]] Xapian::WritableDatabase settle(std::vector<Xapian::docid>& docids);

  /// Deletes all but one copy of every document stored in two shards (a move
  /// interrupted between two commits): keeps the copy in the shard its date
  /// names, else the newest. Returns how many were deleted (uncommitted).
  std::size_t remove_duplicates(Xapian::WritableDatabase& combined);

  /// Rewrites the stub file when it does not list exactly the shards.
  void write_stub_if_changed() const;
  /// The shard names in the stub's order.
  [[nodiscard]] std::vector<std::string> names() const;
  /// A parallel build's temporary part (open_part_archive): shards it
  /// creates get @p create_flags (DB_NO_SYNC), and neither they nor the stub
  /// are synced or written as they appear (merge_part_archives writes the stub).
  void make_temporary(int create_flags) noexcept {
    m_temporary = true;
    m_create_flags = create_flags;
  }

private:
  struct Shard {
    std::string name;
    Xapian::WritableDatabase db;
    bool moved_into = false;  ///< received a moved document since the last commit
  };
  std::size_t shard_for(const std::string& name);
  void write_stub() const;

  std::string m_root;
  ShardBy m_by;
  std::string m_language;
  std::vector<Shard> m_shards;     ///< those in the combined database first, then new ones
  std::size_t m_combined = 0;      ///< how many of m_shards the combined database holds
  std::vector<std::pair<std::size_t, Xapian::docid>> m_new_docs;  ///< (shard, its own id) stored with id 0
  bool m_temporary = false;  ///< a parallel build's part (make_temporary)
  int m_create_flags = 0;    ///< extra flags of the shards it creates
};

/// Opens (creating when missing) the archive at @p params.path, sharded by
/// @p by (nullopt: as recorded): takes the undated shard's write lock first,
/// checks every shard's schema, removes duplicates an interrupted move left.
/// Throws DatabaseError for a database sharded otherwise (naming both) and
/// for a damaged or foreign shard, DatabaseLockedError when another run holds it.
[[nodiscard]] OpenedDatabase open_sharded(const OpenParams& params, std::optional<ShardBy> by);

// ---- The parallel first build of an archive (parallel_build.cpp) ----------
/// Creates a temporary archive at @p root (must not exist), sharded by
/// @p by, for one worker thread: its Writer stores each document in the
/// part's shard of its date, creating shards as periods appear. Shards
/// commit without fsync (the build is thrown away if anything fails).
void open_part_archive(const std::string& root, ShardBy by, const std::string& language, OpenedDatabase& out);

/// Groups the near-duplicate stories (assign_stories, every document) of the
/// closed temporary archives @p parts as one database and writes their story
/// values into the parts, committed: before merge_part_archives, so that the
/// merge's compaction is the last write of every merged shard.
StoryCounts group_part_stories(const std::vector<std::string>& parts, const near_dup::Rule& rule);

/// Merges the archive at @p target_root (committed, holding no documents)
/// and the closed temporary archives @p parts (in task order) into a new
/// archive at @p out_root (must not exist): each period's shard is the
/// compaction of the target's shard of that period, when it has one, and
/// then the parts' in order, so its documents are numbered as one writer
/// numbers them; @p spelling (a document-less database of the run's spelling
/// words) joins the undated shard. Each shard is a full compaction
/// (Xapian::Compactor::FULL, fuller than --compact's), recorded as one
/// (schema::k_meta_shard_compacted), so that --compact leaves it alone until
/// it is written again. Writes the stub. Returns the documents.
[[nodiscard]] Xapian::doccount merge_part_archives(const std::string& target_root, const std::vector<std::string>& parts,
                                                   const std::string& spelling, const std::string& out_root);

/// Opens the merged archive at @p root for writing into @p out (taking its
/// lock, the undated shard's), as open_sharded opens an archive.
void open_merged_archive(const std::string& root, ShardBy by, const std::string& language, OpenedDatabase& out);

/// The shard directories below the archive @p root (not through links) in
/// the stub's order: the undated shard first, then the periods in time
/// order. Throws DatabaseError when one of them is not a directory.
[[nodiscard]] std::vector<std::string> shard_directories(const std::string& root);

/// The shard_by a database at @p path records: ShardBy::none for a glass
/// database or a missing path.
[[nodiscard]] ShardBy recorded_shard_by(const std::string& path);

} // namespace dateline::indexer
