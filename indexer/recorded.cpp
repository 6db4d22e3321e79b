/** @file recorded.cpp
 *  @brief Root sets and the recorded-options format.
 */
#include "indexer/recorded.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <charconv>

namespace dateline::indexer {

bool path_within(std::string_view path, std::string_view root) {
  if (root == "/") {
    return path.starts_with('/');
  }
  if (!path.starts_with(root)) {
    return false;
  }
  return path.size() == root.size() || path[root.size()] == '/';
}

RootSet normalise_roots(const std::vector<std::string>& roots) {
  std::vector<std::string> sorted = roots;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  RootSet out;
  for (const auto& root : sorted) {
    // Sorted: an enclosing root ("/a") comes before the roots inside it
    // ("/a/b", "/a/c"), though "/a-b" may come between them.
    const auto outer = std::find_if(out.roots.begin(), out.roots.end(),
                                    [&](const std::string& kept) { return path_within(root, kept); });
    if (outer != out.roots.end()) {
      out.notes.push_back(root + " is inside " + *outer + ", which is indexed as a whole; not indexed twice");
      continue;
    }
    out.roots.push_back(root);
  }
  return out;
}

std::optional<std::size_t> root_of(std::string_view path, const std::vector<std::string>& roots) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (path_within(path, roots[i]) && (!best || roots[i].size() > roots[*best].size())) {
      best = i;
    }
  }
  return best;
}

std::vector<std::string> parse_roots(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    const auto nl = value.find('\n');
    const std::string_view line = value.substr(0, nl);
    if (!line.empty()) {
      out.emplace_back(line);
    }
    value = nl == std::string_view::npos ? std::string_view{} : value.substr(nl + 1);
  }
  return out;
}

std::string serialize_roots(const std::vector<std::string>& roots) {
  std::string out;
  for (const auto& root : roots) {
    if (!out.empty()) {
      out += '\n';
    }
    out += root;
  }
  return out;
}

const char* to_string(UndatedPolicy policy) {
  switch (policy) {
    case UndatedPolicy::skip: return "skip";
    case UndatedPolicy::mtime: return "mtime";
    case UndatedPolicy::index: return "index";
  }
  return "skip";
}

RecordedOptions RecordedOptions::from(const IndexOptions& options) {
  RecordedOptions out;
  out.undated = options.undated;
  out.includes = options.includes;
  out.excludes = options.excludes;
  out.max_size = options.max_size;
  out.follow_symlinks = options.follow_symlinks;
  out.max_depth = options.max_depth;
  return out;
}

std::string RecordedOptions::serialize() const {
  std::string out = std::string("undated=") + to_string(undated) + "\n";
  for (const auto& glob : includes) out += "include=" + glob + "\n";
  for (const auto& glob : excludes) out += "exclude=" + glob + "\n";
  out += "max-size=" + std::to_string(max_size) + "\n";
  out += std::string("follow=") + (follow_symlinks ? "1" : "0") + "\n";
  out += "max-depth=" + std::to_string(max_depth) + "\n";
  return out;
}

std::optional<RecordedOptions> RecordedOptions::parse(std::string_view value) {
  if (value.empty()) {
    return std::nullopt;
  }
  RecordedOptions out;
  auto number = [](std::string_view text, auto& into) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), into);
    return r.ec == std::errc() && r.ptr == text.data() + text.size();
  };
  for (const auto& line : parse_roots(value)) {  // the same "one per line" format
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      return std::nullopt;
    }
    const std::string name = line.substr(0, eq);
    const std::string text = line.substr(eq + 1);
    if (name == "undated") {
      if (text == "skip") out.undated = UndatedPolicy::skip;
      else if (text == "mtime") out.undated = UndatedPolicy::mtime;
      else if (text == "index") out.undated = UndatedPolicy::index;
      else return std::nullopt;
    } else if (name == "include") {
      out.includes.push_back(text);
    } else if (name == "exclude") {
      out.excludes.push_back(text);
    } else if (name == "max-size") {
      if (!number(text, out.max_size)) return std::nullopt;
    } else if (name == "follow") {
      out.follow_symlinks = text == "1";
    } else if (name == "max-depth") {
      if (!number(text, out.max_depth)) return std::nullopt;
    }  // unknown names: written by a newer version, ignored
  }
  if (out.includes.empty()) {
    out.includes = {"*.txt"};
  }
  return out;
}

void apply_recorded(IndexOptions& options, const RecordedOptions& recorded) {
  const auto given = [&](const char* name) { return options.given.count(name) != 0; };
  if (!given("undated")) options.undated = recorded.undated;
  if (!given("include")) options.includes = recorded.includes;
  if (!given("exclude")) options.excludes = recorded.excludes;
  if (!given("max-size")) options.max_size = recorded.max_size;
  if (!given("follow")) options.follow_symlinks = recorded.follow_symlinks;
  if (!given("max-depth")) options.max_depth = recorded.max_depth;
}

Reevaluation reevaluation(const RecordedOptions& before, const RecordedOptions& now) {
  Reevaluation out;
  if (before.undated != now.undated) {
    out.retry_reasons.insert(to_string(ArticleFailure::no_date));
    out.undated_documents = true;
  }
  if (before.max_size != now.max_size) {
    out.retry_reasons.insert(to_string(ArticleFailure::too_large));
    if (now.max_size < before.max_size) {
      out.max_size = now.max_size;
    }
  }
  return out;
}

} // namespace dateline::indexer
