/** @file huge_articles_test.cpp
 *  @brief Issue 14, items 7 and 8: huge and pathological articles (many
 *  distinct words, one repeated word, one giant line, a giant title, no
 *  whitespace at all, a CJK run) and deep wildcard queries through the real
 *  binaries, each within generous wall-clock and peak-RSS bounds (child
 *  getrusage). Before the fixes the same inputs took minutes and gigabytes.
 *  Sizes shrink under DATELINE_SKIP_LARGE (sanitizer builds), bounds grow.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include <gtest/gtest.h>

#include <random>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

std::string random_words(std::mt19937& rng, std::size_t bytes, char first) {
  std::uniform_int_distribution<int> letter('a', 'z');
  std::string out;
  out.reserve(bytes + 8);
  while (out.size() < bytes) {
    out += first;
    for (int i = 0; i < 5; ++i) out += static_cast<char>(letter(rng));
    out += out.size() % 4000 < 7 ? '\n' : ' ';
  }
  return out;
}

std::string repeated(const std::string& unit, std::size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out += unit;
  return out;
}

TEST(HugeArticles, BoundedTimeAndMemoryToIndexAndSearch) {
  const unsigned seed = reliability_seed();
  std::mt19937 rng(seed);
  const bool small = !env_or_empty("DATELINE_SKIP_LARGE").empty();  // sanitizer build
  const std::size_t mb = small ? 256 * 1024 : 1024 * 1024;
  const long rss_bound_kb = small ? 1536 * 1024 : 400 * 1024;
  TempDir dir;
  const fs::path archive = dir / "archive";
  // 4 MB of ~600k distinct q-words: past the 100,000-word cap and the wildcard scan bound.
  write_article(archive / "distinct.txt", "2024-01-01", "Distinct words", random_words(rng, 4 * mb, 'q'));
  write_article(archive / "repeated.txt", "2024-01-02", "One word", repeated("zz ", 4 * mb));
  std::string x_words;  // the 72 KB article of 10,000 distinct x-words
  for (int i = 0; i < 10000; ++i) x_words += "x" + std::to_string(100000 + i * 7919 % 100000) + " ";
  write_article(archive / "xwords.txt", "2024-01-03", "X words", x_words);
  write_article(archive / "one-line.txt", "2024-01-04", "One line",
                repeated("the harbour master said boats filled the harbour ", 2 * mb));
  write_article(archive / "giant-title.txt", "2024-01-05", repeated("headline word ", 100 * 1024), "short body");
  write_article(archive / "no-space.txt", "2024-01-06", "No space", repeated("abcdefghij", mb));
  write_article(archive / "cjk.txt", "2024-01-07", "CJK", repeated("中日两国外长举行会谈双方表示中日关系正处于关键时期", mb / 4));
  const std::string db = (dir / "db").string();
  const std::string summary = (dir / "summary.json").string();

  auto start = std::chrono::steady_clock::now();
  const auto indexed = run_index({"--db", db, "--jobs", "2", "--summary-json", summary, archive.string()});
  const double index_seconds = seconds_since(start);
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_LT(index_seconds, small ? 120.0 : 40.0);
  EXPECT_LT(indexed.max_rss_kb, rss_bound_kb) << "dateline-index peak RSS";
  EXPECT_NE(indexed.err.find("distinct.txt: more than 100000 distinct words"), std::string::npos) << indexed.err;
  const std::string json = read_file(summary);
  EXPECT_EQ(json_number(json, "truncated"), 1) << json;
  EXPECT_EQ(json_number(json, "added"), 7) << json;
  std::cout << "[ index ] " << index_seconds << " s, " << indexed.max_rss_kb / 1024 << " MiB\n";

  struct Query {
    std::vector<std::string> args;
    int exit_code;
    const char* expect_out;  ///< in stdout, or "" for nothing required
  };
  const std::vector<Query> queries{
      {{"--snippets", "10", "--snippet-chars", "10000", "x1*"}, 0, "xwords.txt"},
      {{"--snippets", "10", "--snippet-chars", "10000", "zz"}, 0, "repeated.txt"},
      {{"--snippets", "10", "--snippet-chars", "10000", "harbour master"}, 0, "one-line.txt"},
      {{"--snippets", "10", "--snippet-chars", "10000", "headline"}, 0, "giant-title.txt"},
      {{"--snippets", "10", "--snippet-chars", "10000", "qa*"}, 0, "distinct.txt"},
      {{"--count", "q*"}, 2, ""},
      {{"--snippets", "10", "q* zz"}, 2, ""},
      {{"--snippets", "10", "--snippet-chars", "10000", "外长"}, 0, "cjk.txt"},
  };
  for (const Query& q : queries) {
    std::vector<std::string> args{"--db", db};
    args.insert(args.end(), q.args.begin(), q.args.end());
    ProcessOptions options;
    options.timeout = std::chrono::seconds(60);
    start = std::chrono::steady_clock::now();
    const auto r = run_search(args, options);
    const double seconds = seconds_since(start);
    const std::string shown = q.args.back();
    EXPECT_EQ(r.exit_code, q.exit_code) << shown << ": " << r.err;
    EXPECT_LT(seconds, small ? 15.0 : 5.0) << shown;
    EXPECT_LT(r.max_rss_kb, small ? 1024 * 1024 : 200 * 1024) << shown << ": dateline-search peak RSS";
    if (q.exit_code == 2) {
      EXPECT_NE(r.err.find("too many words start with 'q'"), std::string::npos) << r.err;
    }
    if (*q.expect_out != '\0') {
      EXPECT_NE(r.out.find(q.expect_out), std::string::npos) << shown << ": " << r.out.substr(0, 500);
    }
    std::cout << "[ search ] " << shown << ": " << seconds << " s, " << r.max_rss_kb / 1024 << " MiB\n";
  }
}

} // namespace
} // namespace dateline::test
