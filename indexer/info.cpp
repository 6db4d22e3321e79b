/** @file info.cpp
 *  @brief Reading a database's description and formatting it.
 */
#include "indexer/info.hpp"

#include "common/archive_shards.hpp"
#include "common/date.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "common/schema.hpp"
#include "common/stub_file.hpp"
#include "indexer/recorded.hpp"
#include "indexer/shards.hpp"
#include "indexer/summary.hpp"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <vector>

namespace dateline::indexer {
namespace {

struct RootInfo {
  std::string path;
  bool exists = false;
  std::size_t documents = 0;
};

struct Info {
  std::string path;
  Xapian::doccount documents = 0;
  Xapian::doccount undated = 0;
  std::string first_date;  ///< "YYYY-MM-DD", "" without dated documents
  std::string last_date;
  std::size_t future_dated = 0;  ///< documents dated after today (+1 day): typos or embargoes
  std::size_t ancient_dated = 0;  ///< documents dated before k_oldest_plausible_year: typos (as the summary counts)
  std::vector<RootInfo> roots;
  std::size_t other_documents = 0;  ///< below no recorded root
  std::string language;
  std::string schema_version;
  std::string options;  ///< recorded "name=value" lines
  std::uintmax_t size_bytes = 0;
  std::string last_run_text;
  std::string last_run_json;
  std::size_t synonym_keys = 0;  ///< keys of the synonym table (dateline-index --synonyms)
  std::string synonyms_hash;     ///< k_meta_synonyms_hash, "" when no file was loaded
  std::string shard_by;          ///< k_meta_shard_by ("year", "month"), "none" when not sharded
  std::size_t shards = 1;        ///< databases read: a sharded archive's shards, else 1
  /// Documents holding the CJK run-edge terms (schema::k_term_cjk_edges); the
  /// searcher uses those terms only when this is every document (#13.3).
  Xapian::doccount cjk_edge_documents = 0;
  /// Documents holding the CJK join terms (schema::k_term_cjk_joins, #13.3
  /// session 13); used, as the edges, only when this is every document.
  Xapian::doccount cjk_join_documents = 0;
  /// Documents written with a derived title as body text only
  /// (schema::k_term_headline_titles, #13.1 session 12); the others may hold
  /// their derived title's words under S until --rebuild.
  Xapian::doccount headline_title_documents = 0;
  /// Documents written with --stem-terms differing (schema::k_term_stems_differ,
  /// session 14): Z/ZS terms only where a stem differs from its word.
  Xapian::doccount stems_differ_documents = 0;
};

/// Text for the terminal: paths and recorded values exactly and on one line,
/// control characters, bidi controls and bytes that are not UTF-8 escaped
/// (never stripped: a stripped path is not the real one; #14.10).
std::string shown(const std::string& text) { return escape_for_terminal(text); }

/// The --info line of a marker term that every document written since a
/// change holds: "LABELevery document", or "LABELN of M documents (WHY)"
/// on a database an older indexer wrote part of.
void marker_line(std::ostream& out, std::string_view label, Xapian::doccount holding, Xapian::doccount documents,
                 std::string_view why) {
  out << label;
  if (holding >= documents) {
    out << "every document\n";
  } else {
    out << holding << " of " << documents << " documents (" << why << ")\n";
  }
}

/// A path as JSON members: "key": its text (bytes that are not UTF-8 as
/// U+FFFD), plus "key_bytes": its exact bytes in base64 when it is not
/// valid UTF-8, as the searcher's hits[].path and path_bytes.
std::string json_path(const std::string& key, const std::string& path) {
  std::string out = json_string(key) + ": " + json_string(path);
  if (!is_valid_utf8(path)) {
    out += ", " + json_string(key + "_bytes") + ": " + json_string(base64_encode(path));
  }
  return out;
}

std::uintmax_t directory_size(const std::string& path) {
  std::uintmax_t total = 0;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
    std::error_code size_error;
    if (it->is_regular_file(size_error)) {
      const auto size = it->file_size(size_error);
      if (!size_error) total += size;
    }
  }
  return total;
}

/// Adds the local database @p entry of @p path's stub (or of a stub it lists)
/// to @p db. A missing one is named as missing_stub_database says (an
/// archive's shard listed but not replicated yet, or moved away).
void add_entry(const std::string& path, const StubEntry& entry, Xapian::Database& db) {
  struct stat st {};
  if (::stat(entry.path.c_str(), &st) != 0) throw DatabaseError(missing_stub_database(path, entry));
  db.add_database(Xapian::Database(entry.path, Xapian::DB_BACKEND_GLASS));
}

/// The database at @p path, read-only: a glass database, or a directory
/// holding a XAPIANDB stub file (a time-sharded archive, dateline-index
/// --shard-by; a replica directory kept by xapian-replicate; such an archive
/// replicated shard by shard, whose stub names replica directories), whose
/// databases are opened here in the stub's order, the first first (a sharded
/// archive's undated shard: its metadata). Sets @p shards to the count of
/// glass databases.
Xapian::Database open_for_info(const std::string& path, std::size_t& shards) {
  const std::string stub = path + "/" + std::string(schema::k_shard_stub);
  struct stat st {};
  if (::stat((path + "/iamglass").c_str(), &st) == 0 || ::stat(stub.c_str(), &st) != 0) {
    shards = 1;
    return Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
  }
  Xapian::Database db;
  std::vector<StubEntry> entries;
  try {
    entries = read_stub_databases(path);
  } catch (const DatabaseError& e) {
    throw DatabaseError("database '" + path + "': " + e.what());
  }
  for (const StubEntry& entry : entries) {
    if (!entry.local() || entry.kind == StubKind::chert) {
      throw DatabaseError("database '" + path + "': " + entry.where() +
                          " does not name a local database ('auto PATH' or 'glass PATH'); --info reads no other kind");
    }
    add_entry(path, entry, db);
  }
  shards = entries.size();
  return db;
}

namespace {

/// One read of everything --info shows. Xapian's database errors pass
/// through unwrapped, for read_info to tell a race from damage.
Info read_info_once(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw DatabaseError("database '" + path + "' does not exist (nothing indexed there yet)");
  }
  Info info;
  info.path = path;
  try {
    const Xapian::Database db = open_for_info(path, info.shards);
    info.documents = db.get_doccount();
    info.schema_version = db.get_metadata(std::string(schema::k_meta_schema_version));
    if (info.schema_version.empty() && info.documents > 0) {
      throw DatabaseError("database '" + path + "' was not written by dateline-index (no schema version): " +
                          "another program's database; --info describes Dateline databases only");
    }
    info.undated = db.get_termfreq(std::string(schema::k_term_undated));
    std::string low;
    std::string high;
    const std::string latest = latest_current_date().compact();
    const std::string oldest = Date{k_oldest_plausible_year, 1, 1}.compact();
    for (auto it = db.valuestream_begin(schema::k_slot_date); it != db.valuestream_end(schema::k_slot_date); ++it) {
      const std::string value = *it;
      if (schema::iso_date_from_value(value).empty()) continue;  // not a date: another program's value
      if (low.empty() || value < low) low = value;
      if (high.empty() || value > high) high = value;
      if (value > latest) ++info.future_dated;
      if (value < oldest) ++info.ancient_dated;
    }
    info.first_date = schema::iso_date_from_value(low);
    info.last_date = schema::iso_date_from_value(high);
    const std::vector<std::string> roots = parse_roots(db.get_metadata(std::string(schema::k_meta_roots)));
    for (const auto& root : roots) {
      struct stat root_stat {};
      info.roots.push_back({root, ::stat(root.c_str(), &root_stat) == 0 && S_ISDIR(root_stat.st_mode), 0});
    }
    const std::string prefix(schema::k_prefix_unique);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      const std::string term = *it;
      if (const auto root = root_of(std::string_view(term).substr(prefix.size()), roots)) {
        info.roots[*root].documents += it.get_termfreq();
      } else {
        info.other_documents += it.get_termfreq();
      }
    }
    info.language = db.get_metadata(std::string(schema::k_meta_language));
    info.options = db.get_metadata(std::string(schema::k_meta_options));
    info.last_run_text = db.get_metadata(std::string(schema::k_meta_last_run_text));
    info.last_run_json = db.get_metadata(std::string(schema::k_meta_last_run_json));
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it) ++info.synonym_keys;
    info.synonyms_hash = db.get_metadata(std::string(schema::k_meta_synonyms_hash));
    info.shard_by = db.get_metadata(std::string(schema::k_meta_shard_by));
    info.cjk_edge_documents = db.get_termfreq(std::string(schema::k_term_cjk_edges));
    info.cjk_join_documents = db.get_termfreq(std::string(schema::k_term_cjk_joins));
    info.headline_title_documents = db.get_termfreq(std::string(schema::k_term_headline_titles));
    info.stems_differ_documents = db.get_termfreq(std::string(schema::k_term_stems_differ));
    if (info.shard_by.empty()) info.shard_by = "none";
  } catch (const Xapian::DatabaseError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw DatabaseError("database '" + path + "': " + e.get_description());
  }
  info.size_bytes = directory_size(path);
  return info;
}

} // namespace

Info read_info(const std::string& path) {
  // A writer's commits, or a --rebuild swapping its new database in, can
  // discard the revision being read: DatabaseModifiedError, or a block
  // reused under the reader ("DatabaseCorruptError: Expected block N to be
  // level 1", seen by RecordedRebuildTest.InfoDuringAndAfterARebuild). That
  // is a race, not damage: read again from a fresh open, a bounded number of
  // times; a database that is really damaged fails every time and is
  // reported (about 0.6 s later).
  constexpr int k_attempts = 6;
  for (int attempt = 1;; ++attempt) {
    try {
      return read_info_once(path);
    } catch (const Xapian::DatabaseError& e) {
      if (attempt >= k_attempts) throw DatabaseError("database '" + path + "': " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(10 << attempt));
    }
  }
}

std::string as_text(const Info& info) {
  std::ostringstream out;
  out << "database: " << shown(info.path) << "\n";
  out << "documents: " << info.documents;
  if (info.undated > 0) out << " (" << info.undated << " undated)";
  out << "\n";
  out << "dates: " << (info.first_date.empty() ? std::string("none") : info.first_date + " to " + info.last_date);
  if (info.ancient_dated > 0 || info.future_dated > 0) {
    out << " (";
    if (info.ancient_dated > 0) out << info.ancient_dated << " before " << k_oldest_plausible_year;
    if (info.ancient_dated > 0 && info.future_dated > 0) out << ", ";
    if (info.future_dated > 0) out << info.future_dated << " after today";
    out << ")";
  }
  out << "\n";
  out << "roots:" << (info.roots.empty() ? " none recorded" : "") << "\n";
  for (const auto& root : info.roots) {
    out << "  " << shown(root.path) << "  (" << root.documents << (root.documents == 1 ? " document" : " documents")
        << (root.exists ? "" : "; missing: dateline-index --forget removes them") << ")\n";
  }
  if (info.other_documents > 0) {
    out << "  (" << info.other_documents << (info.other_documents == 1 ? " document" : " documents")
        << " below no recorded root)\n";
  }
  out << "language: " << (info.language.empty() ? std::string("none recorded") : shown(info.language)) << "\n";
  out << "options:";
  for (const auto& line : parse_roots(info.options)) out << " " << shown(line);
  out << "\n";
  if (info.shard_by != "none") {
    out << "sharded by: " << shown(info.shard_by) << " (" << info.shards << (info.shards == 1 ? " shard" : " shards")
        << ")\n";
  }
  out << "schema version: " << (info.schema_version.empty() ? std::string("none") : shown(info.schema_version));
  if (info.schema_version != std::to_string(schema::k_schema_version)) {
    out << " (this dateline-index writes version " << schema::k_schema_version << "; rebuild it with --rebuild)";
  }
  out << "\n";
  out << "synonyms: ";
  if (info.synonym_keys == 0 && info.synonyms_hash.empty()) {
    out << "none loaded";
  } else {
    out << info.synonym_keys << (info.synonym_keys == 1 ? " key" : " keys");
    if (!info.synonyms_hash.empty()) out << " (hash " << shown(info.synonyms_hash) << ")";
  }
  out << "\n";
  if (info.documents > 0) {
    marker_line(out, "CJK fragment edges: ", info.cjk_edge_documents, info.documents,
                "written before them: a Chinese, Japanese or Korean query cut inside a word is searched without them"
                " until dateline-index --rebuild");
    marker_line(out, "CJK number joins: ", info.cjk_join_documents, info.documents,
                "written before them: a Chinese, Japanese or Korean query with a number or Latin word cut at its edge"
                " is searched without them until dateline-index --rebuild");
    marker_line(out, "derived titles: body text in ", info.headline_title_documents, info.documents,
                "written before: a title taken from an article's first sentence may count as a headline for title:"
                " and ranking until dateline-index --rebuild");
    if (info.stems_differ_documents == 0) {
      out << "stem terms: for every stemmed word\n";
    } else {
      marker_line(out, "stem terms: only where a stem differs from its word, in ", info.stems_differ_documents,
                  info.documents,
                  "the others hold a stem for every word; searches find the same articles in both");
    }
  }
  out << "size on disk: " << info.size_bytes << " bytes\n";
  out << "last run that changed it: " << (info.last_run_text.empty() ? std::string("none recorded") : shown(info.last_run_text))
      << "\n";
  return out.str();
}

std::string as_json(const Info& info) {
  std::ostringstream out;
  out << "{\n";
  out << "  " << json_path("database", info.path) << ",\n";
  out << "  \"documents\": " << info.documents << ",\n";
  out << "  \"undated\": " << info.undated << ",\n";
  out << "  \"first_date\": " << (info.first_date.empty() ? "null" : json_string(info.first_date)) << ",\n";
  out << "  \"last_date\": " << (info.last_date.empty() ? "null" : json_string(info.last_date)) << ",\n";
  out << "  \"future_dated\": " << info.future_dated << ",\n";
  out << "  \"ancient_dated\": " << info.ancient_dated << ",\n";
  out << "  \"roots\": [";
  for (std::size_t i = 0; i < info.roots.size(); ++i) {
    const auto& root = info.roots[i];
    out << (i == 0 ? "\n" : ",\n") << "    {" << json_path("path", root.path)
        << ", \"exists\": " << (root.exists ? "true" : "false") << ", \"documents\": " << root.documents << "}";
  }
  out << (info.roots.empty() ? "" : "\n  ") << "],\n";
  out << "  \"other_documents\": " << info.other_documents << ",\n";
  out << "  \"language\": " << json_string(info.language) << ",\n";
  out << "  \"options\": {";
  bool first = true;
  std::map<std::string, std::vector<std::string>> lists;
  for (const auto& line : parse_roots(info.options)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = line.substr(0, eq);
    const std::string value = line.substr(eq + 1);
    if (name == "include" || name == "exclude") {
      lists[name].push_back(value);
      continue;
    }
    out << (first ? "" : ", ") << json_string(name) << ": " << json_string(value);
    first = false;
  }
  for (const auto& [name, values] : lists) {
    out << (first ? "" : ", ") << json_string(name) << ": [";
    for (std::size_t i = 0; i < values.size(); ++i) out << (i == 0 ? "" : ", ") << json_string(values[i]);
    out << "]";
    first = false;
  }
  out << "},\n";
  out << "  \"shard_by\": " << json_string(info.shard_by) << ",\n";
  out << "  \"shards\": " << info.shards << ",\n";
  out << "  \"schema_version\": " << (info.schema_version.empty() ? "null" : info.schema_version) << ",\n";
  out << "  \"synonym_keys\": " << info.synonym_keys << ",\n";
  out << "  \"synonyms_hash\": " << (info.synonyms_hash.empty() ? "null" : json_string(info.synonyms_hash)) << ",\n";
  out << "  \"cjk_edge_documents\": " << info.cjk_edge_documents << ",\n";
  out << "  \"cjk_join_documents\": " << info.cjk_join_documents << ",\n";
  out << "  \"headline_title_documents\": " << info.headline_title_documents << ",\n";
  out << "  \"stems_differ_documents\": " << info.stems_differ_documents << ",\n";
  out << "  \"size_bytes\": " << info.size_bytes << ",\n";
  std::string last_run = info.last_run_json;
  while (!last_run.empty() && (last_run.back() == '\n' || last_run.back() == ' ')) last_run.pop_back();
  // The stored run summary is --summary-json's object; indent it one level.
  std::string indented;
  for (const char c : last_run) {
    indented += c;
    if (c == '\n') indented += "  ";
  }
  out << "  \"last_run\": " << (indented.empty() ? std::string("null") : indented) << "\n";
  out << "}\n";
  return out.str();
}

} // namespace

std::string describe_database(const std::string& path, bool json) {
  const Info info = read_info(path);
  return json ? as_json(info) : as_text(info);
}

} // namespace dateline::indexer
