/** @file removal_guard.cpp
 *  @brief Counting what a changed recorded option would remove, and the
 *  refusal that names it.
 */
#include "indexer/removal_guard.hpp"

#include "common/schema.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace dateline::indexer {
namespace {

/// "--include '*.txt' --include '*.md'", or @p none for an empty list.
std::string option_list(const char* name, const std::vector<std::string>& values, const std::string& none) {
  std::string out;
  for (const auto& value : values) {
    out += (out.empty() ? "" : " ") + std::string("--") + name + " '" + value + "'";
  }
  return out.empty() ? none : out;
}

std::string documents(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " document" : " documents");
}

} // namespace

OptionRemovals option_removals(const RecordedOptions& before, const RecordedOptions& now, const Plan& plan,
                               const std::vector<std::string>& walked, bool no_delete) {
  OptionRemovals out;
  if (!no_delete && (before.includes != now.includes || before.excludes != now.excludes)) {
    for (const auto& doc : plan.vanished) {
      // A missing root's are kept anyway; an empty root's (the globs match
      // nothing there) are kept this run, but the changed globs would be
      // recorded and keep them out of every later one: counted.
      if (doc.keep && plan.empty_root_documents.count(doc.root) == 0) continue;
      if (std::find(walked.begin(), walked.end(), doc.root) == walked.end()) continue;  // --forget
      struct stat st {};
      if (::lstat(schema::document_path(doc.root, doc.relative).c_str(), &st) == 0) ++out.unmatched;
    }
  }
  const bool lowered = now.max_size < before.max_size;
  if (lowered) {
    out.too_large = static_cast<std::size_t>(std::count_if(plan.tasks.begin(), plan.tasks.end(), [&](const Task& task) {
      return task.reanalyse && task.stored && task.stored->size > now.max_size;
    }));
  }
  if (before.undated != UndatedPolicy::skip && now.undated == UndatedPolicy::skip) {
    // Re-analysed here: the undated and mtime-dated documents (and, when
    // --max-size was lowered too, the larger ones, counted above).
    out.undated = static_cast<std::size_t>(std::count_if(plan.tasks.begin(), plan.tasks.end(), [&](const Task& task) {
      return task.reanalyse && task.stored && !(lowered && task.stored->size > now.max_size);
    }));
  }
  return out;
}

std::optional<std::string> removal_refusal(const RecordedOptions& before, const RecordedOptions& now,
                                           const OptionRemovals& removals) {
  if (removals.total() == 0) return std::nullopt;
  std::string what;
  std::string keep;
  const auto add = [](std::string& text, const std::string& part) { text += (text.empty() ? "" : "; ") + part; };
  if (removals.unmatched > 0) {
    std::string changed;
    if (before.includes != now.includes) {
      changed = option_list("include", now.includes, "") + " (recorded: " + option_list("include", before.includes, "") + ")";
      std::vector<std::string> both = before.includes;
      for (const auto& glob : now.includes) {
        if (std::find(both.begin(), both.end(), glob) == both.end()) both.push_back(glob);
      }
      add(keep, "give the recorded pattern too, " + option_list("include", both, ""));
    }
    if (before.excludes != now.excludes) {
      changed += (changed.empty() ? "" : " and ") + option_list("exclude", now.excludes, "no --exclude") +
                 " (recorded: " + option_list("exclude", before.excludes, "none") + ")";
      add(keep, "leave the new --exclude out (" + option_list("exclude", before.excludes, "no --exclude") +
                    " keeps the recorded value)");
    }
    add(what, changed + " would remove " + documents(removals.unmatched) +
                  " whose files are still there but no longer match");
  }
  if (removals.too_large > 0) {
    add(what, "--max-size " + std::to_string(now.max_size) + " (recorded: " + std::to_string(before.max_size) +
                  " bytes) would remove " + documents(removals.too_large) + " larger than that");
    add(keep, "give no --max-size (the recorded value is kept) or a larger one");
  }
  if (removals.undated > 0) {
    add(what, std::string("--undated=skip (recorded: ") + to_string(before.undated) + ") would remove " +
                  documents(removals.undated) + " without a date");
    add(keep, std::string("give no --undated (the recorded --undated=") + to_string(before.undated) + " is kept)");
  }
  return "a changed recorded option: " + what + "; the database is left unchanged (a changed option is recorded "
         "and applies to every later run). To keep them: " + keep +
         "; to remove them, repeat the command with --allow-removal";
}

} // namespace dateline::indexer
