/** @file indexer.cpp
 *  @brief The run: orchestration and the single writer.
 */
#include "indexer/indexer.hpp"

#include "common/date.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "indexer/database.hpp"
#include "indexer/failures.hpp"
#include "indexer/file_reader.hpp"
#include "indexer/file_state.hpp"
#include "indexer/pipeline.hpp"
#include "indexer/plan.hpp"
#include "indexer/progress.hpp"
#include "indexer/reporter.hpp"
#include "indexer/walker.hpp"

#include <chrono>

namespace dateline::indexer {
namespace {

/// Applies worker results to the database, in task order, from one thread.
class Writer {
public:
  struct Params {
    const IndexOptions* options = nullptr;
    const WalkResult* walk = nullptr;
    const std::vector<std::string>* roots = nullptr;
    Plan* plan = nullptr;
    OpenedDatabase* db = nullptr;
    Summary* summary = nullptr;
    Reporter* reporter = nullptr;
    const TextAnalyzer* analyzer = nullptr;  ///< for the rare inline re-analysis
  };
  explicit Writer(const Params& params) : m_p(params) {}

  void apply(const Task& task, ReadResult result) {
    const WalkedFile& file = m_p.walk->files[task.file];
    switch (result.outcome) {
      case ReadOutcome::vanished:
        m_p.reporter->info(file.relative + ": disappeared while indexing");
        return;
      case ReadOutcome::failed:
        fail(task, result);
        return;
      case ReadOutcome::same_content:
        refresh(task, result);
        return;
      case ReadOutcome::rename_candidate:
        if (const auto source = claim_rename(file.relative, result)) {
          rename(task, result, m_p.plan->vanished[*source]);
        } else {
          apply(task, reanalyse(task));
        }
        return;
      case ReadOutcome::built:
        store(task, std::move(result));
        return;
    }
  }

  void delete_vanished() {
    for (const auto& doc : m_p.plan->vanished) {
      if (doc.claimed) {
        continue;
      }
      m_p.reporter->change("delete", doc.relative);
      if (writable()) {
        writable()->delete_document(doc.state.docid);
        wrote();
      }
      ++m_p.summary->deleted;
    }
  }

  void prune_failure_records() {
    for (const auto& key : m_p.plan->stale_failure_keys) {
      set_metadata(key, "");
    }
  }

  void commit_if_dirty() {
    if (m_dirty && writable()) {
      writable()->commit();
      m_pending = 0;
      m_dirty = false;
    }
  }

private:
  [[nodiscard]] Xapian::WritableDatabase* writable() const {
    return m_p.options->dry_run || !m_p.db->writable ? nullptr : &*m_p.db->writable;
  }

  void wrote() {
    m_dirty = true;
    if (++m_pending >= m_p.options->commit_every) {
      commit_if_dirty();
    }
  }

  void set_metadata(const std::string& key, const std::string& value) {
    if (writable() && m_p.db->reader.get_metadata(key) != value) {
      writable()->set_metadata(key, value);
      m_dirty = true;
    }
  }

  void clear_failure(const Task& task) {
    if (task.failure_record) {
      set_metadata(task.failure_key, "");
    }
  }

  void fail(const Task& task, const ReadResult& result) {
    const WalkedFile& file = m_p.walk->files[task.file];
    const std::string reason = to_string(result.failure);
    ++m_p.summary->skipped[reason];
    const bool known = task.failure_record && task.failure_record->matches(result.stat) &&
                       task.failure_record->reason == reason;
    if (known) {
      ++m_p.summary->failed_remembered;
    } else {
      // Broken files make the run exit 1; documented skips (undated, empty,
      // binary, too large) are warned about once and do not.
      if (is_failure(result.failure)) ++m_p.summary->failed_new;
      m_p.reporter->warning(result.message + " (skipped: " + reason + ")");
    }
    m_p.reporter->change("skip", file.relative + " (" + reason + ")");
    set_metadata(task.failure_key, FailedFile{result.stat.size, result.stat.mtime_ns, result.stat.ctime_ns, reason}
                                       .serialize());
    // The file changed into something unindexable: its old text is gone, so is
    // its document. An unreadable file keeps its document (maybe transient).
    if (task.change == FileChange::modified && result.failure != ArticleFailure::unreadable) {
      m_p.reporter->change("delete", file.relative);
      if (writable()) {
        writable()->delete_document(task.stored->docid);
        wrote();
      }
      ++m_p.summary->deleted;
    }
  }

  void refresh(const Task& task, const ReadResult& result) {
    ++m_p.summary->refreshed;
    if (writable()) {
      Xapian::Document doc = m_p.db->reader.get_document(task.stored->docid);
      set_file_values(doc, result.stat, result.content_hash);
      writable()->replace_document(task.stored->docid, doc);
      wrote();
    }
    clear_failure(task);
  }

  std::optional<std::size_t> claim_rename(const std::string& relative, const ReadResult& result) {
    const auto range = m_p.plan->vanished_by_content.equal_range({result.content_hash, result.stat.size});
    for (auto it = range.first; it != range.second; ++it) {
      VanishedDoc& doc = m_p.plan->vanished[it->second];
      // A date taken from the path would change with the path: re-analyse then.
      if (!doc.claimed && date_from_path(doc.relative) == date_from_path(relative)) {
        doc.claimed = true;
        return it->second;
      }
    }
    return std::nullopt;
  }

  void rename(const Task& task, const ReadResult& result, const VanishedDoc& source) {
    const WalkedFile& file = m_p.walk->files[task.file];
    m_p.reporter->change("rename", source.relative + " -> " + file.relative);
    ++m_p.summary->renamed;
    if (writable()) {
      Xapian::Document doc = m_p.db->reader.get_document(source.state.docid);
      doc.remove_term(source.unique_term);
      doc.add_boolean_term(task.unique_term);
      set_file_values(doc, result.stat, result.content_hash);
      schema::DocumentData data = schema::DocumentData::parse(doc.get_data());
      data.path = file.relative;
      data.root = (*m_p.roots)[file.root_index];
      doc.set_data(data.serialize());
      writable()->replace_document(source.state.docid, doc);
      wrote();
    }
    clear_failure(task);
  }

  ReadResult reanalyse(const Task& task) {
    const WalkedFile& file = m_p.walk->files[task.file];
    ReadParams params;
    params.max_size = m_p.options->max_size;
    params.undated = m_p.options->undated;
    params.root = (*m_p.roots)[file.root_index];
    return read_file(*m_p.analyzer, file, params);
  }

  void store(const Task& task, ReadResult result) {
    const WalkedFile& file = m_p.walk->files[task.file];
    if (result.repaired) {
      ++m_p.summary->repaired;
    }
    if (!result.built.has_value()) {
      throw Error(file.relative + ": internal error: analysed without a document");
    }
    const BuiltDocument& built = result.built.value();
    m_p.summary->terms_dropped += built.terms_dropped;
    if (task.change == FileChange::new_file) {
      m_p.reporter->change("add", file.relative);
      ++m_p.summary->added;
    } else {
      m_p.reporter->change("update", file.relative);
      ++m_p.summary->updated;
    }
    if (Xapian::WritableDatabase* db = writable()) {
      if (task.change == FileChange::new_file) {
        db->add_document(built.document);
      } else {
        db->replace_document(task.stored->docid, built.document);
      }
      for (const auto& [word, count] : built.spelling) {
        db->add_spelling(word, count);
      }
      wrote();
    }
    clear_failure(task);
  }

  Params m_p;
  std::size_t m_pending = 0;
  bool m_dirty = false;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

Indexer::Indexer(IndexOptions options, const std::atomic<bool>& stop)
    : m_options(std::move(options)), m_stop(stop) {}

Summary Indexer::run() {
  const auto start = std::chrono::steady_clock::now();
  Summary summary;
  summary.dry_run = m_options.dry_run;
  Reporter reporter({m_options.quiet, m_options.verbose, m_options.dry_run});

  std::vector<std::string> roots;
  for (const auto& root : m_options.roots) {
    roots.push_back(resolve_root(root));
  }

  OpenedDatabase db = open_database({m_options.db_path, m_options.rebuild, m_options.dry_run,
                                     m_options.wait_seconds, m_options.language});
  const std::string& db_path = m_options.db_path;
  try {
    // Validate the analyzer before any work (throws UsageError for a bad language).
    const TextAnalyzer writer_analyzer(db.language);
    if (db.writable) {
      write_schema_metadata(*db.writable, db.language);
    }
    const FileStateIndex state = db.exists ? FileStateIndex::load(db.reader) : FileStateIndex{};
    const auto failures = db.exists ? load_failures(db.reader) : std::map<std::string, FailedFile>{};

    WalkParams walk_params;
    walk_params.roots = roots;
    walk_params.includes = m_options.includes;
    walk_params.excludes = m_options.excludes;
    walk_params.follow_symlinks = m_options.follow_symlinks;
    walk_params.max_depth = m_options.max_depth;
    walk_params.stop = &m_stop;
    const WalkResult walk = indexer::walk(walk_params);
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
      plan = make_plan(walk, roots, state, failures, db.reader, {m_options.retry_failed}, summary, reporter);
    }

    Progress progress(Progress::stderr_is_tty() && !m_options.quiet && !m_options.verbose && !m_options.dry_run,
                      plan.tasks.size());
    reporter.set_progress(&progress);
    writer_params.options = &m_options;
    writer_params.walk = &walk;
    writer_params.roots = &roots;
    writer_params.plan = &plan;
    writer_params.db = &db;
    writer_params.summary = &summary;
    writer_params.reporter = &reporter;
    writer_params.analyzer = &writer_analyzer;
    Writer writer(writer_params);

    using Pipeline = OrderedPipeline<ReadResult, TextAnalyzer>;
    Pipeline::Params pipeline_params;
    pipeline_params.count = plan.tasks.size();
    pipeline_params.threads = m_options.jobs;
    pipeline_params.window = std::max<std::size_t>(64, 32 * m_options.jobs);
    pipeline_params.stop = &m_stop;
    const std::string language = db.language;
    {
      Pipeline pipeline(
          pipeline_params, [&language] { return TextAnalyzer(language); },
          [&](std::size_t index, TextAnalyzer& analyzer) {
            const Task& task = plan.tasks[index];
            const WalkedFile& file = walk.files[task.file];
            ReadParams params;
            params.max_size = m_options.max_size;
            params.undated = m_options.undated;
            params.root = roots[file.root_index];
            params.expected_hash = task.stored ? &task.stored->content_hash : nullptr;
            if (task.change == FileChange::new_file && !plan.vanished_by_content.empty()) {
              params.is_rename_candidate = [&plan](const std::string& hash, std::uint64_t size) {
                return plan.vanished_by_content.count({hash, size}) != 0;
              };
            }
            return read_file(analyzer, file, params);
          });
      std::size_t index = 0;
      while (auto result = pipeline.next()) {
        writer.apply(plan.tasks[index++], std::move(*result));
        progress.step();
      }
    }
    progress.clear();
    summary.interrupted = m_stop.load() || !walk.complete;
    if (!summary.interrupted) {
      if (!m_options.no_delete) {
        writer.delete_vanished();
      }
      writer.prune_failure_records();
    }
    writer.commit_if_dirty();
    summary.documents = db.exists ? db.reader.get_doccount() : 0;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + db_path + "': " + e.get_description() +
                        " (the database keeps its last committed state)");
  }
  summary.seconds = seconds_since(start);
  return summary;
}

} // namespace dateline::indexer
