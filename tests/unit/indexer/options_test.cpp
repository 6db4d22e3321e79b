/** @file options_test.cpp
 *  @brief parse_index_options: defaults, every option, and the usage errors.
 */
#include "indexer/options.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace dateline::indexer {
namespace {

ParsedCommandLine parse(std::vector<std::string> args, ParseEnvironment env = {}) {
  args.insert(args.begin(), "dateline-index");
  std::vector<const char*> argv;
  for (const auto& a : args) {
    argv.push_back(a.c_str());
  }
  return parse_index_options(static_cast<int>(argv.size()), argv.data(), env);
}

TEST(IndexOptions, Defaults) {
  ParseEnvironment env;
  env.hardware_threads = 4;
  const auto p = parse({"archive"}, env);
  EXPECT_FALSE(p.show_help);
  const IndexOptions& o = p.options;
  EXPECT_EQ(o.db_path, "./dateline.db");
  EXPECT_EQ(o.roots, std::vector<std::string>{"archive"});
  EXPECT_EQ(o.includes, std::vector<std::string>{"*.txt"});
  EXPECT_TRUE(o.excludes.empty());
  EXPECT_EQ(o.max_size, 16U * 1024 * 1024);
  EXPECT_EQ(o.commit_every, 1000U);
  EXPECT_EQ(o.shard_threshold, 2000U);
  EXPECT_EQ(o.jobs, 4U);
  EXPECT_EQ(o.undated, UndatedPolicy::skip);
  EXPECT_FALSE(o.language.has_value());
  EXPECT_FALSE(o.wait_seconds.has_value());
  EXPECT_FALSE(o.follow_symlinks || o.rebuild || o.no_delete || o.dry_run || o.retry_failed);
}

TEST(IndexOptions, DbFromEnvironmentUnlessGiven) {
  ParseEnvironment env;
  env.db_from_env = "/srv/news.db";
  EXPECT_EQ(parse({"a"}, env).options.db_path, "/srv/news.db");
  EXPECT_EQ(parse({"--db", "x.db", "a"}, env).options.db_path, "x.db");
  env.db_from_env = "";
  EXPECT_EQ(parse({"a"}, env).options.db_path, "./dateline.db");
}

TEST(IndexOptions, EveryOption) {
  const auto o = parse({"--db=d", "--include", "*.txt", "--include", "*.eml", "--exclude", "drafts", "--follow",
                        "--max-depth", "5", "--max-size", "512k", "--undated=mtime", "--language", "french",
                        "-j", "3", "--commit-every", "10", "--shard-threshold", "0", "--wait", "2.5", "--summary-json", "s.json",
                        "--no-delete", "--retry-failed", "--verbose", "a", "b"})
                     .options;
  EXPECT_EQ(o.db_path, "d");
  EXPECT_EQ(o.roots, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(o.includes, (std::vector<std::string>{"*.txt", "*.eml"}));
  EXPECT_EQ(o.excludes, std::vector<std::string>{"drafts"});
  EXPECT_TRUE(o.follow_symlinks);
  EXPECT_EQ(o.max_depth, 5);
  EXPECT_EQ(o.max_size, 512U * 1024);
  EXPECT_EQ(o.undated, UndatedPolicy::mtime);
  EXPECT_EQ(o.language, "french");
  EXPECT_EQ(o.jobs, 3U);
  EXPECT_EQ(o.commit_every, 10U);
  EXPECT_EQ(o.shard_threshold, 0U) << "0 disables the parallel first build";
  EXPECT_DOUBLE_EQ(*o.wait_seconds, 2.5);
  EXPECT_EQ(o.summary_json, "s.json");
  EXPECT_TRUE(o.no_delete && o.retry_failed && o.verbose);
}

TEST(IndexOptions, HelpAndVersionNeedNoDirectory) {
  EXPECT_TRUE(parse({"--help"}).show_help);
  EXPECT_TRUE(parse({"--version"}).show_version);
  const std::string help = index_help_text();
  for (const char* needle : {"--db", "--dry-run", "Examples:", "Exit codes:", "75", "143", "cron"}) {
    EXPECT_NE(help.find(needle), std::string::npos) << needle;
  }
}

// #9.9: no folder means the recorded roots; options given are remembered as given.
TEST(IndexOptions, NoFolderAndGivenOptions) {
  const auto none = parse({}).options;
  EXPECT_TRUE(none.roots.empty());
  EXPECT_TRUE(none.given.empty());
  EXPECT_EQ(none.includes, std::vector<std::string>{"*.txt"}) << "the default until the record says otherwise";
  const auto some = parse({"--undated=index", "--max-size", "1M", "--forget", "/old", "--forget", "/older"}).options;
  EXPECT_EQ(some.given, (std::set<std::string>{"undated", "max-size"}));
  EXPECT_EQ(some.forget, (std::vector<std::string>{"/old", "/older"}));
  const auto info = parse({"--info", "--json", "--db", "x"}).options;
  EXPECT_TRUE(info.info && info.json);
  EXPECT_FALSE(info.synonyms);
  const auto synonyms = parse({"--db", "x", "--synonyms", "syn.txt"}).options;  // no folder: the cron form
  EXPECT_EQ(synonyms.synonyms, std::optional<std::string>("syn.txt"));
  EXPECT_TRUE(synonyms.roots.empty());
  const std::string help = index_help_text();
  EXPECT_NE(help.find("[DIR...]"), std::string::npos);
  EXPECT_NE(help.find("--forget"), std::string::npos);
  EXPECT_NE(help.find("--info"), std::string::npos);
  EXPECT_NE(help.find("--synonyms"), std::string::npos);
}

// New-user pass: the --help (and so man page) example loaded
// corpus/synonyms/en-news.txt, a path only a checkout has; the package
// installs the file as examples/synonyms-en-news.txt.
TEST(IndexOptions, HelpExamplesNameInstalledFilesNotCheckoutPaths) {
  const std::string help = index_help_text();
  EXPECT_EQ(help.find("corpus/"), std::string::npos) << help;
  EXPECT_NE(help.find("share/doc/dateline/examples/synonyms-en-news.txt"), std::string::npos) << help;
}

struct BadCase {
  std::vector<std::string> args;
  const char* mentions;
};

TEST(IndexOptions, UsageErrorsNameTheProblem) {
  const std::vector<BadCase> cases = {
      {{"--json"}, "--info"},
      {{"--info", "a"}, "--info"},
      {{"--info", "--forget", "a"}, "--info"},
      {{"--no-delete", "--forget", "a"}, "--no-delete"},
      {{"--forget", ""}, "--forget"},
      {{"--synonyms", ""}, "--synonyms"},
      {{"--info", "--synonyms", "s"}, "--info"},
      {{"--bogus", "a"}, "bogus"},
      {{"--undated=maybe", "a"}, "--undated"},
      {{"--language", "klingon", "a"}, "klingon"},
      {{"--jobs", "0", "a"}, "--jobs"},
      {{"--commit-every", "0", "a"}, "--commit-every"},
      {{"--max-size", "12Q", "a"}, "--max-size"},
      {{"--max-size", "0", "a"}, "--max-size"},
      {{"--wait", "-1", "a"}, "--wait"},
      {{"--verbose", "--quiet", "a"}, "--quiet"},
      {{"--dry-run", "--rebuild", "a"}, "--rebuild"},
      {{"--db", "", "a"}, "--db"},
      {{"--max-depth", "-2", "a"}, "--max-depth"},
      {{"--dup-threshold", "0", "a"}, "--dup-threshold"},
      {{"--dup-threshold", "1.5", "a"}, "--dup-threshold"},
      {{"--dup-threshold", "nan", "a"}, "--dup-threshold"},
      {{"--dup-window", "-1", "a"}, "--dup-window"},
  };
  for (const auto& c : cases) {
    try {
      (void)parse(c.args);
      ADD_FAILURE() << "accepted: " << (c.args.empty() ? "(nothing)" : c.args.front());
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(c.mentions), std::string::npos) << e.what();
    }
  }
}

// #9.15: the lock policy for cron: fail (exit 75), wait:SECONDS, skip (exit 0);
// --wait SECONDS stays an alias of --if-locked=wait:SECONDS.
TEST(IndexOptions, IfLockedPolicy) {
  EXPECT_EQ(parse({"a"}).options.if_locked, LockPolicy::fail);
  EXPECT_EQ(parse({"--if-locked=fail", "a"}).options.if_locked, LockPolicy::fail);
  const auto skip = parse({"--if-locked", "skip", "a"}).options;
  EXPECT_EQ(skip.if_locked, LockPolicy::skip);
  EXPECT_FALSE(skip.wait_seconds.has_value());
  const auto wait = parse({"--if-locked=wait:90", "a"}).options;
  EXPECT_EQ(wait.if_locked, LockPolicy::wait);
  EXPECT_DOUBLE_EQ(*wait.wait_seconds, 90.0);
  const auto alias = parse({"--wait", "2.5", "a"}).options;
  EXPECT_EQ(alias.if_locked, LockPolicy::wait);
  EXPECT_DOUBLE_EQ(*alias.wait_seconds, 2.5);
  const std::vector<BadCase> bad = {
      {{"--if-locked=sometimes", "a"}, "--if-locked"},
      {{"--if-locked=wait", "a"}, "wait:SECONDS"},
      {{"--if-locked=wait:", "a"}, "--if-locked"},
      {{"--if-locked=wait:x", "a"}, "--if-locked"},
      {{"--if-locked=wait:-3", "a"}, "--if-locked"},
      {{"--if-locked=wait:1e9", "a"}, "--if-locked"},
      {{"--if-locked=skip", "--wait", "3", "a"}, "--wait"},
  };
  for (const auto& c : bad) {
    try {
      (void)parse(c.args);
      ADD_FAILURE() << "accepted: " << c.args.front();
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(c.mentions), std::string::npos) << e.what();
    }
  }
  const std::string help = index_help_text();
  EXPECT_NE(help.find("--if-locked=skip"), std::string::npos) << "the cron line shows the policy";
}

TEST(IndexOptions, Sizes) {
  EXPECT_EQ(parse_size("1000", "--max-size"), 1000U);
  EXPECT_EQ(parse_size("2K", "--max-size"), 2048U);
  EXPECT_EQ(parse_size("16M", "--max-size"), 16U * 1024 * 1024);
  EXPECT_EQ(parse_size("1G", "--max-size"), 1024ULL * 1024 * 1024);
  EXPECT_THROW((void)parse_size("", "--max-size"), UsageError);
  EXPECT_THROW((void)parse_size("M", "--max-size"), UsageError);
  EXPECT_THROW((void)parse_size("99999999999999999999", "--max-size"), UsageError);
  EXPECT_THROW((void)parse_size("999999999999G", "--max-size"), UsageError);
}

} // namespace
} // namespace dateline::indexer

namespace dateline::indexer {
namespace {
// #11.1: the near-duplicate rule; unset means the database's or the default.
TEST(IndexOptions, DuplicateRule) {
  const ParseEnvironment env;
  const char* plain[] = {"dateline-index", "a"};
  const IndexOptions none = parse_index_options(2, plain, env).options;
  EXPECT_FALSE(none.dup_threshold);
  EXPECT_FALSE(none.dup_window);
  const char* given[] = {"dateline-index", "--dup-threshold", "0.7", "--dup-window", "0", "a"};
  const IndexOptions o = parse_index_options(6, given, env).options;
  EXPECT_EQ(o.dup_threshold, 0.7);
  EXPECT_EQ(o.dup_window, 0);
  EXPECT_NE(index_help_text(true).find("--dup-threshold X"), std::string::npos) << "--help-all: Tuning";
}
} // namespace
} // namespace dateline::indexer
