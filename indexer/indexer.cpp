/** @file indexer.cpp
 *  @brief The run: orchestration and the single writer; phases "walk + load
 *  state", "plan" and "write". Not here: phases "open/lock" and the scope
 *  (run_open.cpp), "record", "install" and the reports after the writes
 *  (run_record.cpp); indexer_internal.hpp holds what they share.
 */
#include "indexer/indexer.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"
#include "indexer/failures.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/file_state.hpp"
#include "indexer/indexer_internal.hpp"
#include "indexer/pipeline.hpp"
#include "indexer/removal_guard.hpp"
#include "indexer/shards.hpp"
#include "indexer/walker.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <iterator>
#include <optional>
#include <map>

namespace dateline::indexer {

using namespace run_detail;  // the run's own internals (indexer_internal.hpp)

namespace run_detail {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace run_detail

namespace {

/// The single-writer path: files are analysed on --jobs threads and written
/// by this thread in task order.
void write_in_order(const RunContext& run, Writer& writer) {
  using Pipeline = OrderedPipeline<ReadResult, TextAnalyzer>;
  Pipeline::Params pipeline_params;
  pipeline_params.count = run.plan.tasks.size();
  pipeline_params.threads = run.options.jobs;
  pipeline_params.window = std::max<std::size_t>(64, 32 * run.options.jobs);
  pipeline_params.stop = &run.stop;
  // Memory per worker: the files in flight weigh their sizes (issue 14, item 8).
  pipeline_params.max_weight = k_in_flight_bytes_per_job * std::max(1U, run.options.jobs);
  pipeline_params.weigh = [&run](std::size_t index) {
    return static_cast<std::size_t>(run.walk.files[run.plan.tasks[index].file].stat.size);
  };
  Pipeline pipeline(
      pipeline_params, [&run] { return TextAnalyzer(run.language); },
      [&run](std::size_t index, TextAnalyzer& analyzer) {
        const Task& task = run.plan.tasks[index];
        const WalkedFile& file = run.walk.files[task.file];
        return read_file(analyzer, file, read_params_for(run.options, run.roots, run.plan, task, file));
      });
  std::size_t index = 0;
  while (auto result = pipeline.next()) {
    writer.apply(run.plan.tasks[index++], std::move(*result));
    run.reporter.progress_step();
  }
}

/// Adds what the plan decided without a task to @p summary and reports its
/// notes (make_plan itself neither counts into the run nor prints).
void count_and_report(const Plan& plan, const WalkResult& walk, const std::vector<std::string>& roots,
                      Summary& summary, Reporter& reporter) {
  summary.unchanged += plan.counts.unchanged;
  summary.protected_docs += plan.counts.protected_docs;
  summary.failed_remembered += plan.counts.failed_remembered;
  for (const auto& [reason, files] : plan.counts.skipped) {
    summary.skipped[reason] += files;
  }
  for (const auto& note : plan.notes) {
    const WalkedFile& file = walk.files[note.file];
    switch (note.kind) {
    case PlanNote::Kind::duplicate_path:
      reporter.warning(schema::document_path(roots[file.root_index], file.relative) + ": reached twice; indexed once");
      break;
    case PlanNote::Kind::failed_before:
      reporter.info(shown_path(roots, file.root_index, file.relative) + ": failed before (" + note.reason +
                    ") and has not changed; not retried (--retry-failed forces it)");
      break;
    }
  }
}

/// The walk and the stored state (documents, failure records) of one run.
struct WalkAndState {
  WalkResult walk;
  FileStateIndex state;
  std::map<std::string, FailedFile> failures;
};

/// Phase "walk + load state". The walk (file system) and loading the stored
/// state (database) are independent and each about half of a no-change
/// rerun: with --jobs > 1 the walk runs on its own thread meanwhile.
WalkAndState walk_and_load(const IndexOptions& options, const std::vector<std::string>& roots,
                           const OpenedDatabase& db, const std::atomic<bool>& stop) {
  WalkParams walk_params;
  walk_params.roots = roots;
  walk_params.includes = options.includes;
  walk_params.excludes = options.excludes;
  walk_params.follow_symlinks = options.follow_symlinks;
  walk_params.max_depth = options.max_depth;
  walk_params.stop = &stop;
  std::future<WalkResult> pending_walk;
  if (options.jobs > 1) {
    pending_walk = std::async(std::launch::async, [&walk_params] { return indexer::walk(walk_params); });
  }
  WalkAndState out;
  out.state = load_file_state(db);  // a time-sharded archive's shard by shard
  out.failures = db.exists ? load_failures(db.reader) : std::map<std::string, FailedFile>{};
  out.walk = pending_walk.valid() ? pending_walk.get() : indexer::walk(walk_params);
  return out;
}

/// Before the walk: the database's note, its schema metadata, a build
/// directory a killed run left behind.
void prepare_database(OpenedDatabase& db, const std::string& db_path, Reporter& reporter) {
  if (!db.note.empty()) {
    reporter.info(db.note);
  }
  if (db.writable) {
    write_schema_metadata(*db.writable, db.language);
    std::string error;
    if (!db.build_dir && !remove_stale_build_dir(db_path, error)) {  // a rebuild's is its own, emptied
      reporter.warning(error);
    }
  }
}

/// After phase "walk": its counts and what it could not read.
/// Phase "walk", reported: counts, and a warning per folder that holds no
/// article file (an empty or unmounted folder, a folder of other files or of
/// links: the run would otherwise build or keep a database silently).
/// A folder without articles that held documents keeps them (@p kept: the
/// plan's Plan::empty_root_documents), and the warning says so.
void count_walk(const WalkResult& walk, const std::vector<std::string>& roots, const std::vector<std::string>& includes,
                const std::map<std::string, std::size_t>& kept, Summary& summary, Reporter& reporter) {
  summary.files_seen = walk.files.size();
  summary.too_deep_dirs = static_cast<std::size_t>(
      std::count_if(walk.unreadable.begin(), walk.unreadable.end(), [](const UnreadableDir& dir) { return dir.too_deep; }));
  summary.unreadable_dirs = walk.unreadable.size() - summary.too_deep_dirs;
  summary.symlinks_not_followed = walk.symlinks_not_followed;
  summary.symlinks_refused = walk.symlinks_refused;
  // Why a folder found nothing: its links, when the whole walk found only
  // those (the closing summary counts them on a terminal and with --verbose).
  std::string links;
  if (walk.files.empty() && walk.symlinks_not_followed > 0) {
    links = std::to_string(walk.symlinks_not_followed) +
            (walk.symlinks_not_followed == 1 ? " symbolic link" : " symbolic links") +
            " skipped (--follow indexes links to files inside the roots)";
  } else if (walk.files.empty() && walk.symlinks_refused > 0) {
    links = Summary::refused_links_text(walk.symlinks_refused);
  }
  std::string globs;
  for (const auto& glob : includes) globs += (globs.empty() ? "" : " or ") + glob;
  for (std::size_t root = 0; walk.complete && root < roots.size(); ++root) {
    const bool found = std::any_of(walk.files.begin(), walk.files.end(),
                                   [root](const WalkedFile& file) { return file.root_index == root; });
    const bool unreadable = std::any_of(walk.unreadable.begin(), walk.unreadable.end(), [root](const UnreadableDir& dir) {
      return dir.root_index == root && dir.relative.empty();
    });
    if (found || unreadable) continue;  // an unreadable folder is warned about below
    ++summary.empty_roots;
    std::string message = "no articles found in " + roots[root] + ": " +
                          (!links.empty() && roots.size() == 1 ? links : "no file there matches " + globs);
    if (const auto held = kept.find(roots[root]); held != kept.end()) {
      message += "; its " + std::to_string(held->second) + (held->second == 1 ? " document is" : " documents are") +
                 " kept (an emptied or unmounted folder is not a deletion; dateline-index --forget " + roots[root] +
                 " removes them)";
    }
    reporter.warning(message);
  }
  if (walk.complete && !links.empty() && roots.size() > 1) {
    reporter.warning("no article files found; " + links);
  }
  for (const auto& dir : walk.unreadable) {
    reporter.warning(roots[dir.root_index] + (dir.relative.empty() ? "" : "/" + dir.relative) + ": " + dir.reason +
                     "; directory skipped, its documents are kept");
  }
  for (const auto& note : walk.notes) {
    reporter.info(note);
  }
}

/// Phase "plan": what to read, write and delete (nothing after an incomplete
/// or interrupted walk); the caller counts and reports it (count_and_report).
Plan plan_run(const IndexOptions& options, const Scope& scope, bool rebuilding, const WalkAndState& found,
              const OpenedDatabase& db, const std::atomic<bool>& stop) {
  Plan plan;
  if (found.walk.complete && !stop.load()) {
    PlanParams plan_params;
    plan_params.retry_failed = options.retry_failed;
    plan_params.missing_roots = scope.roots.missing;
    plan_params.forgotten_roots = scope.roots.forgotten;
    plan_params.keep_empty_roots = !options.allow_removal;
    if (scope.recorded.options && !rebuilding) {
      plan_params.reevaluate = reevaluation(*scope.recorded.options, scope.options_now);
    }
    plan = make_plan(found.walk, scope.roots.walk, found.state, found.failures, db.reader, plan_params);
  }
  return plan;
}

/// After phase "walk" of a --rebuild, which starts from an empty database: a
/// walked root in which the walk found no file (an emptied or unmounted
/// folder) cannot re-create the documents the old database holds below it,
/// so the rebuild is refused as for a vanished root (run_open.cpp), before
/// anything is written, unless --allow-removal.
void refuse_rebuild_of_empty_roots(const IndexOptions& options, const std::vector<std::string>& roots,
                                   const WalkResult& walk) {
  if (!walk.complete || options.allow_removal) return;
  std::vector<bool> found(roots.size(), false);
  for (const auto& file : walk.files) found[file.root_index] = true;
  std::optional<Xapian::Database> old;
  for (std::size_t root = 0; root < roots.size(); ++root) {
    if (found[root]) continue;
    if (!old) {
      try {
        old = schema::sharded_archive_stub(options.db_path) ? Xapian::Database(options.db_path)
                                                             : Xapian::Database(options.db_path, Xapian::DB_BACKEND_GLASS);
      } catch (const Xapian::Error&) {
        return;  // no old database (or none readable): nothing to lose
      }
    }
    // Q terms keep the path's head when shortened (schema::unique_term).
    const std::string prefix =
        std::string(schema::k_prefix_unique) + roots[root] + (roots[root] == "/" ? "" : "/");
    const auto held = static_cast<std::size_t>(std::distance(old->allterms_begin(prefix), old->allterms_end(prefix)));
    if (held == 0) continue;
    throw UsageError("--rebuild: no articles found in " + roots[root] + ", but the database holds " +
                     std::to_string(held) + (held == 1 ? " document" : " documents") +
                     " from it; a rebuild cannot re-create them, so the database is left unchanged (mount or "
                     "restore the folder; or drop them: dateline-index --rebuild --forget " + roots[root] +
                     " also forgets the folder, --allow-removal keeps it recorded)");
  }
}

/// Before the deletions: a walked folder whose vanished documents (not taken
/// over by renames) outnumber the files the walk found there, and are at
/// least k_mass_deletion_floor, keeps them this run (a half-mounted network
/// share must not empty the database, as rsync's --max-delete guards a
/// mirror); each such folder is named in a warning, --allow-removal deletes.
void hold_back_mass_deletions(const WalkResult& walk, const std::vector<std::string>& roots, Plan& plan,
                              Summary& summary, Reporter& reporter) {
  for (std::size_t root = 0; root < roots.size(); ++root) {
    const auto files = static_cast<std::size_t>(std::count_if(
        walk.files.begin(), walk.files.end(), [root](const WalkedFile& file) { return file.root_index == root; }));
    const auto gone = [&](const VanishedDoc& doc) { return !doc.keep && !doc.claimed && doc.root == roots[root]; };
    const auto deletions = static_cast<std::size_t>(std::count_if(plan.vanished.begin(), plan.vanished.end(), gone));
    if (deletions < k_mass_deletion_floor || deletions <= files) continue;
    for (auto& doc : plan.vanished) {
      if (gone(doc)) doc.keep = true;
    }
    summary.deletions_held_back += deletions;
    reporter.warning(roots[root] + ": " + std::to_string(deletions) + " documents have no file any more, more than " +
                     "the " + std::to_string(files) + (files == 1 ? " file" : " files") +
                     " found there (a half-mounted share?); they are kept this run (--allow-removal deletes them)");
  }
}

/// After phase "plan": a changed recorded option that would remove documents
/// whose files are still there is refused (exit 2, nothing written) unless
/// --allow-removal; a dry run warns instead, so it shows what would happen.
void check_option_removals(const IndexOptions& options, const Scope& scope, bool rebuilding, const Plan& plan,
                           Reporter& reporter) {
  if (!scope.recorded.options || rebuilding || options.allow_removal) return;
  const auto refusal = removal_refusal(
      *scope.recorded.options, scope.options_now,
      option_removals(*scope.recorded.options, scope.options_now, plan, scope.roots.walk, options.no_delete));
  if (!refusal) return;
  if (options.dry_run) {
    reporter.warning(*refusal);
    return;
  }
  throw UsageError(*refusal);
}

/// Phase "write": the planned files read, analysed and written, by parallel
/// shard writers in @p build_dir (a rebuild's, or one made here in
/// @p own_build_dir) for a first build, or by @p writer in task order.
/// Returns the parallel build's outcome when there was one.
std::optional<ParallelBuildOutcome> write_documents(const RunContext& run, OpenedDatabase& db, Writer& writer,
                                                    Summary& summary, std::optional<BuildDir>& own_build_dir,
                                                    const BuildDir*& build_dir) {
  std::optional<ParallelBuildOutcome> sharded;
  // A time-sharded archive (#15.3) too: each thread writes a temporary
  // archive, merged period by period (parallel_build.hpp).
  const bool parallel = should_build_in_parallel(run.options, db, run.plan);
  if (parallel && build_dir == nullptr) {
    try {
      own_build_dir.emplace(run.options.db_path, std::nullopt, &run.reporter);
      own_build_dir->require_exchange();
      build_dir = &*own_build_dir;
    } catch (const DatabaseError& e) {
      own_build_dir.reset();
      run.reporter.info(std::string(e.what()) + "; indexing with a single writer");
    }
  }
  if (build_dir != nullptr && parallel) {
    if (db.archive) db.archive->commit_shards_first();
    db.writable->commit();  // the schema metadata, for the merge to carry over
    sharded = build_in_parallel(run, writer.sequence_base(), *build_dir, db);
    add_writer_counts(summary, sharded->counts);
    writer.raise_sequence(sharded->last_sequence);
    for (const auto& [key, value] : sharded->failure_records) {
      writer.set_metadata(key, value);
    }
  } else {
    write_in_order(run, writer);
  }
  return sharded;
}

} // namespace

Indexer::Indexer(IndexOptions options, const std::atomic<bool>& stop, Reporter& reporter)
    : m_options(std::move(options)), m_stop(stop), m_reporter(reporter) {}

Summary Indexer::run() {
  const auto start = std::chrono::steady_clock::now();
  Summary summary;
  summary.dry_run = m_options.dry_run;
  Reporter& reporter = m_reporter;
  // Phases: open/lock, load state (what was recorded), walk + load state
  // (stored documents), plan, write, record, install, report.
  Opened opened = open_run(m_options, reporter);
  OpenedDatabase& db = opened.db;
  const std::string& db_path = m_options.db_path;
  try {
    const Scope scope = choose_scope(m_options, opened);
    const std::vector<std::string>& roots = scope.roots.walk;
    // Validate the analyzer before any work (throws UsageError for a bad language).
    const TextAnalyzer writer_analyzer(db.language);
    prepare_database(db, db_path, reporter);
    record_first_build_scope(m_options, scope, db);
    const WalkAndState found = walk_and_load(m_options, roots, db, m_stop);
    if (opened.before_rebuild) refuse_rebuild_of_empty_roots(m_options, roots, found.walk);
    Plan plan = plan_run(m_options, scope, opened.before_rebuild.has_value(), found, db, m_stop);
    check_option_removals(m_options, scope, opened.before_rebuild.has_value(), plan, reporter);
    count_walk(found.walk, roots, m_options.includes, plan.empty_root_documents, summary, reporter);
    count_and_report(plan, found.walk, roots, summary, reporter);

    reporter.progress_start(plan.tasks.size());
    const RunContext run{m_options, m_stop, roots, found.walk, plan, reporter, db.language};
    Writer::Params writer_params;
    writer_params.db = &db;
    writer_params.summary = &summary;
    writer_params.analyzer = &writer_analyzer;
    writer_params.commit_every = m_options.commit_every;
    StoryChanges story_changes;
    writer_params.stories = &story_changes;
    Writer writer(run, writer_params);
    std::optional<BuildDir> own_build_dir;  // destroyed before db: the lock covers its removal
    const BuildDir* build_dir = db.build_dir.get();  // a --rebuild shards in its own build directory
    std::optional<ParallelBuildOutcome> sharded =
        write_documents(run, db, writer, summary, own_build_dir, build_dir);
    reporter.progress_end();
    summary.interrupted = m_stop.load() || !found.walk.complete;
    // After the writes, which take documents of a vanished root over (moved files).
    report_missing_roots(scope.roots.missing, plan, summary.interrupted, reporter);
    if (!summary.interrupted) {
      if (!m_options.no_delete) {
        if (!m_options.allow_removal) hold_back_mass_deletions(found.walk, roots, plan, summary, reporter);
        writer.delete_vanished();
      }
      writer.prune_failure_records();
    }
    // Shards this run created join the archive's combined database (#15.3).
    if (db.archive && db.writable && !m_options.dry_run) {
      *db.writable = db.archive->settle(story_changes.seeds);
      db.reader = *db.writable;
    }
    record_stories(run, db, writer, story_changes, sharded.has_value(),
                   sharded ? sharded->stories_in_parts : std::nullopt);
    record_roots_and_options(run, scope, summary, writer);
    record_synonyms(run, opened, writer_analyzer, writer);
    record_last_run(summary, db, start, writer);
    writer.record_day_runs();  // last: of the database as this commit leaves it (#12.1)
    writer.commit_if_dirty();
    install_run(run, db, build_dir, sharded, summary);
    summary.documents = db.exists ? db.reader.get_doccount() : 0;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + db_path + "': " + e.get_description() +
                        " (the database keeps its last committed state)");
  }
  summary.seconds = seconds_since(start);
  return summary;
}

} // namespace dateline::indexer
