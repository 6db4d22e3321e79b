/** @file batch_reopen_test.cpp
 *  @brief A long-running `dateline-search --batch -` on a pipe keeps answering,
 *  with fresh data, while the real dateline-index updates the database in
 *  place, rebuilds it, and while a rebuilt database is swapped in atomically
 *  (renameat2 RENAME_EXCHANGE of the directory, as indexer/build_dir does)
 *  and the old one deleted (issue 14, item 2).
 */
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace dateline::test {
namespace {

/// A child process whose stdin is a pipe written by the test and whose
/// stdout/stderr go to files (no pipe to fill up while the test writes).
class PipedChild {
public:
  PipedChild(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
      ::dup2(fds[0], 0);
      const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (out_fd < 0 || err_fd < 0) ::_exit(127);
      ::dup2(out_fd, 1);
      ::dup2(err_fd, 2);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(fds[0]);
    m_stdin = fds[1];
  }
  ~PipedChild() {
    if (m_stdin >= 0) ::close(m_stdin);
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      (void)wait_for_exit();
    }
  }
  PipedChild(const PipedChild&) = delete;
  PipedChild& operator=(const PipedChild&) = delete;

  void write_line(const std::string& line) {
    const std::string text = line + "\n";
    ASSERT_EQ(::write(m_stdin, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  /// Closes stdin and waits; returns the exit code (128 + signal when killed).
  int finish() {
    ::close(m_stdin);
    m_stdin = -1;
    return wait_for_exit();
  }

private:
  int wait_for_exit() {
    int status = 0;
    const pid_t pid = m_pid;
    m_pid = -1;
    if (::waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  pid_t m_pid = -1;
  int m_stdin = -1;
};

/// A word found only in the article added in round @p round ("mkab", ...).
std::string marker(int round) {
  return std::string("mk") + static_cast<char>('a' + round / 26) + static_cast<char>('a' + round % 26);
}

void add_article(const std::filesystem::path& folder, int round) {
  write_file(folder / ("r" + std::to_string(round) + ".txt"),
             "date 2024-07-" + std::string(round % 28 < 9 ? "0" : "") + std::to_string(round % 28 + 1) +
                 "\nHarbour report " + std::to_string(round) + "\n\nThe harbour report names " + marker(round) +
                 " and the harbour toll.\n");
}

std::size_t line_count(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return 0;
  const std::string text = read_file(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

ProcessResult index(const std::vector<std::string>& args) {
  std::vector<std::string> argv{index_binary(), "-q"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

TEST(BatchReopenTest, BatchKeepsAnsweringWhileTheDatabaseChangesAndIsSwapped) {
  TempDir dir;
  const auto folder = dir / "news";
  const auto db = dir / "db";
  const auto next = dir / "db.next";
  add_article(folder, 0);
  ASSERT_EQ(index({"--db", db.string(), folder.string()}).exit_code, 0);

  constexpr int k_rounds = 40;
  constexpr int k_queries_per_round = 10;
  std::vector<std::string> expected_markers;  // per query line, "" = no marker expected
  {
    PipedChild search({search_binary(), "--db", db.string(), "--batch", "-", "--snippets", "0"}, dir / "out.jsonl",
                      dir / "err.txt");
    for (int round = 1; round <= k_rounds; ++round) {
      add_article(folder, round);
      if (round % 4 == 1 || round % 4 == 2) {
        // In place: the indexer commits new revisions under the reader.
        const auto r = index({"--db", db.string(), folder.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
      } else if (round % 4 == 3) {
        // A rebuilt database swapped in whole; the old one is deleted.
        std::filesystem::remove_all(next);
        const auto r = index({"--db", next.string(), folder.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        if (::renameat2(AT_FDCWD, next.c_str(), AT_FDCWD, db.c_str(), RENAME_EXCHANGE) != 0) {
          if (errno == EINVAL || errno == ENOSYS) GTEST_SKIP() << "this file system cannot exchange directories";
          FAIL() << "renameat2: " << std::strerror(errno);
        }
        std::filesystem::remove_all(next);
      } else {
        const auto r = index({"--rebuild", "--db", db.string(), folder.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
      }
      // Queries written now are read after the change: they must see it.
      for (int q = 0; q < k_queries_per_round; ++q) {
        const bool new_word = q % 2 == 0;
        search.write_line(new_word ? marker(round) : "harbour toll");
        expected_markers.push_back(new_word ? marker(round) : "");
      }
      // Answers are written as they are ready: wait for this round's before
      // the next change, so every query meets exactly one state.
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (line_count(dir / "out.jsonl") < expected_markers.size() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      ASSERT_EQ(line_count(dir / "out.jsonl"), expected_markers.size())
          << "round " << round << " not answered: " << read_file(dir / "err.txt");
    }
    const int code = search.finish();
    EXPECT_EQ(code, 0) << read_file(dir / "err.txt");
  }
  std::istringstream lines(read_file(dir / "out.jsonl"));
  std::string line;
  std::size_t answered = 0;
  std::size_t stale = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(answered, expected_markers.size());
    const JsonValue v = JsonParser::parse(line);
    ASSERT_FALSE(v.has("error")) << line;
    if (v.at("total_estimate").number < 1) {
      ++stale;
      ADD_FAILURE() << "query " << answered << " (round " << answered / k_queries_per_round + 1 << ", "
                    << (expected_markers[answered].empty() ? "harbour toll" : expected_markers[answered])
                    << ") found nothing";
    }
    ++answered;
  }
  EXPECT_EQ(answered, static_cast<std::size_t>(k_rounds * k_queries_per_round)) << read_file(dir / "err.txt");
  EXPECT_EQ(stale, 0U) << "queries that did not see the database as it was when they were sent";
}

} // namespace
} // namespace dateline::test

namespace dateline::test {
namespace {

/// The n-th line of @p path (0-based), waiting up to 30 s for it.
std::string wait_for_line(const std::filesystem::path& path, std::size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (line_count(path) <= n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::istringstream lines(read_file(path));
  std::string line;
  for (std::size_t i = 0; i <= n && std::getline(lines, line); ++i) {
  }
  return line;
}

std::vector<std::string> first_hit_duplicate_dates(const std::string& json_line) {
  std::vector<std::string> out;
  const JsonValue answer = JsonParser::parse(json_line);
  if (answer.at("hits").array.empty()) return out;
  for (const JsonValue& date : answer.at("hits").array[0].at("duplicate_dates").array) out.push_back(date.string);
  return out;
}

// #11.1: a --batch reader keeps the stories' copies between pages (the cost
// of "+N similar" dates, docs/benchmarks.md); a copy indexed under it must
// show up on the next page, not the copies as they were first read.
TEST(BatchReopenTest, BatchShowsACopyIndexedUnderIt) {
  TempDir dir;
  const auto folder = dir / "news";
  const auto db = dir / "db";
  const std::string text =
      "The harbour authority closed the northern shipping channel on Tuesday after a grain freighter lost power "
      "and drifted onto a sandbank near the river mouth, stranding a dozen vessels waiting to leave port. Tugs "
      "tried twice to pull the freighter free at high tide but the hull did not move, a spokeswoman said.\n";
  write_file(folder / "a.txt", "Date: 1987-03-10\nTitle: Freighter runs aground\n\n" + text);
  write_file(folder / "b.txt", "Date: 1987-03-10\nTitle: UPDATE 1-Freighter runs aground\n\n" + text);
  ASSERT_EQ(index({"--db", db.string(), folder.string()}).exit_code, 0);
  PipedChild search({search_binary(), "--db", db.string(), "--batch", "-", "--snippets", "0"}, dir / "out.jsonl",
                    dir / "err.txt");
  search.write_line("freighter");
  EXPECT_EQ(first_hit_duplicate_dates(wait_for_line(dir / "out.jsonl", 0)).size(), 1U);
  search.write_line("freighter");  // the second page: the reader now keeps the stories
  EXPECT_EQ(first_hit_duplicate_dates(wait_for_line(dir / "out.jsonl", 1)).size(), 1U);
  write_file(folder / "c.txt", "Date: 1987-03-10\nTitle: CORRECTED-Freighter runs aground\n\n" + text);
  ASSERT_EQ(index({"--db", db.string(), folder.string()}).exit_code, 0);
  search.write_line("freighter");
  EXPECT_EQ(first_hit_duplicate_dates(wait_for_line(dir / "out.jsonl", 2)).size(), 2U)
      << "the copy indexed under the reader is one of the story's dates";
  EXPECT_EQ(search.finish(), 0) << read_file(dir / "err.txt");
}

} // namespace
} // namespace dateline::test
