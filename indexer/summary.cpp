/** @file summary.cpp
 *  @brief Formatting the run summary and checking where it goes.
 */
#include "indexer/summary.hpp"

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "indexer/recorded.hpp"
#include "indexer/walker.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace dateline::indexer {

void add_writer_counts(Summary& into, const Summary& from) {
  into.added += from.added;
  into.updated += from.updated;
  into.refreshed += from.refreshed;
  into.renamed += from.renamed;
  into.deleted += from.deleted;
  for (const auto& [reason, count] : from.skipped) {
    into.skipped[reason] += count;
  }
  into.failed_new += from.failed_new;
  into.failed_remembered += from.failed_remembered;
  into.repaired += from.repaired;
  into.terms_dropped += from.terms_dropped;
  into.truncated += from.truncated;
  into.future_dated += from.future_dated;
  into.discarded += from.discarded;
  into.ancient_dated += from.ancient_dated;
}

std::size_t Summary::skipped_total() const {
  std::size_t total = 0;
  for (const auto& [reason, count] : skipped) {
    total += count;
  }
  return total;
}

std::string Summary::refused_links_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " symbolic link" : " symbolic links") +
         " refused (dangling, looping or leading outside the roots; -v names them)";
}

std::string Summary::to_line() const {
  std::ostringstream out;
  out << (dry_run ? "dry run: would have " : "") << added << " added, " << updated << " updated, " << renamed
      << " renamed, " << deleted << " deleted, " << unchanged << " unchanged, " << refreshed << " refreshed, "
      << skipped_total() << " skipped";
  if (!skipped.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [reason, count] : skipped) {
      out << (first ? "" : ", ") << count << ' ' << reason;
      first = false;
    }
    out << ')';
  }
  out << ", " << repaired << " repaired";
  if (truncated > 0) {
    out << ", " << truncated << " truncated";
  }
  if (future_dated > 0) {
    out << ", " << future_dated << " dated after today";
  }
  if (ancient_dated > 0) {
    out << ", " << ancient_dated << " dated before " << k_oldest_plausible_year;
  }
  if (failed_new > 0) {
    out << ", " << failed_new << " newly failed";
  }
  if (unreadable_dirs > 0) {
    out << ", " << unreadable_dirs << (unreadable_dirs == 1 ? " unreadable directory" : " unreadable directories");
  }
  if (empty_roots > 0) {
    out << ", " << empty_roots << (empty_roots == 1 ? " folder" : " folders") << " without articles";
  }
  if (deletions_held_back > 0) {
    out << ", " << deletions_held_back << (deletions_held_back == 1 ? " deletion" : " deletions") << " held back";
  }
  if (too_deep_dirs > 0) {
    out << ", " << too_deep_dirs << (too_deep_dirs == 1 ? " directory" : " directories") << " deeper than --max-depth";
  }
  char seconds_text[32];
  std::snprintf(seconds_text, sizeof seconds_text, "%.1f", seconds);
  if (symlinks_not_followed > 0) {
    out << ", " << symlinks_not_followed
        << (symlinks_not_followed == 1 ? " symbolic link" : " symbolic links")
        << " skipped (--follow indexes links to files inside the roots)";
  }
  if (symlinks_refused > 0) {
    out << ", " << refused_links_text(symlinks_refused);
  }
  out << "; " << documents << (documents == 1 ? " document; " : " documents; ") << seconds_text << " s";
  if (discarded > 0) {
    out << "; " << discarded << " analysed and discarded (the --rebuild was interrupted)";
  }
  if (interrupted) {
    out << " (interrupted)";
  }
  return out.str();
}

std::string Summary::to_json() const {
  std::ostringstream out;
  out << "{\n";
  auto field = [&](const char* name, auto value) { out << "  " << json_string(name) << ": " << value << ",\n"; };
  field("files_seen", files_seen);
  field("added", added);
  field("updated", updated);
  field("refreshed", refreshed);
  field("renamed", renamed);
  field("deleted", deleted);
  field("unchanged", unchanged);
  field("protected", protected_docs);
  out << "  \"skipped\": {";
  bool first = true;
  for (const auto& [reason, count] : skipped) {
    out << (first ? "" : ", ") << json_string(reason) << ": " << count;
    first = false;
  }
  out << "},\n";
  field("skipped_total", skipped_total());
  field("failed_new", failed_new);
  field("failed_remembered", failed_remembered);
  field("repaired", repaired);
  field("terms_dropped", terms_dropped);
  field("truncated", truncated);
  field("future_dated", future_dated);
  field("ancient_dated", ancient_dated);
  field("discarded", discarded);
  field("symlinks_not_followed", symlinks_not_followed);
  field("symlinks_refused", symlinks_refused);
  field("unreadable_dirs", unreadable_dirs);
  field("too_deep_dirs", too_deep_dirs);
  field("empty_roots", empty_roots);
  field("deletions_held_back", deletions_held_back);
  field("documents", documents);
  char seconds_text[32];
  std::snprintf(seconds_text, sizeof seconds_text, "%.3f", seconds);
  field("seconds", seconds_text);
  field("dry_run", dry_run ? "true" : "false");
  field("interrupted", interrupted ? "true" : "false");
  out << "  \"exit_code\": " << exit_code << "\n}\n";
  return out.str();
}

void check_summary_path(const std::string& summary_path, const std::string& db_path) {
  if (const std::string problem = atomic_write_problem(summary_path); !problem.empty()) {
    throw UsageError("--summary-json: " + problem);
  }
  char db_real[PATH_MAX];
  char dir_real[PATH_MAX];
  if (::realpath(db_path.c_str(), db_real) == nullptr ||
      ::realpath(parent_directory(summary_path).c_str(), dir_real) == nullptr) {
    return;  // no database yet: nothing to overwrite
  }
  const std::string db(db_real);
  const std::string dir(dir_real);
  if (dir == db || dir.starts_with(db == "/" ? db : db + "/")) {
    throw UsageError("--summary-json '" + summary_path + "' is inside the database '" + db_path +
                     "': writing it there would damage the database; choose a path outside it");
  }
}

void check_summary_not_indexed(const std::string& summary_path, const std::vector<std::string>& roots,
                               const std::vector<std::string>& includes, const std::vector<std::string>& excludes) {
  char dir_real[PATH_MAX];
  if (::realpath(parent_directory(summary_path).c_str(), dir_real) == nullptr) {
    return;  // check_summary_path has reported a missing directory
  }
  const std::size_t slash = summary_path.find_last_of('/');
  const std::string name = slash == std::string::npos ? summary_path : summary_path.substr(slash + 1);
  const std::string dir(dir_real);
  const std::string path = dir == "/" ? "/" + name : dir + "/" + name;
  for (const std::string& root : roots) {
    if (!path_within(path, root) || path == root) continue;
    const std::string relative = path.substr(root == "/" ? 1 : root.size() + 1);
    bool indexed = matches_any(includes, relative);
    // Hidden names and excluded files or folders are never indexed.
    for (std::size_t begin = 0; indexed && begin < relative.size();) {
      const std::size_t end = std::min(relative.find('/', begin), relative.size());
      if (is_hidden_or_temp(relative.substr(begin, end - begin)) || matches_any(excludes, relative.substr(0, end))) {
        indexed = false;
      }
      begin = end + 1;
    }
    if (indexed) {
      throw UsageError("--summary-json '" + summary_path + "' would be indexed as an article of " + root +
                       " (writing it there would replace or add one); choose a path outside the indexed folders "
                       "or a name they do not include, e.g. .json");
    }
  }
}

} // namespace dateline::indexer
