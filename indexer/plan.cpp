/** @file plan.cpp
 *  @brief Classifying walked files and finding vanished documents.
 */
#include "indexer/plan.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <unordered_set>

namespace dateline::indexer {
namespace {

/// True when the document at @p relative under @p root may have vanished
/// (its root is indexed this run and no unreadable directory covers it).
enum class Coverage { vanished, protected_dir, other_root };

Coverage coverage(const std::string& root, const std::string& relative, const std::vector<std::string>& roots,
                  const std::vector<UnreadableDir>& unreadable) {
  const auto it = std::find(roots.begin(), roots.end(), root);
  if (it == roots.end()) {
    return Coverage::other_root;
  }
  const auto root_index = static_cast<std::size_t>(it - roots.begin());
  for (const auto& dir : unreadable) {
    if (dir.root_index == root_index && is_under(relative, dir.relative)) {
      return Coverage::protected_dir;
    }
  }
  return Coverage::vanished;
}

} // namespace

Plan make_plan(const WalkResult& walk, const std::vector<std::string>& roots, const FileStateIndex& state,
               const std::map<std::string, FailedFile>& failures, const Xapian::Database& db,
               const PlanParams& params, Summary& summary, Reporter& reporter) {
  Plan plan;
  std::unordered_set<std::string> seen_terms;
  seen_terms.reserve(walk.files.size());
  std::set<std::string> seen_failure_keys;
  for (std::size_t i = 0; i < walk.files.size(); ++i) {
    const WalkedFile& file = walk.files[i];
    std::string term = schema::unique_term(file.relative);
    if (!seen_terms.insert(term).second) {
      ++summary.skipped["duplicate_path"];
      reporter.warning(file.relative + ": the same relative path exists under two roots; indexed only from " +
                       roots[walk.files[i - 1].root_index]);
      continue;
    }
    const StoredFile* stored = state.find(term);
    const FileChange change = classify(stored, file.stat);
    if (change == FileChange::unchanged) {
      ++summary.unchanged;
      continue;
    }
    Task task;
    task.file = i;
    task.change = change;
    if (stored != nullptr) {
      task.stored = *stored;
    }
    task.unique_term = std::move(term);
    task.failure_key = failure_key(file.relative);
    seen_failure_keys.insert(task.failure_key);
    if (const auto found = failures.find(task.failure_key); found != failures.end()) {
      task.failure_record = found->second;
      if (!params.retry_failed && found->second.matches(file.stat)) {
        ++summary.skipped[found->second.reason];
        ++summary.failed_remembered;
        reporter.info(file.relative + ": failed before (" + found->second.reason +
                      ") and has not changed; not retried (--retry-failed forces it)");
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
    const schema::DocumentData data = schema::DocumentData::parse(db.get_document(stored.docid).get_data());
    switch (coverage(data.root, data.path, roots, walk.unreadable)) {
      case Coverage::other_root:
        break;
      case Coverage::protected_dir:
        ++summary.protected_docs;
        break;
      case Coverage::vanished:
        plan.vanished_by_content.emplace(std::make_pair(stored.content_hash, stored.size), plan.vanished.size());
        plan.vanished.push_back({term, stored, data.path, false});
        break;
    }
  }

  // Failure records of files that are gone (only when nothing was unreadable:
  // record keys may be hashed, so they cannot be matched against directories).
  if (walk.unreadable.empty()) {
    for (const auto& file : walk.files) {
      seen_failure_keys.insert(failure_key(file.relative));
    }
    for (const auto& [key, record] : failures) {
      if (seen_failure_keys.count(key) == 0) {
        plan.stale_failure_keys.insert(key);
      }
    }
  }
  return plan;
}

} // namespace dateline::indexer
