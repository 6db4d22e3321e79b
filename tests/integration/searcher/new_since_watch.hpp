/** @file new_since_watch.hpp
 *  @brief What the saved-search tests (new_since_test.cpp,
 *  new_since_concurrency_test.cpp) share: a Watch (a folder of articles, its
 *  database and a state file, indexed and searched with the real binaries)
 *  and the sorted file names of an answer's hits.
 */
#pragma once

#include "tests/integration/searcher/hits.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace dateline::test {

inline std::string article(const std::string& title, const std::string& body) {
  return "Title: " + title + "\nDate: 2024-05-01\n\n" + body + "\n";
}

/// A folder of articles, its database and a state file.
class Watch {
public:
  Watch() { std::filesystem::create_directories(m_dir / "articles"); }

  void add(const std::string& name, const std::string& body) {
    write_file(m_dir / "articles" / name, article(name, body));
  }
  std::filesystem::path file(const std::string& name) const { return m_dir / "articles" / name; }
  std::string db() const { return (m_dir / "db").string(); }
  std::string state() const { return (m_dir / "state" / "copper").string(); }
  std::string articles() const { return (m_dir / "articles").string(); }
  const TempDir& dir() const { return m_dir; }

  void index(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv{index_binary(), "-q", "--db", db()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(articles());
    const auto run = run_process(argv);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  std::vector<std::string> search_argv(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv{search_binary(), "--db", db(), "--new-since", state(), "--format", "json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("copper");
    return argv;
  }
  ProcessResult search(std::vector<std::string> extra = {}) const { return run_process(search_argv(extra)); }

private:
  TempDir m_dir;
};

/// The file names (below articles/) of a JSON answer's hits, sorted.
inline std::vector<std::string> names(const ProcessResult& run) {
  if (run.out.empty()) return {};
  std::vector<std::string> out = hit_names(JsonParser::parse(run.out));
  std::sort(out.begin(), out.end());
  return out;
}

using Names = std::vector<std::string>;

} // namespace dateline::test
