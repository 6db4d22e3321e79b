/** @file index_and_search_test.cpp
 *  @brief dateline-index then dateline-search, on the repository's sample
 *  articles and on all of Reuters-21578 from ../shared when present.
 */
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>


namespace dateline::test {
namespace {

/// CPU time (user + sys) of this process's children that have ended and
/// been waited for.
double children_cpu_seconds() {
  struct rusage usage {};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::string indexer_or_skip() {
  const std::string index = env_or_empty("DATELINE_INDEX");
  return index;
}

TEST(IndexAndSearchTest, SampleCorpus) {
  const std::string index = indexer_or_skip();
  if (index.empty()) GTEST_SKIP() << "DATELINE_INDEX is not set (dateline-index not built)";
  const std::filesystem::path sample = std::filesystem::path(env_or_empty("DATELINE_SOURCE_DIR")) / "corpus/sample";
  if (!std::filesystem::is_directory(sample)) GTEST_SKIP() << "no corpus/sample in " << sample;
  TempDir dir;
  const std::string db = (dir / "db").string();
  const auto indexed = run_process({index, "--db", db, sample.string()});
  ASSERT_TRUE(indexed.exit_code == 0 || indexed.exit_code == 1) << indexed.err;

  auto search = [&](std::vector<std::string> args) {
    std::vector<std::string> argv{search_binary(), "--db", db, "--format", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  };
  const auto cjk = search({"中日关系"});
  ASSERT_EQ(cjk.exit_code, 0) << cjk.err;
  EXPECT_GE(JsonParser::parse(cjk.out).at("hits").array.size(), 1U);
  const auto curbs = search({"semiconductor export curbs"});
  ASSERT_EQ(curbs.exit_code, 0) << curbs.err;
  const JsonValue v = JsonParser::parse(curbs.out);
  ASSERT_FALSE(v.at("hits").array.empty());
  EXPECT_NE(v.at("hits").array[0].at("title").string.find("urbs"), std::string::npos)
      << "an article with every word (curbs in the title) ranks first";
  EXPECT_EQ(search({"zzzzqqqxx"}).exit_code, 1);
}

TEST(IndexAndSearchTest, AllOfReuters) {
  const std::string index = indexer_or_skip();
  const std::string import = env_or_empty("DATELINE_IMPORT_REUTERS");
  const std::filesystem::path corpus = shared_corpus("reuters21578");
  if (index.empty() || import.empty()) GTEST_SKIP() << "DATELINE_INDEX or DATELINE_IMPORT_REUTERS is not set";
  if (corpus.empty()) GTEST_SKIP() << "../shared/corpora/reuters21578 is absent (or DATELINE_SKIP_LARGE is set)";
  TempDir dir;
  const auto imported = run_process({import, "--quiet", corpus.string(), (dir / "articles").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const std::string db = (dir / "db").string();
  const auto indexed = run_process({index, "--db", db, (dir / "articles").string()});
  ASSERT_TRUE(indexed.exit_code == 0 || indexed.exit_code == 1) << indexed.err;

  // The search's CPU time (user + sys), not wall time: on a loaded machine
  // (other builds and tests on two cores) a wall-clock bound fails by bad
  // luck (it did: load 17, one full ctest), while the work done does not grow.
  auto timed = [&](std::vector<std::string> args, double& seconds) {
    std::vector<std::string> argv{search_binary(), "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    const double before = children_cpu_seconds();
    auto r = run_process(argv);  // waits for the child, so its time is now counted
    seconds = children_cpu_seconds() - before;
    return r;
  };
  double seconds = 0;
  auto count = timed({"--count", "date:1987"}, seconds);
  ASSERT_EQ(count.exit_code, 0) << count.err;
  EXPECT_GT(std::stoul(count.out), 15000U) << "nearly all Reuters-21578 stories are dated 1987";

  auto cocoa = timed({"--format", "json", "--limit", "10", "title:cocoa"}, seconds);
  ASSERT_EQ(cocoa.exit_code, 0) << cocoa.err;
  const JsonValue v = JsonParser::parse(cocoa.out);
  ASSERT_EQ(v.at("hits").array.size(), 10U);
  for (const JsonValue& hit : v.at("hits").array) {
    std::string title = hit.at("title").string;
    for (char& c : title) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_NE(title.find("cocoa"), std::string::npos) << title;
  }
  // Hostile queries on the full index: bounded and fast (under a CPU second each).
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"a*"}, {"s*"}, {"--sort", "newest", "oil OR gas OR prices"},
                                             {"the of and to in"}, {"\"the company said\" NEAR/3 shares"},
                                             {"--count", "oil"}, {"opec topic:crude date:1987-03"}}) {
    auto r = timed(args, seconds);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << args.back() << ": " << r.err;
    EXPECT_LT(seconds, 1.0) << args.back();
  }
  auto topic = timed({"--format", "json", "topic:coffee brazil"}, seconds);
  ASSERT_EQ(topic.exit_code, 0) << topic.err;
  EXPECT_GT(JsonParser::parse(topic.out).at("total_estimate").number, 10);
}

} // namespace
} // namespace dateline::test
