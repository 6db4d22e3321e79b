/** @file file_state.cpp
 *  @brief Loading the stored file state with allterms("Q") and value streams.
 */
#include "indexer/file_state.hpp"

#include "common/schema.hpp"
#include "indexer/database.hpp"
#include "indexer/shards.hpp"

#include <utility>
#include <vector>

namespace dateline::indexer {
namespace {

/// Calls @p fn(docid, value) for every document with a value in @p slot.
template <typename Fn>
void for_each_value(const Xapian::Database& db, Xapian::valueno slot, Fn&& fn) {
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    fn(it.get_docid(), *it);
  }
}

/// Fills @p file's stat data from its k_slot_file_state value @p value (left as it is when unreadable).
void set_file_state(StoredFile& file, const std::string& value) {
  if (auto state = schema::unpack_file_state(value)) {
    file.size = state->size;
    file.mtime_ns = state->mtime_ns;
    file.inode = std::move(state->inode);
  }
}

} // namespace

FileStateIndex FileStateIndex::load(const Xapian::Database& db) { return load(std::vector<Xapian::Database>{db}); }

FileStateIndex FileStateIndex::load(const std::vector<Xapian::Database>& shards) {
  FileStateIndex index;
  const std::string prefix(schema::k_prefix_unique);
  const std::size_t count = shards.size();
  Xapian::doccount documents = 0;
  for (const auto& shard : shards) documents += shard.get_doccount();
  index.m_by_term.reserve(documents);
  for (std::size_t number = 0; number < count; ++number) {
    const Xapian::Database& db = shards[number];
    std::unordered_map<Xapian::docid, StoredFile*> by_docid;  // this shard's own ids
    by_docid.reserve(db.get_doccount());
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
      const std::string name = *term;
      auto posting = db.postlist_begin(name);
      if (posting == db.postlist_end(name)) {
        continue;
      }
      StoredFile state;
      state.docid = combined_docid(*posting, number, count);
      auto [it, inserted] = index.m_by_term.emplace(name, state);
      if (inserted) {
        by_docid.emplace(*posting, &it->second);
      } else if (state.docid < it->second.docid) {
        // Two copies (a move between shards interrupted, seen by a run that
        // does not remove them, --dry-run): the lower id, as the combined
        // database's posting list gives it, with its own values.
        const Xapian::Document doc = db.get_document(*posting);
        set_file_state(state, doc.get_value(schema::k_slot_file_state));
        const std::string hash = doc.get_value(schema::k_slot_content_hash);
        if (!hash.empty()) state.content_hash = schema::unpack_hash(hash);
        it->second = std::move(state);
      }
    }
    // Pointers into an unordered_map stay valid while no element is erased.
    auto lookup = [&](Xapian::docid id) -> StoredFile* {
      const auto found = by_docid.find(id);
      return found == by_docid.end() ? nullptr : found->second;
    };
    for_each_value(db, schema::k_slot_file_state, [&](Xapian::docid id, const std::string& v) {
      if (auto* s = lookup(id)) set_file_state(*s, v);
    });
    for_each_value(db, schema::k_slot_content_hash, [&](Xapian::docid id, const std::string& v) {
      if (auto* s = lookup(id)) s->content_hash = schema::unpack_hash(v);
    });
  }
  return index;
}

FileStateIndex load_file_state(const OpenedDatabase& db) {
  if (!db.exists) return {};
  return db.archive ? FileStateIndex::load(db.archive->readers()) : FileStateIndex::load(db.reader);
}

const StoredFile* FileStateIndex::find(const std::string& unique_term) const {
  const auto it = m_by_term.find(unique_term);
  return it == m_by_term.end() ? nullptr : &it->second;
}

void FileStateIndex::put(const std::string& unique_term, const StoredFile& state) {
  m_by_term[unique_term] = state;
}

FileChange classify(const StoredFile* stored, const FileStat& current) {
  if (stored == nullptr) {
    return FileChange::new_file;
  }
  if (stored->size == current.size && stored->mtime_ns == current.mtime_ns &&
      stored->inode == current.inode_key()) {
    return FileChange::unchanged;
  }
  return FileChange::modified;
}

} // namespace dateline::indexer
