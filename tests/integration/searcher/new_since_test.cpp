/** @file new_since_test.cpp
 *  @brief Saved searches with the real binaries (#12.3): `dateline-search
 *  --new-since STATE_FILE` reports each added or changed article once, across
 *  reindexing, renames, re-analysis and rebuilds; --init; a failed write and
 *  a bad state file. Concurrent runs and indexers, sharded builds and time
 *  shards: new_since_concurrency_test.cpp.
 */
#include "tests/integration/searcher/new_since_watch.hpp"
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

TEST(NewSince, FirstRunPrintsAllThenOnlyWhatIsNew) {
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.add("b.txt", "copper mines in chile");
  w.add("c.txt", "nothing about metals");
  w.index();
  fs::create_directory(w.dir() / "state");
  const auto first = w.search();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(names(first), (Names{"a.txt", "b.txt"}));
  struct stat st{};
  ASSERT_EQ(::stat(w.state().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);

  const auto again = w.search();
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_EQ(again.out, "") << "nothing new prints nothing (mail -E sends nothing)";
  EXPECT_EQ(again.err, "");

  w.add("d.txt", "copper smelter opens");
  w.index();
  const auto added = w.search();
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(names(added), Names{"d.txt"});
  EXPECT_EQ(w.search().exit_code, 1);

  // Changed content is new again; a touched file, a rename and an article
  // that does not match are not.
  w.add("a.txt", "copper prices fell");
  fs::last_write_time(w.file("b.txt"), fs::last_write_time(w.file("b.txt")) + std::chrono::hours(1));
  fs::rename(w.file("d.txt"), w.file("e.txt"));
  w.add("f.txt", "tin and zinc");
  w.index();
  const auto changed = w.search();
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_EQ(names(changed), Names{"a.txt"});
  EXPECT_EQ(w.search().exit_code, 1);

  // Text output too, and an old article added late is new.
  write_file(w.file("old.txt"), "Title: old\nDate: 1987-03-01\n\ncopper in 1987\n");
  w.index();
  auto argv = w.search_argv();
  argv.erase(std::find(argv.begin(), argv.end(), "--format"), std::find(argv.begin(), argv.end(), "json") + 1);
  const auto text = run_process(argv);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("old.txt"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("a.txt"), std::string::npos) << text.out;
}

TEST(NewSince, ParsedShowsTheSequenceNumbersAsNumbers) {
  // The filter's values are packed 8-byte numbers; Xapian's description
  // printed them as escaped bytes ("VALUE_RANGE 5 \x00\x00...+").
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.index();
  fs::create_directory(w.dir() / "state");
  ASSERT_EQ(w.search({"--init"}).exit_code, 0);
  w.add("b.txt", "copper mines in chile");
  w.index();
  const auto run = w.search();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string parsed = JsonParser::parse(run.out).at("parsed").string;
  EXPECT_NE(parsed.find("Zcopper@1 FILTER VALUE_RANGE 5 2 2)"), std::string::npos) << parsed;
  EXPECT_EQ(parsed.find_first_of(std::string("\\\0", 2)), std::string::npos) << parsed;
  auto argv = w.search_argv({"--explain"});
  argv.erase(std::find(argv.begin(), argv.end(), "--format"), std::find(argv.begin(), argv.end(), "json") + 1);
  w.add("c.txt", "copper smelter");
  w.index();
  const auto text = run_process(argv);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Query parsed as: Query((Zcopper@1 FILTER VALUE_RANGE 5 3 3))"), std::string::npos)
      << text.out;
}

// An option change re-analyses documents whose files did not change
// (#9.10): they keep their numbers, a reader is not sent them again.
TEST(NewSince, ReanalysisAfterAnOptionChangeIsNotNew) {
  Watch w;
  w.add("a.txt", "copper prices rose");
  write_file(w.file("undated.txt"), "copper without a date\n");
  w.index({"--undated=index"});
  fs::create_directory(w.dir() / "state");
  const auto first = w.search();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(names(first), (Names{"a.txt", "undated.txt"}));
  const auto reanalysed = run_process({index_binary(), "-v", "--undated=mtime", "--db", w.db(), w.articles()});
  ASSERT_EQ(reanalysed.exit_code, 0) << reanalysed.err;
  ASSERT_NE(reanalysed.err.find("undated.txt"), std::string::npos) << "re-analysed: " << reanalysed.err;
  const auto after = w.search();
  EXPECT_EQ(after.exit_code, 1) << after.out;
  EXPECT_EQ(after.out, "");
}

TEST(NewSince, InitRecordsWithoutPrinting) {
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.index();
  fs::create_directory(w.dir() / "state");
  const auto init = w.search({"--init"});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(init.out, "");
  EXPECT_TRUE(fs::exists(w.state()));
  EXPECT_EQ(w.search().exit_code, 1);
  w.add("b.txt", "copper again");
  w.index();
  EXPECT_EQ(names(w.search()), Names{"b.txt"});
}

// --count prints a number for every answer, 0 when nothing is new (a
// script's n=$(... --count) must not be empty), in text and JSON alike;
// --init still prints nothing.
TEST(NewSince, CountPrintsZeroWhenNothingIsNew) {
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.add("b.txt", "copper mines in chile");
  w.index();
  fs::create_directory(w.dir() / "state");
  const auto init = w.search({"--init", "--count"});
  EXPECT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(init.out, "");
  for (const bool json : {true, false}) {
    auto argv = w.search_argv({"--count"});
    if (!json) {
      argv.erase(std::find(argv.begin(), argv.end(), "--format"), std::find(argv.begin(), argv.end(), "json") + 1);
    }
    const auto nothing = run_process(argv);
    EXPECT_EQ(nothing.exit_code, 1) << nothing.err;
    EXPECT_EQ(nothing.out, "0\n") << (json ? "json" : "text");
    EXPECT_EQ(nothing.err, "");
    w.add(json ? "c.txt" : "d.txt", "copper smelter opens");
    w.index();
    const auto one = run_process(argv);
    EXPECT_EQ(one.exit_code, 0) << one.err;
    EXPECT_EQ(one.out, "1\n") << (json ? "json" : "text");
  }
  // A rebuilt database starts again from now: nothing is reported, 0.
  w.index({"--rebuild"});
  const auto rebuilt = w.search({"--count"});
  EXPECT_EQ(rebuilt.exit_code, 1) << rebuilt.err;
  EXPECT_EQ(rebuilt.out, "0\n");
  EXPECT_NE(rebuilt.err.find("another database"), std::string::npos) << rebuilt.err;
}

// --timeline --count prints only the chart, also for a saved search (it
// printed the bare number, the chart dropped).
TEST(NewSince, TimelineCountPrintsTheChartAsASearchDoes) {
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.index();
  fs::create_directory(w.dir() / "state");
  auto argv = w.search_argv({"--timeline=year", "--count"});
  argv.erase(std::find(argv.begin(), argv.end(), "--format"), std::find(argv.begin(), argv.end(), "json") + 1);
  const auto saved = run_process(argv);
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  const auto plain = run_process({search_binary(), "--db", w.db(), "--timeline=year", "--count", "copper"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("Articles per year: 1 dated"), std::string::npos) << plain.out;
  EXPECT_EQ(saved.out, plain.out);
}

TEST(NewSince, RebuildRebaselinesWithOneWarning) {
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.index();
  fs::create_directory(w.dir() / "state");
  ASSERT_EQ(w.search().exit_code, 0);
  w.add("b.txt", "copper again");
  w.index({"--rebuild"});
  const auto rebuilt = w.search();
  EXPECT_EQ(rebuilt.exit_code, 1) << rebuilt.err;
  EXPECT_EQ(rebuilt.out, "") << "the archive is not sent again";
  EXPECT_EQ(std::count(rebuilt.err.begin(), rebuilt.err.end(), '\n'), 1) << rebuilt.err;
  EXPECT_NE(rebuilt.err.find("another database"), std::string::npos) << rebuilt.err;
  const auto after = w.search();
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_EQ(after.err, "") << "warned once";
  w.add("c.txt", "copper once more");
  w.index();
  EXPECT_EQ(names(w.search()), Names{"c.txt"});
}

TEST(NewSince, FailedWriteKeepsTheWatermark) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.index();
  fs::create_directory(w.dir() / "state");
  ASSERT_EQ(w.search().exit_code, 0);
  w.add("b.txt", "copper again");
  w.index();
  const std::string before = read_file(w.state());
  std::vector<std::string> argv{"/bin/sh", "-c", "exec \"$0\" \"$@\" >/dev/full"};
  const auto search = w.search_argv();
  argv.insert(argv.end(), search.begin(), search.end());
  const auto full = run_process(argv);
  EXPECT_EQ(full.exit_code, 2) << full.err;
  EXPECT_NE(full.err.find("keeps its watermark"), std::string::npos) << full.err;
  EXPECT_EQ(read_file(w.state()), before);
  EXPECT_EQ(names(w.search()), Names{"b.txt"}) << "still reported after the failed run";
}

TEST(NewSince, StateFileProblemsAreNamedBeforeAnythingIsPrinted) {
  Watch w;
  w.add("a.txt", "copper prices rose");
  w.index();
  // The state file's directory does not exist: nothing printed, exit 2.
  const auto unwritable = w.search();
  EXPECT_EQ(unwritable.exit_code, 2);
  EXPECT_EQ(unwritable.out, "");
  EXPECT_NE(unwritable.err.find(w.state()), std::string::npos) << unwritable.err;

  fs::create_directory(w.dir() / "state");
  write_file(w.state(), "garbage\n");
  const auto corrupt = w.search();
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_EQ(corrupt.out, "");
  EXPECT_NE(corrupt.err.find(w.state()), std::string::npos) << corrupt.err;
  EXPECT_EQ(read_file(w.state()), "garbage\n") << "a corrupt file is left for the user";

  fs::remove(w.state());
  ASSERT_EQ(w.search().exit_code, 0);
  const auto other = run_process({search_binary(), "--db", w.db(), "--new-since", w.state(), "zinc"});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("'copper'"), std::string::npos) << other.err;
}

} // namespace
} // namespace dateline::test
