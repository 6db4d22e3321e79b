/** @file plan.hpp
 *  @brief From a complete walk and the stored state to the run's work list:
 *  which files to read, which documents vanished (rename sources or deletions),
 *  which are protected by an unreadable directory.
 */
#pragma once

#include "indexer/failures.hpp"
#include "indexer/file_state.hpp"
#include "indexer/recorded.hpp"
#include "indexer/walker.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dateline::indexer {

/// One file that must be read this run.
struct Task {
  std::size_t file = 0;            ///< index into WalkResult::files
  FileChange change = FileChange::new_file;
  std::optional<StoredFile> stored;  ///< for modified files
  std::string unique_term;
  std::string failure_key;
  std::optional<FailedFile> failure_record;  ///< remembered failure for this path, if any
  /// Analyse even if the content is unchanged: an option that shapes the
  /// document changed since it was indexed (#9.10).
  bool reanalyse = false;
};

/// A stored document whose file was not found by a complete walk.
struct VanishedDoc {
  std::string unique_term;
  StoredFile state;
  std::string relative;  ///< below its root
  bool claimed = false;  ///< taken over by a rename
  /// A document of a recorded root that no longer exists: a file with its
  /// content found under an indexed root takes it over (a moved archive),
  /// otherwise it is kept (until --forget).
  bool keep = false;
  std::string root;  ///< the root it lies below (a walked, forgotten or missing one)
};

/// A walked file the plan decided not to read, for the caller to report
/// (in walk order, mixed kinds).
struct PlanNote {
  enum class Kind {
    duplicate_path,  ///< reached twice (through a link or overlapping roots): indexed once
    failed_before,   ///< failed before, unchanged since, not retried
  };
  Kind kind = Kind::duplicate_path;
  std::size_t file = 0;  ///< index into WalkResult::files
  std::string reason;    ///< failed_before: the remembered failure reason
};

/// What the plan decided without a task; the caller adds them to the run's Summary.
struct PlanCounts {
  std::size_t unchanged = 0;          ///< walked files not to be read at all
  std::size_t protected_docs = 0;     ///< stored documents below an unreadable directory: kept
  std::size_t failed_remembered = 0;  ///< unchanged files that failed before (PlanNote::failed_before)
  std::map<std::string, std::size_t> skipped;  ///< reason -> files not read ("duplicate_path", failure reasons)
};

struct Plan {
  std::vector<Task> tasks;
  PlanCounts counts;
  std::vector<PlanNote> notes;
  std::vector<VanishedDoc> vanished;
  /// (content hash, size) -> indexes into vanished
  std::multimap<std::pair<std::string, std::uint64_t>, std::size_t> vanished_by_content;
  std::set<std::string> stale_failure_keys;  ///< records of files that no longer exist
  /// Documents of each missing root (PlanParams::missing_roots) before the run.
  std::map<std::string, std::size_t> missing_root_documents;
  /// Documents below each walked root in which the walk found no file (an
  /// emptied or unmounted folder, or --include matching nothing there): kept,
  /// as a missing root's, until --forget: in #vanished with VanishedDoc::keep,
  /// but not in #vanished_by_content (not taken over by renames).
  std::map<std::string, std::size_t> empty_root_documents;
  /// Failure records below each missing root: dropped with the root once
  /// all its documents have moved.
  std::map<std::string, std::vector<std::string>> missing_root_failure_keys;
};

/// A walked folder whose deletions outnumber its files keeps them when they
/// are at least this many (Indexer::run; docs/indexer.md, *A folder without
/// articles*): below it, a small folder's clean-up is never held back.
inline constexpr std::size_t k_mass_deletion_floor = 100;

struct PlanParams {
  bool retry_failed = false;  ///< --retry-failed: remembered failures are read again
  /// Recorded roots that no longer exist: their documents may be taken over
  /// by files with the same content (a moved archive), else they are kept.
  std::vector<std::string> missing_roots;
  /// A walked root in which the walk found no file keeps its documents
  /// (Plan::empty_root_documents); false with --allow-removal.
  bool keep_empty_roots = true;
  /// --forget: these roots' documents and failure records are removed.
  std::vector<std::string> forgotten_roots;
  /// What changed options mean for files already seen (#9.10).
  Reevaluation reevaluate;
};

/// Builds the plan: a pure decision over its inputs that neither prints nor
/// writes; what it decided without a task is in Plan::counts and
/// Plan::notes for the caller to count and report. @p roots are the walked
/// roots (walk.files' root_index); documents below none of them, a missing or
/// a forgotten root are left alone. Reads @p db only for document data of
/// vanished documents whose Q term was shortened and, when undated documents
/// are re-evaluated, for their marker terms.
[[nodiscard]] Plan make_plan(const WalkResult& walk, const std::vector<std::string>& roots,
                             const FileStateIndex& state, const std::map<std::string, FailedFile>& failures,
                             const Xapian::Database& db, const PlanParams& params);

} // namespace dateline::indexer
