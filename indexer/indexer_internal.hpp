/** @file indexer_internal.hpp
 *  @brief What Indexer::run's files share: the results of phases "open/lock"
 *  and "load state" (Opened, Scope, what the database recorded) and the
 *  phases defined outside indexer.cpp. Not a public interface: callers use
 *  indexer.hpp. Files: indexer.cpp (the run; walk, plan, write),
 *  run_open.cpp (open/lock, scope), run_record.cpp (record, install, the
 *  reports after the writes).
 */
#pragma once

#include "common/text_analyzer.hpp"
#include "indexer/database.hpp"
#include "indexer/options.hpp"
#include "indexer/parallel_build.hpp"
#include "indexer/plan.hpp"
#include "indexer/recorded.hpp"
#include "indexer/reporter.hpp"
#include "indexer/run_context.hpp"
#include "indexer/stories.hpp"
#include "indexer/summary.hpp"
#include "indexer/synonyms.hpp"
#include "indexer/writer.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dateline::indexer::run_detail {

/// What the database recorded about its roots, options and language.
struct Record {
  std::vector<std::string> roots;
  std::optional<RecordedOptions> options;
  std::string language;  ///< "" when none is recorded
};

/// The synonym table and its hash as stored in @p db (what a --rebuild
/// without --synonyms carries over).
struct StoredSynonyms {
  SynonymTable table;
  std::string hash;
};

/// Which roots this run walks, which recorded ones it reports missing or
/// forgets, and what the database will record afterwards (#9.9, #14.3).
struct RunRoots {
  std::vector<std::string> walk;       ///< canonical, none inside another
  std::vector<std::string> missing;    ///< recorded, vanished, not below a walked root
  std::vector<std::string> forgotten;  ///< --forget
  std::vector<std::string> record;     ///< recorded after the run (missing ones included)
};

/// What phase "open/lock" hands on: the roots given on the command line, the
/// checked synonym file, what a rebuild carries over, the open database.
struct Opened {
  RootSet given;
  std::optional<std::string> synonym_text;
  std::optional<Record> before_rebuild;
  StoredSynonyms synonyms_before_rebuild;  ///< carried over unless --synonyms replaces them
  OpenedDatabase db;
};

/// What the database recorded and which roots this run walks.
struct Scope {
  Record recorded;
  RecordedOptions options_now;
  RunRoots roots;
};

/// Seconds since @p start (indexer.cpp).
double seconds_since(std::chrono::steady_clock::time_point start);

// Phases "open/lock" and "load state" (run_open.cpp).
Opened open_run(IndexOptions& options, Reporter& reporter);
Scope choose_scope(IndexOptions& options, const Opened& opened);

// Phases "record", "install" and "report" (run_record.cpp).
void report_missing_roots(const std::vector<std::string>& missing, const Plan& plan, bool interrupted,
                          Reporter& reporter);
void record_stories(const RunContext& run, OpenedDatabase& db, Writer& writer, StoryChanges& story_changes,
                    bool sharded, const std::optional<StoryCounts>& grouped_in_parts);
void record_first_build_scope(const IndexOptions& options, const Scope& scope, OpenedDatabase& db);
void record_roots_and_options(const RunContext& run, const Scope& scope, const Summary& summary, Writer& writer);
void record_synonyms(const RunContext& run, const Opened& opened, const TextAnalyzer& writer_analyzer,
                     Writer& writer);
void record_last_run(const Summary& summary, const OpenedDatabase& db, std::chrono::steady_clock::time_point start,
                     Writer& writer);
void install_run(const RunContext& run, OpenedDatabase& db, const BuildDir* build_dir,
                 std::optional<ParallelBuildOutcome>& sharded, Summary& summary);

} // namespace dateline::indexer::run_detail
