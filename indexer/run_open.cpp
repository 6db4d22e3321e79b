/** @file run_open.cpp
 *  @brief Indexer::run's phases "open/lock" (open_run: the roots given, the
 *  synonym file checked, what a --rebuild carries over, the database opened
 *  and locked) and "load state", first part (choose_scope: what the database
 *  recorded, the roots to walk, missing and forgotten). Not here: the walk,
 *  plan and writes (indexer.cpp), what is recorded afterwards
 *  (run_record.cpp).
 */
#include "indexer/indexer_internal.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"
#include "indexer/shards.hpp"
#include "indexer/walker.hpp"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sys/stat.h>

namespace dateline::indexer::run_detail {
namespace {

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

Record read_record(const Xapian::Database& db) {
  return {parse_roots(db.get_metadata(std::string(schema::k_meta_roots))),
          RecordedOptions::parse(db.get_metadata(std::string(schema::k_meta_options))),
          db.get_metadata(std::string(schema::k_meta_language))};
}

/// A --rebuild re-creates the recorded roots' documents from their files
/// (with DIRs: those too): a recorded root that has vanished cannot be, and
/// its documents are kept until --forget (#9.9), so the rebuild is refused
/// rather than dropping them. A recorded root within a given DIR is walked.
void refuse_rebuild_of_missing_roots(const IndexOptions& options, const Record& old,
                                     const std::vector<std::string>& given) {
  std::vector<std::string> missing;
  for (const auto& root : old.roots) {
    if (!is_directory(root) && !root_of(root, given)) missing.push_back(root);
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
  for (const auto& root : given) forget += " " + root;
  throw UsageError("--rebuild: recorded folder" + std::string(missing.size() > 1 ? "s " : " ") + list +
                   (missing.size() > 1 ? " no longer exist" : " no longer exists") +
                   "; a rebuild cannot re-create their documents, so the database is left unchanged "
                   "(restore the folder, or drop its documents with dateline-index --rebuild" + forget + ")");
}

StoredSynonyms read_synonyms(const Xapian::Database& db) {
  StoredSynonyms out;
  out.hash = db.get_metadata(std::string(schema::k_meta_synonyms_hash));
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    std::set<std::string>& values = out.table[*key];
    for (auto value = db.synonyms_begin(*key); value != db.synonyms_end(*key); ++value) values.insert(*value);
  }
  return out;
}

RunRoots choose_roots(const IndexOptions& options, const std::vector<std::string>& given,
                      const std::vector<std::string>& recorded) {
  RunRoots out;
  for (const auto& argument : options.forget) {
    out.forgotten.push_back(forgotten_root(argument, recorded));
  }
  std::vector<std::string> kept;
  for (const auto& root : recorded) {
    if (std::find(out.forgotten.begin(), out.forgotten.end(), root) == out.forgotten.end()) {
      kept.push_back(root);
    }
  }
  if (!given.empty()) {
    // DIRs add to the recorded roots, with --rebuild too (session 17: it
    // dropped the others silently); a rebuild walks them all, since it
    // starts from an empty database. Only --forget drops a recorded root.
    out.walk = given;
    if (options.rebuild) {
      for (const auto& root : kept) {
        if (!root_of(root, given) && is_directory(root)) out.walk.push_back(root);
      }
      out.walk = normalise_roots(out.walk).roots;  // a recorded root holding a DIR holds it
    }
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

/// The error when there is nothing to index.
UsageError no_directory_error() {
  return UsageError("no directory to index, and the database records none "
                    "(usage: dateline-index [--db PATH] DIR...; see --help)");
}

} // namespace

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
  if (out.given.roots.empty() && !is_directory(options.db_path)) {  // before open_database creates anything
    throw UsageError("no directory to index, and no database '" + options.db_path +
                     "' whose recorded folders could be indexed again (usage: dateline-index [--db PATH] DIR...; " +
                     "see --help)");
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
      const Xapian::Database old_db = schema::sharded_archive_stub(options.db_path)
                                          ? Xapian::Database(options.db_path)
                                          : Xapian::Database(options.db_path, Xapian::DB_BACKEND_GLASS);
      out.before_rebuild = read_record(old_db);
      if (!options.synonyms) out.synonyms_before_rebuild = read_synonyms(old_db);
    } catch (const Xapian::Error&) {
      out.before_rebuild = Record{};
    }
    refuse_rebuild_of_missing_roots(options, *out.before_rebuild, out.given.roots);
    // The rebuild keeps the recorded language unless --language is given.
    if (!options.language && TextAnalyzer::is_known_language(out.before_rebuild->language)) {
      options.language = out.before_rebuild->language;
    }
  }

  out.db = open_database({options.db_path, options.rebuild, options.dry_run, options.wait_seconds, options.language,
                          &reporter, options.shard_by});
  return out;
}

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
    if (opened.db.exists && opened.db.reader.get_doccount() == 0) {
      throw UsageError("no directory to index: database '" + options.db_path +
                       "' records no folder yet (its first run did not finish before recording its folders, or " +
                       "only loaded --synonyms): give the folder, dateline-index --db " +
                       options.db_path + " DIR");
    }
    throw no_directory_error();
  }
  if (!options.summary_json.empty()) {  // before anything is written
    check_summary_not_indexed(options.summary_json, out.roots.walk, options.includes, options.excludes);
  }
  return out;
}

} // namespace dateline::indexer::run_detail
