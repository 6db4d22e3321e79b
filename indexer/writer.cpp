/** @file writer.cpp
 *  @brief What each read outcome does to the database.
 */
#include "indexer/writer.hpp"

#include "indexer/shards.hpp"

#include "common/date.hpp"
#include "common/day_runs.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "common/term_generator.hpp"

#include <algorithm>

namespace dateline::indexer {

ReadParams read_params_for(const IndexOptions& options, const std::vector<std::string>& roots, const Plan& plan,
                           const Task& task, const WalkedFile& file) {
  ReadParams params;
  params.max_size = options.max_size;
  params.undated = options.undated;
  params.stems = options.stems;
  params.root = roots[file.root_index];
  params.shown = shown_path(roots, file.root_index, file.relative);
  params.expected_hash = task.stored && !task.reanalyse ? &task.stored->content_hash : nullptr;
  if (task.change == FileChange::new_file && !plan.vanished_by_content.empty()) {
    params.is_rename_candidate = [&plan](const std::string& hash, std::uint64_t size) {
      return plan.vanished_by_content.count({hash, size}) != 0;
    };
  }
  return params;
}

void Writer::apply(const Task& task, ReadResult result) {
  const WalkedFile& file = m_run.walk.files[task.file];
  switch (result.outcome) {
    case ReadOutcome::vanished:
      m_run.reporter.info(shown(file) + ": disappeared while indexing");
      return;
    case ReadOutcome::failed:
      fail(task, result);
      return;
    case ReadOutcome::same_content:
      refresh(task, result);
      return;
    case ReadOutcome::rename_candidate:
      if (const auto source = claim_rename(file.relative, result)) {
        rename(task, result, m_run.plan.vanished[*source]);
      } else {
        apply(task, reanalyse(task));
      }
      return;
    case ReadOutcome::built:
      store(task, std::move(result));
      return;
  }
}

void Writer::delete_vanished() {
  for (const auto& doc : m_run.plan.vanished) {
    if (doc.claimed || doc.keep) {  // keep: a missing or emptied root's document (until --forget)
      continue;
    }
    // Below a root not walked (--forget), or one of several: the relative path alone is ambiguous.
    const bool walked = std::find(m_run.roots.begin(), m_run.roots.end(), doc.root) != m_run.roots.end();
    m_run.reporter.change("delete", walked && m_run.roots.size() == 1 ? doc.relative
                                                                      : schema::document_path(doc.root, doc.relative));
    if (writable()) {
      leaving_story(doc.state.docid);
      writable()->delete_document(doc.state.docid);
      wrote();
    }
    ++m_p.summary->deleted;
  }
}

void Writer::prune_failure_records() {
  for (const auto& key : m_run.plan.stale_failure_keys) {
    set_metadata(key, "");
  }
}

void Writer::commit_if_dirty() {
  if (m_dirty && writable()) {
    // The counter travels in the same commit as the documents numbered up
    // to it. A shard leaves it to the run (deferred metadata).
    if (m_seq_changed && m_p.deferred_metadata == nullptr) {
      writable()->set_metadata(std::string(schema::k_meta_seq), std::to_string(last_sequence()));
    }
    m_seq_changed = false;
    write_batch_spelling(*writable(), m_spelling, &m_known_spelling);
    m_spelling.clear();
    if (!m_day_runs_settled && m_p.deferred_metadata == nullptr && !m_p.db->archive) {
      const std::string key(schema::k_meta_day_runs);
      if (!writable()->get_metadata(key).empty()) writable()->set_metadata(key, "");
      m_day_runs_settled = true;
    }
    if (m_p.db->archive) m_p.db->archive->commit_shards_first();  // the undated shard's counters last
    writable()->commit();
    m_pending = 0;
    m_pending_postings = 0;
    m_dirty = false;
  }
}

void Writer::record_day_runs() {
  Xapian::WritableDatabase* db = writable();
  if (db == nullptr || !m_dirty || m_p.deferred_metadata != nullptr || m_p.db->archive) return;
  // the commit it goes in: each commit adds one
  db->set_metadata(std::string(schema::k_meta_day_runs), day_runs::metadata_for_commit(*db, db->get_revision() + 1));
  m_day_runs_settled = true;
}

void Writer::set_sequence_base(std::uint64_t base) { m_seq_base = base; }

std::uint64_t Writer::sequence_base() {
  if (!m_seq_base) {
    const std::string stored = m_p.db->reader.get_metadata(std::string(schema::k_meta_seq));
    const std::optional<std::uint64_t> counter = schema::parse_seq_metadata(stored);
    if (!counter) {
      throw DatabaseError("database metadata " + std::string(schema::k_meta_seq) + " is not a number ('" + stored +
                          "'); rebuild the database with --rebuild");
    }
    // Xapian may flush documents before the counter is committed (its own
    // flush threshold) and a crash may follow: never give a number twice.
    const std::uint64_t highest =
        schema::unpack_seq(m_p.db->reader.get_value_upper_bound(schema::k_slot_seq)).value_or(0);
    m_seq_base = std::max(*counter, highest);
  }
  return *m_seq_base;
}

std::uint64_t Writer::last_sequence() { return std::max(sequence_base(), m_seq_last); }

void Writer::raise_sequence(std::uint64_t last) {
  if (last > last_sequence()) {
    m_seq_last = last;
    m_seq_changed = true;
    m_dirty = true;
  }
}

std::string Writer::sequence_value(const Task& task, const ReadResult& result) {
  if (task.reanalyse && task.stored && task.stored->content_hash == result.content_hash) {
    // Only an option changed (#9.10): the article is not new to a reader.
    std::string kept = m_p.db->reader.get_document(task.stored->docid).get_value(schema::k_slot_seq);
    if (schema::unpack_seq(kept)) return kept;
  }
  const std::vector<Task>& tasks = m_run.plan.tasks;
  if (tasks.empty() || &task < tasks.data() || &task >= tasks.data() + tasks.size()) {
    throw Error("internal error: a task outside the plan was written");
  }
  const std::uint64_t seq = sequence_base() + static_cast<std::uint64_t>(&task - tasks.data()) + 1;
  m_seq_last = std::max(m_seq_last, seq);
  m_seq_changed = true;
  return schema::pack_seq(seq);
}

Xapian::WritableDatabase* Writer::writable() const {
  return m_run.options.dry_run || !m_p.db->writable ? nullptr : &*m_p.db->writable;
}

void Writer::wrote(std::size_t postings) {
  m_dirty = true;
  m_pending_postings += postings;
  if (++m_pending >= m_p.commit_every || m_pending_postings >= k_max_pending_postings) {
    commit_if_dirty();
  }
}

void Writer::set_metadata(const std::string& key, const std::string& value) {
  if (m_p.deferred_metadata != nullptr) {
    m_p.deferred_metadata->emplace_back(key, value);
    return;
  }
  if (writable() && m_p.db->reader.get_metadata(key) != value) {
    writable()->set_metadata(key, value);
    m_dirty = true;
  }
}

void Writer::replace_synonyms(const SynonymTable& table) {
  Xapian::WritableDatabase* db = writable();
  if (db == nullptr) return;
  std::vector<std::string> old_keys;
  for (auto key = db->synonym_keys_begin(); key != db->synonym_keys_end(); ++key) old_keys.push_back(*key);
  for (const auto& key : old_keys) db->clear_synonyms(key);
  for (const auto& [key, values] : table) {
    for (const auto& value : values) db->add_synonym(key, value);
  }
  m_dirty = true;
}

void Writer::clear_failure(const Task& task) {
  if (task.failure_record) {
    set_metadata(task.failure_key, "");
  }
}

void Writer::fail(const Task& task, const ReadResult& result) {
  const WalkedFile& file = m_run.walk.files[task.file];
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
    m_run.reporter.warning(result.message + " (skipped: " + reason + ")");
  }
  m_run.reporter.change("skip", shown(file) + " (" + reason + ")");
  set_metadata(task.failure_key,
               FailedFile{result.stat.size, result.stat.mtime_ns, result.stat.ctime_ns, reason}.serialize());
  // The file changed into something unindexable: its old text is gone, so is
  // its document. An unreadable file keeps its document (maybe transient).
  if (task.change == FileChange::modified && result.failure != ArticleFailure::unreadable) {
    m_run.reporter.change("delete", shown(file));
    if (writable()) {
      leaving_story(task.stored->docid);
      writable()->delete_document(task.stored->docid);
      wrote();
    }
    ++m_p.summary->deleted;
  }
}

void Writer::refresh(const Task& task, const ReadResult& result) {
  ++m_p.summary->refreshed;
  if (writable()) {
    Xapian::Document doc = m_p.db->reader.get_document(task.stored->docid);
    set_file_values(doc, result.stat, result.content_hash);
    writable()->replace_document(task.stored->docid, doc);
    wrote();
  }
  clear_failure(task);
}

std::optional<std::size_t> Writer::claim_rename(const std::string& relative, const ReadResult& result) {
  const auto range = m_run.plan.vanished_by_content.equal_range({result.content_hash, result.stat.size});
  for (auto it = range.first; it != range.second; ++it) {
    VanishedDoc& doc = m_run.plan.vanished[it->second];
    // A date taken from the path would change with the path: re-analyse then.
    if (!doc.claimed && date_from_path(doc.relative) == date_from_path(relative)) {
      doc.claimed = true;
      return it->second;
    }
  }
  return std::nullopt;
}

void Writer::rename(const Task& task, const ReadResult& result, const VanishedDoc& source) {
  const WalkedFile& file = m_run.walk.files[task.file];
  const std::string& root = m_run.roots[file.root_index];
  if (source.root == root && m_run.roots.size() == 1) {
    m_run.reporter.change("rename", source.relative + " -> " + file.relative);
  } else {  // a moved archive, or several roots: the relative paths alone would not say it
    m_run.reporter.change("rename", schema::document_path(source.root, source.relative) + " -> " +
                                       schema::document_path(root, file.relative));
  }
  ++m_p.summary->renamed;
  if (writable()) {
    Xapian::Document doc = m_p.db->reader.get_document(source.state.docid);
    doc.remove_term(source.unique_term);
    doc.add_boolean_term(task.unique_term);
    set_file_values(doc, result.stat, result.content_hash);
    schema::DocumentData data = schema::DocumentData::parse(doc.get_data());
    data.path = file.relative;
    data.root = root;
    doc.set_data(data.serialize());
    writable()->replace_document(source.state.docid, doc);
    wrote();
  }
  clear_failure(task);
}

ReadResult Writer::reanalyse(const Task& task) {
  const WalkedFile& file = m_run.walk.files[task.file];
  ReadParams params;
  params.max_size = m_run.options.max_size;
  params.undated = m_run.options.undated;
  params.stems = m_run.options.stems;
  params.root = m_run.roots[file.root_index];
  return read_file(*m_p.analyzer, file, params);
}

void Writer::store(const Task& task, ReadResult result) {
  const WalkedFile& file = m_run.walk.files[task.file];
  if (result.repaired) {
    ++m_p.summary->repaired;
  }
  if (!result.built.has_value()) {
    throw Error(shown(file) + ": internal error: analysed without a document");
  }
  BuiltDocument& built = result.built.value();
  m_p.summary->terms_dropped += built.terms_dropped;
  if (built.truncated) {
    ++m_p.summary->truncated;
    m_run.reporter.warning(shown(file) + ": more than " + std::to_string(k_max_document_words) +
                          " distinct words; indexed up to there (truncated)");
  }
  warn_if_implausibly_dated(shown(file), built.document.get_value(schema::k_slot_date));
  if (task.change == FileChange::new_file) {
    m_run.reporter.change("add", shown(file));
    ++m_p.summary->added;
  } else {
    m_run.reporter.change("update", shown(file));
    ++m_p.summary->updated;
  }
  if (Xapian::WritableDatabase* db = writable()) {
    built.document.add_value(schema::k_slot_seq, sequence_value(task, result));
    if (m_p.db->archive) {  // a sharded archive (#15.3): the shard of its date, moved if it changed
      std::optional<Xapian::docid> replacing;
      if (task.change != FileChange::new_file) {
        leaving_story(task.stored->docid);
        replacing = task.stored->docid;
      }
      const Xapian::docid docid = m_p.db->archive->store(*db, built.document, replacing);
      if (m_p.stories != nullptr && docid != 0) m_p.stories->seeds.push_back(docid);  // 0: settle() adds it
    } else if (task.change == FileChange::new_file) {
      const Xapian::docid docid = db->add_document(built.document);
      if (m_p.stories != nullptr) m_p.stories->seeds.push_back(docid);
    } else {
      leaving_story(task.stored->docid);
      db->replace_document(task.stored->docid, built.document);
      if (m_p.stories != nullptr) m_p.stories->seeds.push_back(task.stored->docid);
    }
    // Spelling counts are summed here and handed to Xapian once per word per
    // commit: one add_spelling per word and document costs a map lookup in
    // Xapian each (and a table lookup for a word new to the batch).
    SpellingCounts& spelling = m_p.collected_spelling != nullptr ? *m_p.collected_spelling : m_spelling;
    add_document_spelling(spelling, built.spelling);
    wrote(built.document.termlist_count());
  }
  clear_failure(task);
}

void Writer::warn_if_implausibly_dated(const std::string& relative, const std::string& date_value) {
  // Indexed all the same (an embargoed story is real), but a typo such as
  // 2204 for 2024 should be seen: it sorts first under --sort newest and
  // used to make every other article ancient for --recency. So should one
  // such as 0063: it sorts first under --sort oldest and stretches timelines.
  if (date_value.empty()) return;
  if (date_value < Date{k_oldest_plausible_year, 1, 1}.compact()) {
    ++m_p.summary->ancient_dated;
    m_run.reporter.warning(relative + ": dated " + schema::iso_date_from_value(date_value) + ", before " +
                           std::to_string(k_oldest_plausible_year) +
                           " (older than any printed newspaper: a mistyped year?); indexed with that date");
    return;
  }
  const Date today = today_utc();
  if (date_value <= date_from_day_number(day_number(today) + 1).compact()) return;
  ++m_p.summary->future_dated;
  m_run.reporter.warning(relative + ": dated " + schema::iso_date_from_value(date_value) + ", after today (" +
                         today.iso() + "); indexed with that date");
}

std::string Writer::shown(const WalkedFile& file) const {
  return shown_path(m_run.roots, file.root_index, file.relative);
}

void Writer::leaving_story(Xapian::docid docid) {
  if (m_p.stories == nullptr || writable() == nullptr) return;
  std::string story = writable()->get_document(docid).get_value(schema::k_slot_story);
  if (!story.empty()) m_p.stories->old_stories.insert(std::move(story));
}

} // namespace dateline::indexer
