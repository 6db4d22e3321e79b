/** @file plan.cpp
 *  @brief Classifying walked files and finding vanished documents.
 */
#include "indexer/plan.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>

namespace dateline::indexer {
namespace {

/// @p path below @p root, without the separator ("" for the root itself).
std::string relative_to(const std::string& path, const std::string& root) {
  const std::size_t skip = root == "/" ? 1 : root.size() + 1;
  return path.size() > skip ? path.substr(skip) : std::string();
}

/// The stored document's absolute path and, when read, its data's relative path.
struct StoredPath {
  std::string path;
  std::optional<std::string> relative;
};

StoredPath stored_path(const std::string& term, const StoredFile& stored, const Xapian::Database& db) {
  if (!schema::is_shortened_path(term)) {
    return {term.substr(schema::k_prefix_unique.size()), std::nullopt};
  }
  const schema::DocumentData data = schema::DocumentData::parse(db.get_document(stored.docid).get_data());
  return {schema::document_path(data.root, data.path), data.path};
}

/// Documents marked as undated or dated by their mtime: re-analysed when --undated changes.
std::set<Xapian::docid> undated_documents(const Xapian::Database& db) {
  std::set<Xapian::docid> out;
  for (const std::string& term : {std::string(schema::k_term_undated), std::string(schema::k_term_mtime_date)}) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      out.insert(*it);
    }
  }
  return out;
}

} // namespace

Plan make_plan(const WalkResult& walk, const std::vector<std::string>& roots, const FileStateIndex& state,
               const std::map<std::string, FailedFile>& failures, const Xapian::Database& db,
               const PlanParams& params) {
  Plan plan;
  std::unordered_set<std::string> seen_terms;
  seen_terms.reserve(walk.files.size());
  // Only keys that have a record: the stale records are the rest (a set of
  // every walked file's key cost a million-file archive ~150 MB).
  std::set<std::string> seen_failure_keys;
  const auto note_failure_key = [&](const std::string& key) {
    if (failures.count(key) != 0) seen_failure_keys.insert(key);
  };
  if (state.entries().empty()) {
    plan.tasks.reserve(walk.files.size());  // a first build reads every file: no doubling copies
  }
  // Walked roots in which the walk found no file at all: their documents are kept.
  std::vector<bool> root_found(roots.size(), false);
  for (const auto& file : walk.files) root_found[file.root_index] = true;
  const std::set<Xapian::docid> reanalyse =
      params.reevaluate.undated_documents ? undated_documents(db) : std::set<Xapian::docid>{};
  for (std::size_t i = 0; i < walk.files.size(); ++i) {
    const WalkedFile& file = walk.files[i];
    const std::string& root = roots[file.root_index];
    std::string term = schema::unique_term(root, file.relative);
    if (!seen_terms.insert(term).second) {
      ++plan.counts.skipped["duplicate_path"];
      plan.notes.push_back({PlanNote::Kind::duplicate_path, i, {}});
      continue;
    }
    const StoredFile* stored = state.find(term);
    FileChange change = classify(stored, file.stat);
    const bool reevaluate =
        stored != nullptr && (reanalyse.count(stored->docid) != 0 ||
                              (params.reevaluate.max_size && stored->size > *params.reevaluate.max_size));
    if (reevaluate) {
      change = FileChange::modified;
    }
    if (change == FileChange::unchanged) {
      ++plan.counts.unchanged;
      continue;
    }
    Task task;
    task.file = i;
    task.change = change;
    task.reanalyse = reevaluate;
    if (stored != nullptr) {
      task.stored = *stored;
    }
    task.unique_term = std::move(term);
    task.failure_key = failure_key(schema::document_path(root, file.relative));
    note_failure_key(task.failure_key);
    if (const auto found = failures.find(task.failure_key); found != failures.end()) {
      task.failure_record = found->second;
      const bool retry = params.retry_failed || params.reevaluate.retry_reasons.count(found->second.reason) != 0;
      if (!retry && found->second.matches(file.stat)) {
        ++plan.counts.skipped[found->second.reason];
        ++plan.counts.failed_remembered;
        plan.notes.push_back({PlanNote::Kind::failed_before, i, found->second.reason});
        continue;
      }
    }
    plan.tasks.push_back(std::move(task));
  }

  // Documents whose files the (complete) walk did not find.
  for (const auto& [term, stored] : state.entries()) {
    if (seen_terms.count(term) != 0) {
      continue;
    }
    const StoredPath where = stored_path(term, stored, db);
    auto relative_below = [&where](const std::string& root) {
      return where.relative ? *where.relative : relative_to(where.path, root);
    };
    if (const auto walked = root_of(where.path, roots)) {
      const std::string relative = relative_below(roots[*walked]);
      const bool covered = std::any_of(walk.unreadable.begin(), walk.unreadable.end(), [&](const UnreadableDir& dir) {
        return dir.root_index == *walked && is_under(relative, dir.relative);
      });
      if (covered) {
        ++plan.counts.protected_docs;
        continue;
      }
      if (!root_found[*walked] && params.keep_empty_roots) {  // an emptied or unmounted folder is not a deletion
        ++plan.empty_root_documents[roots[*walked]];
        plan.vanished.push_back({term, stored, relative, false, true, roots[*walked]});  // not taken over
        continue;
      }
      plan.vanished_by_content.emplace(std::make_pair(stored.content_hash, stored.size), plan.vanished.size());
      plan.vanished.push_back({term, stored, relative, false, false, roots[*walked]});
    } else if (const auto forgotten = root_of(where.path, params.forgotten_roots)) {
      // Deleted, never taken over: forgetting a root is not moving it.
      const std::string& root = params.forgotten_roots[*forgotten];
      plan.vanished.push_back({term, stored, relative_below(root), false, false, root});
    } else if (const auto missing = root_of(where.path, params.missing_roots)) {
      const std::string& root = params.missing_roots[*missing];
      ++plan.missing_root_documents[root];
      plan.vanished_by_content.emplace(std::make_pair(stored.content_hash, stored.size), plan.vanished.size());
      plan.vanished.push_back({term, stored, relative_below(root), false, true, root});
    }
    // else: a recorded root not indexed this run; left alone.
  }

  // Failure records of files that are gone: below a walked root only when
  // nothing was unreadable (a record key may be shortened, so it cannot be
  // matched against directories); below a forgotten root always.
  if (!failures.empty()) {
    for (const auto& file : walk.files) {
      note_failure_key(failure_key(schema::document_path(roots[file.root_index], file.relative)));
    }
  }
  const std::size_t prefix = schema::k_meta_failed_prefix.size();
  for (const auto& [key, record] : failures) {
    if (seen_failure_keys.count(key) != 0) {
      continue;
    }
    const std::string path = key.substr(prefix);
    const auto walked = root_of(path, roots);
    const bool kept_in_emptied_root = walked && !root_found[*walked] && params.keep_empty_roots;
    if ((walk.unreadable.empty() && walked && !kept_in_emptied_root) || root_of(path, params.forgotten_roots)) {
      plan.stale_failure_keys.insert(key);
    } else if (const auto missing = root_of(path, params.missing_roots)) {
      plan.missing_root_failure_keys[params.missing_roots[*missing]].push_back(key);
    }
  }
  return plan;
}

} // namespace dateline::indexer
