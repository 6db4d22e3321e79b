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
#include "indexer/progress.hpp"
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
    run.progress.step();
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

} // namespace

Indexer::Indexer(IndexOptions options, const std::atomic<bool>& stop)
    : m_options(std::move(options)), m_stop(stop) {}

Summary Indexer::run() {
  const auto start = std::chrono::steady_clock::now();
  Summary summary;
  summary.dry_run = m_options.dry_run;
  Reporter reporter({m_options.quiet, m_options.verbose, m_options.dry_run});

  // Canonical roots, repeated and nested ones dropped (#14.3).
  std::vector<std::string> given_roots;
  for (const auto& root : m_options.roots) {
    given_roots.push_back(resolve_root(root));
    if (given_roots.back().find('\n') != std::string::npos) {  // the record is one root per line
      throw UsageError("cannot index '" + root + "': its path contains a newline");
    }
  }
  const RootSet given = normalise_roots(given_roots);
  for (const auto& note : given.notes) {
    reporter.info(note);
  }
  const auto no_directory = [] {
    return UsageError("no directory to index, and the database records none "
                      "(usage: dateline-index [--db PATH] DIR...; see --help)");
  };
  if (given.roots.empty() && !is_directory(m_options.db_path)) {
    throw no_directory();  // before open_database creates anything
  }
  // The synonym file is read and checked before anything is written (#12.2);
  // it is analysed again below with the database's language.
  std::optional<std::string> synonym_text;
  if (m_options.synonyms) {
    synonym_text = read_synonym_file(*m_options.synonyms);
    const TextAnalyzer check_analyzer(m_options.language.value_or("english"));
    // the table too: its bounds (k_max_synonyms_per_key) are checked while it is built
    (void)synonym_table(parse_synonyms(*synonym_text, escape_for_terminal(*m_options.synonyms), check_analyzer),
                        check_analyzer);
  }

  // A rebuild starts from an empty database: it rebuilds what the old one
  // recorded, so read that first (a database that cannot be read has none).
  std::optional<Record> before_rebuild;
  StoredSynonyms synonyms_before_rebuild;  // carried over unless --synonyms replaces them
  if (m_options.rebuild && is_directory(m_options.db_path)) {
    try {
      // a sharded archive (#15.3) is its stub file, read by Xapian
      const Xapian::Database old_db = is_sharded_archive(m_options.db_path)
                                          ? Xapian::Database(m_options.db_path)
                                          : Xapian::Database(m_options.db_path, Xapian::DB_BACKEND_GLASS);
      before_rebuild = read_record(old_db);
      if (!m_options.synonyms) synonyms_before_rebuild = read_synonyms(old_db);
    } catch (const Xapian::Error&) {
      before_rebuild = Record{};
    }
    if (given.roots.empty()) {
      refuse_rebuild_of_missing_roots(m_options, *before_rebuild);
    }
    // The rebuild keeps the recorded language unless --language is given.
    if (!m_options.language && TextAnalyzer::is_known_language(before_rebuild->language)) {
      m_options.language = before_rebuild->language;
    }
  }

  OpenedDatabase db = open_database({m_options.db_path, m_options.rebuild, m_options.dry_run,
                                     m_options.wait_seconds, m_options.language, m_options.shard_by});
  const std::string& db_path = m_options.db_path;
  try {
    // What the database remembers (#9.9): roots and document-shaping options.
    const Record recorded = before_rebuild ? *before_rebuild : db.exists ? read_record(db.reader) : Record{};
    if (recorded.options) {
      apply_recorded(m_options, *recorded.options);
    }
    const RecordedOptions options_now = RecordedOptions::from(m_options);
    const RunRoots run_roots = choose_roots(m_options, given.roots, recorded.roots);
    if (run_roots.walk.empty() && run_roots.missing.empty() && run_roots.forgotten.empty() && !m_options.synonyms) {
      throw no_directory();
    }
    const std::vector<std::string>& roots = run_roots.walk;
    if (!m_options.summary_json.empty()) {  // before anything is written
      check_summary_not_indexed(m_options.summary_json, roots, m_options.includes, m_options.excludes);
    }
    // Validate the analyzer before any work (throws UsageError for a bad language).
    const TextAnalyzer writer_analyzer(db.language);
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
    // Phases: walk + load state, plan, write, record, report.
    const WalkAndState found = walk_and_load(m_options, roots, db, m_stop);
    const WalkResult& walk = found.walk;
    const FileStateIndex& state = found.state;
    const auto& failures = found.failures;
    summary.files_seen = walk.files.size();
    summary.unreadable_dirs = walk.unreadable.size();
    for (const auto& dir : walk.unreadable) {
      reporter.warning(roots[dir.root_index] + (dir.relative.empty() ? "" : "/" + dir.relative) + ": " +
                       dir.reason + "; directory skipped, its documents are kept");
    }
    for (const auto& note : walk.notes) {
      reporter.info(note);
    }

    Writer::Params writer_params;
    Plan plan;
    if (walk.complete && !m_stop.load()) {
      PlanParams plan_params;
      plan_params.retry_failed = m_options.retry_failed;
      plan_params.missing_roots = run_roots.missing;
      plan_params.forgotten_roots = run_roots.forgotten;
      if (recorded.options && !before_rebuild) {
        plan_params.reevaluate = reevaluation(*recorded.options, options_now);
      }
      plan = make_plan(walk, roots, state, failures, db.reader, plan_params);
      count_and_report(plan, walk, roots, summary, reporter);
    }
    Progress progress(Progress::stderr_is_tty() && !m_options.quiet && !m_options.verbose && !m_options.dry_run,
                      plan.tasks.size());
    reporter.set_progress(&progress);
    const RunContext run{m_options, m_stop, roots, walk, plan, reporter, progress, db.language};
    writer_params.db = &db;
    writer_params.summary = &summary;
    writer_params.analyzer = &writer_analyzer;
    writer_params.commit_every = m_options.commit_every;
    StoryChanges story_changes;
    writer_params.stories = &story_changes;
    Writer writer(run, writer_params);

    std::optional<BuildDir> own_build_dir;  // destroyed before db: the lock covers its removal
    const BuildDir* build_dir = db.build_dir.get();  // a --rebuild shards in its own build directory
    std::optional<ParallelBuildOutcome> sharded;
    // A sharded archive (#15.3) is written by the single writer, shard by shard.
    const bool parallel = !db.archive && should_build_in_parallel(m_options, db, plan);
    if (parallel && build_dir == nullptr) {
      try {
        own_build_dir.emplace(db_path);
        own_build_dir->require_exchange();
        build_dir = &*own_build_dir;
      } catch (const DatabaseError& e) {
        own_build_dir.reset();
        reporter.info(std::string(e.what()) + "; indexing with a single writer");
      }
    }
    if (build_dir != nullptr && parallel) {
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
    progress.clear();
    summary.interrupted = m_stop.load() || !walk.complete;
    // After the writes, which take documents of a vanished root over (moved files).
    report_missing_roots(run_roots.missing, plan, summary.interrupted, reporter);
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
    // Near-duplicate stories (#11.1), in the same commit as the documents'
    // last batch: the run's changes regrouped, or every document after a
    // sharded build (shards cannot see each other) or under a new rule.
    if (db.writable && !m_options.dry_run) {
      const std::string rule_key(schema::k_meta_dup_rule);
      const std::optional<near_dup::Rule> recorded_rule = parse_rule(db.writable->get_metadata(rule_key));
      near_dup::Rule rule = recorded_rule.value_or(near_dup::Rule{});
      if (m_options.dup_threshold) rule.threshold = *m_options.dup_threshold;
      if (m_options.dup_window) rule.window_days = *m_options.dup_window;
      story_changes.all = sharded.has_value() || (recorded_rule && serialize_rule(*recorded_rule) != serialize_rule(rule));
      const StoryCounts stories = assign_stories(*db.writable, rule, story_changes);
      if (stories.changed > 0) writer.mark_dirty();
      if (stories.examined > 0 || recorded_rule) writer.set_metadata(rule_key, serialize_rule(rule));
      if (stories.changed > 0) {
        reporter.change("stories", std::to_string(stories.examined) + " documents regrouped, " +
                                       std::to_string(stories.changed) + " story ids written");
      }
    }
    // The record (#9.9): roots, with missing ones whose documents all moved
    // dropped; options only after a complete run (an interrupted one would
    // otherwise leave files unevaluated under the new options).
    std::vector<std::string> record;
    for (const auto& root : run_roots.record) {
      const bool moved_away =
          std::find(run_roots.missing.begin(), run_roots.missing.end(), root) != run_roots.missing.end() &&
          std::none_of(plan.vanished.begin(), plan.vanished.end(), [&](const VanishedDoc& doc) {
            return doc.keep && !doc.claimed && path_within(doc.unique_term.substr(1), root);
          }) && !summary.interrupted;
      if (!moved_away) {
        record.push_back(root);
      } else if (const auto keys = plan.missing_root_failure_keys.find(root);
                 keys != plan.missing_root_failure_keys.end()) {
        for (const auto& key : keys->second) writer.set_metadata(key, "");
      }
    }
    if (summary.interrupted) {  // their documents may not all be deleted yet
      record.insert(record.end(), run_roots.forgotten.begin(), run_roots.forgotten.end());
      record = normalise_roots(record).roots;
    }
    writer.set_metadata(std::string(schema::k_meta_roots), serialize_roots(record));
    if (!summary.interrupted) {
      writer.set_metadata(std::string(schema::k_meta_options), options_now.serialize());
    }
    // The synonym table (#12.2): the file defines the whole table; the same
    // file again (same normalised content) writes nothing. Written last, to
    // the database this run installs (the merged one after a sharded build).
    const std::string hash_key(schema::k_meta_synonyms_hash);
    if (synonym_text) {
      const SynonymFile file = parse_synonyms(*synonym_text, escape_for_terminal(*m_options.synonyms), writer_analyzer);
      const std::string stored = db.writable ? db.writable->get_metadata(hash_key) : db.reader.get_metadata(hash_key);
      if (stored != file.hash) {
        writer.replace_synonyms(synonym_table(file, writer_analyzer));
        writer.set_metadata(hash_key, file.hash);
        const std::size_t groups = file.groups.size();
        reporter.info(std::string(m_options.dry_run ? "would load " : "loaded ") + std::to_string(groups) +
                      (groups == 1 ? " synonym group from " : " synonym groups from ") +
                      escape_for_terminal(*m_options.synonyms));
      }
    } else if (!synonyms_before_rebuild.hash.empty() || !synonyms_before_rebuild.table.empty()) {
      writer.replace_synonyms(synonyms_before_rebuild.table);
      writer.set_metadata(hash_key, synonyms_before_rebuild.hash);
    }
    // A no-change run writes nothing, not even this (the writer may have
    // committed its last batch already, hence the counts).
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
    writer.commit_if_dirty();
    // An interrupted --rebuild never replaces the whole old database with part of a new one.
    const bool keep_old = m_options.rebuild && summary.interrupted && db.target;
    if (keep_old) {
      keep_old_database(db);
      reporter.warning("--rebuild interrupted: the database is unchanged");
    } else if (!sharded || !sharded->target) {
      install_rebuilt(db);
    }
    if (sharded && sharded->target && !keep_old) {
      swap_in_merged(*build_dir, db, *sharded);
      report_parallel_build(*sharded, plan.tasks.size(), m_options.jobs, reporter);
    }
    summary.documents = db.exists ? db.reader.get_doccount() : 0;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + db_path + "': " + e.get_description() +
                        " (the database keeps its last committed state)");
  }
  summary.seconds = seconds_since(start);
  return summary;
}

} // namespace dateline::indexer
