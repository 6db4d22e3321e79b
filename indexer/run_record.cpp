/** @file run_record.cpp
 *  @brief Indexer::run's phases after the writes: "report" (recorded roots
 *  that no longer exist, a parallel build's timings), "record" (stories,
 *  roots and options, the synonym table, the last run's summary) and
 *  "install" (a rebuilt or merged database put in place, or the old one
 *  kept). Not here: opening (run_open.cpp), the walk, plan and writes
 *  (indexer.cpp).
 */
#include "indexer/indexer_internal.hpp"

#include "common/encoding.hpp"
#include "common/schema.hpp"
#include "indexer/exit_codes.hpp"
#include "indexer/shards.hpp"
#include "indexer/signals.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <ctime>

namespace dateline::indexer::run_detail {
namespace {

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

/// Phase "record", stories: near-duplicate stories (#11.1), in the same
/// commit as the documents' last batch: the run's changes regrouped, or every
/// document after a sharded build (shards cannot see each other) or under a
/// new rule; @p grouped_in_parts: what a time-sharded archive's parallel
/// build grouped before its merge (every document), only reported here.
void record_stories(const RunContext& run, OpenedDatabase& db, Writer& writer, StoryChanges& story_changes,
                    bool sharded, const std::optional<StoryCounts>& grouped_in_parts) {
  if (!db.writable || run.options.dry_run) {
    return;
  }
  const std::string rule_key(schema::k_meta_dup_rule);
  const std::optional<near_dup::Rule> recorded_rule = parse_rule(db.writable->get_metadata(rule_key));
  const near_dup::Rule rule = run_rule(recorded_rule, run.options.dup_threshold, run.options.dup_window);
  story_changes.all = sharded || (recorded_rule && serialize_rule(*recorded_rule) != serialize_rule(rule));
  const StoryCounts stories =
      grouped_in_parts ? *grouped_in_parts : assign_stories(*db.writable, rule, story_changes);
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

/// Phase "record", before the writes of a first build: a database that holds
/// no document and records no folder (created by this run, or left so by a
/// first build that was killed) records this run's folders and options in a
/// commit of their own before the walk, so a first build killed later (kill
/// -9, an OOM kill, a power cut) leaves a database whose next run without DIR
/// (cron, the systemd timer) continues the build as it was asked for. The
/// last run is still recorded only when a run ends: nothing makes the
/// unfinished build look finished.
void record_first_build_scope(const IndexOptions& options, const Scope& scope, OpenedDatabase& db) {
  if (!db.writable || options.dry_run || !scope.recorded.roots.empty() || scope.roots.record.empty() ||
      db.reader.get_doccount() != 0) {
    return;
  }
  db.writable->set_metadata(std::string(schema::k_meta_roots), serialize_roots(scope.roots.record));
  db.writable->set_metadata(std::string(schema::k_meta_options), scope.options_now.serialize());
  if (db.archive) db.archive->commit_shards_first();  // the undated shard, which holds both, last
  db.writable->commit();
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
/// replaces the whole old database with part of a new one; its summary
/// then counts what it wrote as discarded, not as added or updated.
void install_run(const RunContext& run, OpenedDatabase& db, const BuildDir* build_dir,
                 std::optional<ParallelBuildOutcome>& sharded, Summary& summary) {
  const bool keep_old = run.options.rebuild && summary.interrupted && db.target;
  if (keep_old) {
    keep_old_database(db);
    summary.discarded = summary.added + summary.updated + summary.renamed + summary.refreshed;
    summary.added = summary.updated = summary.renamed = summary.refreshed = 0;
    run.reporter.warning("--rebuild interrupted: the database is unchanged");
  } else if (!sharded || !sharded->target) {
    install_rebuilt(db);
  }
  if (sharded && sharded->target && !keep_old) {
    swap_in_merged(*build_dir, db, *sharded);
    report_parallel_build(*sharded, run.plan.tasks.size(), run.options.jobs, run.reporter);
  }
}

} // namespace dateline::indexer::run_detail
