/** @file indexer.cpp
 *  @brief The run: orchestration and the single writer.
 */
#include "indexer/indexer.hpp"

#include "common/date.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "indexer/database.hpp"
#include "indexer/exit_codes.hpp"
#include "indexer/failures.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/file_state.hpp"
#include "indexer/pipeline.hpp"
#include "indexer/plan.hpp"
#include "indexer/recorded.hpp"
#include "indexer/reporter.hpp"
#include "indexer/run_context.hpp"
#include "indexer/parallel_build.hpp"
#include "indexer/stories.hpp"
#include "indexer/summary.hpp"
#include "indexer/shards.hpp"
#include "indexer/signals.hpp"
#include "indexer/synonyms.hpp"
#include "indexer/walker.hpp"
#include "indexer/writer.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <future>
#include <sys/stat.h>

namespace dateline::indexer {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

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

/// True when @p path is an existing directory.
bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// The recorded root @p argument of --forget names: its absolute, lexically
/// normal form, or its real path when it still exists.
std::string forgotten_root(const std::string& argument, const std::vector<std::string>& recorded) {
  std::error_code error;
  std::vector<std::string> forms{std::filesystem::absolute(argument, error).lexically_normal().string()};
  if (const auto real = std::filesystem::canonical(argument, error); !error) {
    forms.push_back(real.string());
  }
  for (auto& form : forms) {
    while (form.size() > 1 && form.ends_with('/')) form.pop_back();
    if (std::find(recorded.begin(), recorded.end(), form) != recorded.end()) {
      return form;
    }
  }
  throw UsageError("--forget " + argument + ": not a recorded root (recorded: " +
                   (recorded.empty() ? std::string("none") : serialize_roots(recorded)) + "; see --info)");
}

/// What the database recorded about its roots, options and language.
struct Record {
  std::vector<std::string> roots;
  std::optional<RecordedOptions> options;
  std::string language;  ///< "" when none is recorded
};

Record read_record(const Xapian::Database& db) {
  return {parse_roots(db.get_metadata(std::string(schema::k_meta_roots))),
          RecordedOptions::parse(db.get_metadata(std::string(schema::k_meta_options))),
          db.get_metadata(std::string(schema::k_meta_language))};
}

/// A --rebuild without a folder re-creates the recorded roots' documents
/// from their files: a recorded root that has vanished cannot be, and its
/// documents are kept until --forget (#9.9), so the rebuild is refused
/// rather than dropping them.
void refuse_rebuild_of_missing_roots(const IndexOptions& options, const Record& old) {
  std::vector<std::string> missing;
  for (const auto& root : old.roots) {
    if (!is_directory(root)) missing.push_back(root);
  }
  std::vector<std::string> forgotten;
  for (const auto& argument : options.forget) {
    forgotten.push_back(forgotten_root(argument, old.roots));
  }
  std::erase_if(missing, [&](const std::string& root) {
    return std::find(forgotten.begin(), forgotten.end(), root) != forgotten.end();
  });
  if (missing.empty()) return;
  std::string list;
  std::string forget;
  for (const auto& root : missing) {
    list += (list.empty() ? "" : ", ") + root;
    forget += " --forget " + root;
  }
  throw UsageError("--rebuild: recorded folder" + std::string(missing.size() > 1 ? "s " : " ") + list +
                   (missing.size() > 1 ? " no longer exist" : " no longer exists") +
                   "; a rebuild cannot re-create their documents, so the database is left unchanged "
                   "(restore the folder, or drop its documents with dateline-index --rebuild" + forget + ")");
}

/// The synonym table and its hash as stored in @p db (what a --rebuild
/// without --synonyms carries over).
struct StoredSynonyms {
  SynonymTable table;
  std::string hash;
};

StoredSynonyms read_synonyms(const Xapian::Database& db) {
  StoredSynonyms out;
  out.hash = db.get_metadata(std::string(schema::k_meta_synonyms_hash));
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    std::set<std::string>& values = out.table[*key];
    for (auto value = db.synonyms_begin(*key); value != db.synonyms_end(*key); ++value) values.insert(*value);
  }
  return out;
}

/// Which roots this run walks, which recorded ones it reports missing or
/// forgets, and what the database will record afterwards (#9.9, #14.3).
struct RunRoots {
  std::vector<std::string> walk;       ///< canonical, none inside another
  std::vector<std::string> missing;    ///< recorded, vanished, not below a walked root
  std::vector<std::string> forgotten;  ///< --forget
  std::vector<std::string> record;     ///< recorded after the run (missing ones included)
};

RunRoots choose_roots(const IndexOptions& options, const std::vector<std::string>& given,
                      const std::vector<std::string>& recorded) {
  RunRoots out;
  for (const auto& argument : options.forget) {
    out.forgotten.push_back(forgotten_root(argument, recorded));
  }
  std::vector<std::string> kept;
  for (const auto& root : recorded) {
    // A rebuild with folders holds just those: every other recorded root is forgotten.
    const bool rebuilt_away = options.rebuild && !given.empty();
    if (std::find(out.forgotten.begin(), out.forgotten.end(), root) == out.forgotten.end() && !rebuilt_away) {
      kept.push_back(root);
    }
  }
  if (!given.empty()) {
    out.walk = given;
  } else {
    for (const auto& root : kept) {
      if (is_directory(root)) out.walk.push_back(root);
    }
  }
  for (const auto& root : kept) {
    if (!root_of(root, out.walk) && !is_directory(root)) out.missing.push_back(root);
  }
  std::vector<std::string> all = kept;
  all.insert(all.end(), out.walk.begin(), out.walk.end());
  out.record = normalise_roots(all).roots;
  return out;
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
      reporter.info(file.relative + ": failed before (" + note.reason +
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
  out.state = db.exists ? FileStateIndex::load(db.reader) : FileStateIndex{};
  out.failures = db.exists ? load_failures(db.reader) : std::map<std::string, FailedFile>{};
  out.walk = pending_walk.valid() ? pending_walk.get() : indexer::walk(walk_params);
  return out;
}

/// Phase "report", after the writes: what became of each recorded root that
/// no longer exists (its documents taken over by moved files, or kept).
void report_missing_roots(const std::vector<std::string>& missing, const Plan& plan, bool interrupted,
                          Reporter& reporter) {
  for (const auto& root : missing) {
    const auto found = plan.missing_root_documents.find(root);
    const std::size_t documents = found == plan.missing_root_documents.end() ? 0 : found->second;
    const auto kept = static_cast<std::size_t>(
        std::count_if(plan.vanished.begin(), plan.vanished.end(), [&root](const VanishedDoc& doc) {
          return doc.keep && !doc.claimed && doc.root == root;
        }));
    std::string message = "recorded folder " + root + " no longer exists; ";
    if (documents == 0) {
      message += std::string("it holds no documents") + (interrupted ? "" : "; it is no longer recorded");
    } else if (kept < documents) {
      message += std::to_string(documents - kept) + " of its " + std::to_string(documents) +
                 " documents were found under an indexed folder and taken over (renamed)";
      message += kept == 0 ? std::string(interrupted ? "" : "; the folder is no longer recorded")
                           : "; the other " + std::to_string(kept) + " are kept";
    } else {
      message += "its " + std::to_string(documents) + " documents are kept";
    }
    if (kept > 0) {
      message += " (moved files found under an indexed folder take theirs over; dateline-index --forget " + root +
                 " removes them)";
    }
    reporter.warning(message);
  }
}

/// Phase "report" of a parallel first build: its timings (--verbose).
void report_parallel_build(const ParallelBuildOutcome& outcome, std::size_t tasks, unsigned jobs, Reporter& reporter) {
  char timing[160];
  std::snprintf(timing, sizeof timing, "%zu files written by %u parallel shard writers in %.1f s, merged in %.1f s",
                tasks, jobs, outcome.seconds_writing, outcome.seconds_merging);
  std::string line = timing;
  for (std::size_t i = 0; i < outcome.shard_seconds.size(); ++i) {
    std::snprintf(timing, sizeof timing, "%s%.1f s (CPU %.1f s)", i == 0 ? "; shards: " : ", ",
                  outcome.shard_seconds[i], outcome.shard_cpu_seconds[i]);
    line += timing;
  }
  reporter.info(line);
}

/// "2026-11-29T18:00:00Z" for now.
std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts {};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

/// The error when there is nothing to index.
UsageError no_directory_error() {
  return UsageError("no directory to index, and the database records none "
                    "(usage: dateline-index [--db PATH] DIR...; see --help)");
}

/// What phase "open/lock" hands on: the roots given on the command line, the
/// checked synonym file, what a rebuild carries over, the open database.
struct Opened {
  RootSet given;
  std::optional<std::string> synonym_text;
  std::optional<Record> before_rebuild;
  StoredSynonyms synonyms_before_rebuild;  ///< carried over unless --synonyms replaces them
  OpenedDatabase db;
};

/// Phase "open/lock": checks the arguments and the synonym file, reads what a
/// rebuild rebuilds, and opens (and for writing locks) the database.
Opened open_run(IndexOptions& options, Reporter& reporter) {
  Opened out;
  // Canonical roots, repeated and nested ones dropped (#14.3).
  std::vector<std::string> given_roots;
  for (const auto& root : options.roots) {
    given_roots.push_back(resolve_root(root));
    if (given_roots.back().find('\n') != std::string::npos) {  // the record is one root per line
      throw UsageError("cannot index '" + root + "': its path contains a newline");
    }
  }
  out.given = normalise_roots(given_roots);
  for (const auto& note : out.given.notes) {
    reporter.info(note);
  }
  if (out.given.roots.empty() && !is_directory(options.db_path)) {
    throw no_directory_error();  // before open_database creates anything
  }
  // The synonym file is read and checked before anything is written (#12.2);
  // it is analysed again below with the database's language.
  if (options.synonyms) {
    out.synonym_text = read_synonym_file(*options.synonyms);
    const TextAnalyzer check_analyzer(options.language.value_or("english"));
    // the table too: its bounds (k_max_synonyms_per_key) are checked while it is built
    (void)synonym_table(parse_synonyms(*out.synonym_text, escape_for_terminal(*options.synonyms), check_analyzer),
                        check_analyzer);
  }

  // A rebuild starts from an empty database: it rebuilds what the old one
  // recorded, so read that first (a database that cannot be read has none).
  if (options.rebuild && is_directory(options.db_path)) {
    try {
      // a sharded archive (#15.3) is its stub file, read by Xapian
      const Xapian::Database old_db = is_sharded_archive(options.db_path)
                                          ? Xapian::Database(options.db_path)
                                          : Xapian::Database(options.db_path, Xapian::DB_BACKEND_GLASS);
      out.before_rebuild = read_record(old_db);
      if (!options.synonyms) out.synonyms_before_rebuild = read_synonyms(old_db);
    } catch (const Xapian::Error&) {
      out.before_rebuild = Record{};
    }
    if (out.given.roots.empty()) {
      refuse_rebuild_of_missing_roots(options, *out.before_rebuild);
    }
    // The rebuild keeps the recorded language unless --language is given.
    if (!options.language && TextAnalyzer::is_known_language(out.before_rebuild->language)) {
      options.language = out.before_rebuild->language;
    }
  }

  out.db = open_database({options.db_path, options.rebuild, options.dry_run, options.wait_seconds, options.language,
                          &reporter, options.shard_by});
  return out;
}

/// What the database recorded and which roots this run walks.
struct Scope {
  Record recorded;
  RecordedOptions options_now;
  RunRoots roots;
};

/// Phase "load state", first part: what the database remembers (#9.9), its
/// roots and document-shaping options, and from them the roots to walk.
Scope choose_scope(IndexOptions& options, const Opened& opened) {
  Scope out;
  out.recorded = opened.before_rebuild ? *opened.before_rebuild
                 : opened.db.exists    ? read_record(opened.db.reader)
                                       : Record{};
  if (out.recorded.options) {
    apply_recorded(options, *out.recorded.options);
  }
  out.options_now = RecordedOptions::from(options);
  out.roots = choose_roots(options, opened.given.roots, out.recorded.roots);
  if (out.roots.walk.empty() && out.roots.missing.empty() && out.roots.forgotten.empty() && !options.synonyms) {
    throw no_directory_error();
  }
  if (!options.summary_json.empty()) {  // before anything is written
    check_summary_not_indexed(options.summary_json, out.roots.walk, options.includes, options.excludes);
  }
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
void count_walk(const WalkResult& walk, const std::vector<std::string>& roots, Summary& summary, Reporter& reporter) {
  summary.files_seen = walk.files.size();
  summary.unreadable_dirs = walk.unreadable.size();
  summary.symlinks_not_followed = walk.symlinks_not_followed;
  if (walk.complete && walk.files.empty() && walk.symlinks_not_followed > 0) {
    // A folder of symbolic links indexes nothing without --follow: say so
    // (the closing summary counts them on a terminal and with --verbose).
    reporter.warning(std::string("no article files found; ") + std::to_string(walk.symlinks_not_followed) +
                     (walk.symlinks_not_followed == 1 ? " symbolic link" : " symbolic links") +
                     " skipped (--follow indexes links to files inside the roots)");
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
/// or interrupted walk), counted into @p summary and reported.
Plan plan_run(const IndexOptions& options, const Scope& scope, bool rebuilding, const WalkAndState& found,
              const OpenedDatabase& db, const std::atomic<bool>& stop, Summary& summary, Reporter& reporter) {
  Plan plan;
  if (found.walk.complete && !stop.load()) {
    PlanParams plan_params;
    plan_params.retry_failed = options.retry_failed;
    plan_params.missing_roots = scope.roots.missing;
    plan_params.forgotten_roots = scope.roots.forgotten;
    if (scope.recorded.options && !rebuilding) {
      plan_params.reevaluate = reevaluation(*scope.recorded.options, scope.options_now);
    }
    plan = make_plan(found.walk, scope.roots.walk, found.state, found.failures, db.reader, plan_params);
    count_and_report(plan, found.walk, scope.roots.walk, summary, reporter);
  }
  return plan;
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

/// Phase "record", stories: near-duplicate stories (#11.1), in the same
/// commit as the documents' last batch: the run's changes regrouped, or every
/// document after a sharded build (shards cannot see each other) or under a
/// new rule.
void record_stories(const RunContext& run, OpenedDatabase& db, Writer& writer, StoryChanges& story_changes,
                    bool sharded) {
  if (!db.writable || run.options.dry_run) {
    return;
  }
  const std::string rule_key(schema::k_meta_dup_rule);
  const std::optional<near_dup::Rule> recorded_rule = parse_rule(db.writable->get_metadata(rule_key));
  near_dup::Rule rule = recorded_rule.value_or(near_dup::Rule{});
  if (run.options.dup_threshold) rule.threshold = *run.options.dup_threshold;
  if (run.options.dup_window) rule.window_days = *run.options.dup_window;
  story_changes.all = sharded || (recorded_rule && serialize_rule(*recorded_rule) != serialize_rule(rule));
  const StoryCounts stories = assign_stories(*db.writable, rule, story_changes);
  if (stories.changed > 0) writer.mark_dirty();
  if (stories.examined > 0 || recorded_rule) writer.set_metadata(rule_key, serialize_rule(rule));
  if (stories.changed > 0) {
    run.reporter.change("stories", std::to_string(stories.examined) + " documents regrouped, " +
                                       std::to_string(stories.changed) + " story ids written");
  }
}

/// Phase "record", roots and options (#9.9): roots, with missing ones whose
/// documents all moved dropped; options only after a complete run (an
/// interrupted one would otherwise leave files unevaluated under the new
/// options).
void record_roots_and_options(const RunContext& run, const Scope& scope, const Summary& summary, Writer& writer) {
  const RunRoots& run_roots = scope.roots;
  std::vector<std::string> record;
  for (const auto& root : run_roots.record) {
    const bool moved_away =
        std::find(run_roots.missing.begin(), run_roots.missing.end(), root) != run_roots.missing.end() &&
        std::none_of(run.plan.vanished.begin(), run.plan.vanished.end(), [&](const VanishedDoc& doc) {
          return doc.keep && !doc.claimed && path_within(doc.unique_term.substr(1), root);
        }) && !summary.interrupted;
    if (!moved_away) {
      record.push_back(root);
    } else if (const auto keys = run.plan.missing_root_failure_keys.find(root);
               keys != run.plan.missing_root_failure_keys.end()) {
      for (const auto& key : keys->second) writer.set_metadata(key, "");
    }
  }
  if (summary.interrupted) {  // their documents may not all be deleted yet
    record.insert(record.end(), run_roots.forgotten.begin(), run_roots.forgotten.end());
    record = normalise_roots(record).roots;
  }
  writer.set_metadata(std::string(schema::k_meta_roots), serialize_roots(record));
  if (!summary.interrupted) {
    writer.set_metadata(std::string(schema::k_meta_options), scope.options_now.serialize());
  }
}

/// Phase "record", the synonym table (#12.2): the file defines the whole
/// table; the same file again (same normalised content) writes nothing.
/// Written last, to the database this run installs (the merged one after a
/// sharded build).
void record_synonyms(const RunContext& run, const Opened& opened, const TextAnalyzer& writer_analyzer,
                     Writer& writer) {
  const OpenedDatabase& db = opened.db;
  const std::string hash_key(schema::k_meta_synonyms_hash);
  if (opened.synonym_text) {
    const SynonymFile file =
        parse_synonyms(*opened.synonym_text, escape_for_terminal(*run.options.synonyms), writer_analyzer);
    const std::string stored = db.writable ? db.writable->get_metadata(hash_key) : db.reader.get_metadata(hash_key);
    if (stored != file.hash) {
      writer.replace_synonyms(synonym_table(file, writer_analyzer));
      writer.set_metadata(hash_key, file.hash);
      const std::size_t groups = file.groups.size();
      run.reporter.info(std::string(run.options.dry_run ? "would load " : "loaded ") + std::to_string(groups) +
                        (groups == 1 ? " synonym group from " : " synonym groups from ") +
                        escape_for_terminal(*run.options.synonyms));
    }
  } else if (!opened.synonyms_before_rebuild.hash.empty() || !opened.synonyms_before_rebuild.table.empty()) {
    writer.replace_synonyms(opened.synonyms_before_rebuild.table);
    writer.set_metadata(hash_key, opened.synonyms_before_rebuild.hash);
  }
}

/// Phase "record", the last run's summary. A no-change run writes nothing,
/// not even this (the writer may have committed its last batch already,
/// hence the counts).
void record_last_run(const Summary& summary, const OpenedDatabase& db, std::chrono::steady_clock::time_point start,
                     Writer& writer) {
  const bool changed = writer.dirty() || summary.added + summary.updated + summary.refreshed +
                                             summary.renamed + summary.deleted > 0;
  if (changed) {
    Summary last = summary;
    last.documents = db.reader.get_doccount();
    last.seconds = seconds_since(start);
    last.exit_code = last.interrupted   ? (stop_signal() == SIGINT ? k_exit_sigint : k_exit_sigterm)
                     : last.failed_new > 0 ? k_exit_new_failures
                                           : k_exit_ok;
    writer.set_metadata(std::string(schema::k_meta_last_run_text), utc_now() + ": " + last.to_line());
    writer.set_metadata(std::string(schema::k_meta_last_run_json), last.to_json());
  }
}

/// Phase "install", after the last commit: a rebuilt or merged database
/// put in place, or the old one kept. An interrupted --rebuild never
/// replaces the whole old database with part of a new one.
void install_run(const RunContext& run, OpenedDatabase& db, const BuildDir* build_dir,
                 std::optional<ParallelBuildOutcome>& sharded, const Summary& summary) {
  const bool keep_old = run.options.rebuild && summary.interrupted && db.target;
  if (keep_old) {
    keep_old_database(db);
    run.reporter.warning("--rebuild interrupted: the database is unchanged");
  } else if (!sharded || !sharded->target) {
    install_rebuilt(db);
  }
  if (sharded && sharded->target && !keep_old) {
    swap_in_merged(*build_dir, db, *sharded);
    report_parallel_build(*sharded, run.plan.tasks.size(), run.options.jobs, run.reporter);
  }
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
    const WalkAndState found = walk_and_load(m_options, roots, db, m_stop);
    count_walk(found.walk, roots, summary, reporter);
    Plan plan = plan_run(m_options, scope, opened.before_rebuild.has_value(), found, db, m_stop, summary, reporter);

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
        writer.delete_vanished();
      }
      writer.prune_failure_records();
    }
    // Shards this run created join the archive's combined database (#15.3).
    if (db.archive && db.writable && !m_options.dry_run) {
      *db.writable = db.archive->settle(story_changes.seeds);
      db.reader = *db.writable;
    }
    record_stories(run, db, writer, story_changes, sharded.has_value());
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
