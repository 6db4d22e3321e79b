/** @file scripts_lib_test.cpp
 *  @brief The benchmark scripts' shared helpers (scripts/lib/measure.bash):
 *  machine_facts names the build type of the build measured (it said
 *  "Release build" for every build), cpu_ms measures a command's CPU time
 *  and stops the script on a real failure, and the sections of
 *  scripts/bench (bench-duplicates.bash, bench-ranking.bash) time through
 *  it instead of wrappers of their own; bench-queries.awk stops with what a
 *  tiny corpus has (it looped forever); scripts/synth-archive honours
 *  --corpora from a checkout not beside shared/.
 */
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() { return env_or_empty("DATELINE_SOURCE_DIR"); }

/// Runs @p script in bash after sourcing measure.bash, with repo, work and
/// build_dir set (build_dir = @p build_dir).
ProcessResult with_measure(const TempDir& dir, const fs::path& build_dir, const std::string& script) {
  const std::string prelude = "set -euo pipefail; repo='" + source_dir().string() + "'; work='" + dir.path().string() +
                              "'; build_dir='" + build_dir.string() + "'; . \"$repo/scripts/lib/measure.bash\"; ";
  return run_process({"/bin/bash", "-c", prelude + script});
}

class ScriptsLib : public ::testing::Test {
protected:
  void SetUp() override {
    if (!fs::is_regular_file(source_dir() / "scripts/lib/measure.bash")) {
      GTEST_SKIP() << "the source tree (DATELINE_SOURCE_DIR) is not available";
    }
  }
  TempDir dir;
};

TEST_F(ScriptsLib, MachineFactsNamesTheBuildTypeOfTheBuildMeasured) {
  for (const std::string type : {"RelWithDebInfo", "Release", "Debug"}) {
    const fs::path build = dir / ("build-" + type);
    write_file(build / "CMakeCache.txt", "CMAKE_BUILD_TYPE:STRING=" + type + "\nOTHER:BOOL=ON\n");
    const auto facts = with_measure(dir, build, "machine_facts");
    ASSERT_EQ(facts.exit_code, 0) << facts.err;
    EXPECT_TRUE(std::regex_search(facts.out, std::regex(", " + type + " build\n"))) << facts.out;
  }
  const auto none = with_measure(dir, dir / "no-such-build", "machine_facts");
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find(", unknown build\n"), std::string::npos) << none.out;
  EXPECT_EQ(none.out.find("Release"), std::string::npos) << none.out;
}

TEST_F(ScriptsLib, CpuMsMeasuresTheCommandAndStopsOnAFailure) {
  // A fixed amount of work: its CPU time is well above 10 ms on any machine,
  // however loaded (CPU time, not wall time, so load does not shrink it).
  const auto busy =
      with_measure(dir, dir.path(), "cpu_ms bash -c 'i=0; while [ $i -lt 50000 ]; do i=$((i + 1)); done'; echo after");
  ASSERT_EQ(busy.exit_code, 0) << busy.err;
  std::smatch number;
  ASSERT_TRUE(std::regex_match(busy.out, number, std::regex(R"(([0-9]+\.[0-9])\nafter\n)"))) << busy.out;
  EXPECT_GT(std::stod(number[1]), 10.0) << busy.out;
  // Exit 1 (no hits, files that failed) is measured; stdout is not passed on.
  const auto one = with_measure(dir, dir.path(), "cpu_ms sh -c 'echo noise; exit 1'; echo after");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(std::regex_match(one.out, std::regex(R"([0-9]+\.[0-9]\nafter\n)"))) << one.out;
  // Anything else stops the script, naming the command.
  const auto failed = with_measure(dir, dir.path(), "cpu_ms sh -c 'exit 3'; echo after");
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_EQ(failed.out.find("after"), std::string::npos) << failed.out;
  EXPECT_NE(failed.err.find("exited with 3: sh -c exit 3"), std::string::npos) << failed.err;
}

TEST_F(ScriptsLib, BenchSectionsTimeThroughTheSharedHelper) {
  for (const char* name : {"scripts/lib/bench-duplicates.bash", "scripts/lib/bench-ranking.bash"}) {
    SCOPED_TRACE(name);
    const std::string text = read_file(source_dir() / name);
    EXPECT_EQ(text.find("/usr/bin/time"), std::string::npos) << name << " wraps GNU time itself";
    EXPECT_EQ(text.find("EPOCHREALTIME"), std::string::npos) << name << " times with the wall clock itself";
    EXPECT_NE(text.find("cpu_ms "), std::string::npos) << name << " does not use measure.bash's cpu_ms";
  }
}

// A corpus with fewer distinct title words than the queries asked for (the
// sample's handful of articles) gets what can be drawn and a note on stderr;
// the awk looped forever before. Each query is distinct and well formed.
TEST_F(ScriptsLib, BenchQueriesStopsWithWhatATinyCorpusHas) {
  write_file(dir / "titles.txt", "Harbour crane strike\nOil prices\nThe\n");
  ProcessOptions options;
  options.timeout = std::chrono::seconds(120);  // a bound for the old endless loop, not a timing
  const auto r = run_process({"/usr/bin/awk", "-v", "seed=1987", "-v", "singles=120", "-v", "pairs=80", "-v", "triples=30", "-v",
                              "phrases=20", "-f", (source_dir() / "scripts/lib/bench-queries.awk").string(),
                              (dir / "titles.txt").string()},
                             options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> queries;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(queries.insert(line).second) << "repeated: " << line;
  }
  const std::set<std::string> all{"harbour", "crane", "strike", "oil", "prices", "harbour crane", "crane strike",
                                  "oil prices", "harbour crane strike", "\"harbour crane\"", "\"crane strike\"",
                                  "\"oil prices\""};
  EXPECT_EQ(queries, all) << r.out;
  EXPECT_NE(r.err.find("only 5 of 120 one-word queries"), std::string::npos) << r.err;
  // A corpus without one usable title word: nothing, and a note.
  write_file(dir / "none.txt", "The and\nOf it\n");
  const auto none = run_process({"/usr/bin/awk", "-v", "singles=3", "-v", "phrases=2", "-f",
                                 (source_dir() / "scripts/lib/bench-queries.awk").string(), (dir / "none.txt").string()},
                                options);
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "");
  EXPECT_NE(none.err.find("only 0 of 2 phrase queries"), std::string::npos) << none.err;
}

// Session 16 trial: scripts/synth-archive in a checkout not beside shared/
// failed ("../shared/corpora is absent") even with --corpora DIR, as the
// wrapper checked its own default first. A stand-in program (through
// DATELINE_BUILD_DIR) shows what the wrapper passes on.
TEST_F(ScriptsLib, SynthArchiveWrapperHonoursCorpora) {
  const fs::path checkout = dir / "elsewhere/checkout";
  fs::create_directories(checkout / "scripts");
  fs::copy_file(source_dir() / "scripts/synth-archive", checkout / "scripts/synth-archive");
  const fs::path build = dir / "build";
  write_file(build / "bin/dateline-synth-archive", "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
  fs::permissions(build / "bin/dateline-synth-archive", fs::perms::owner_all);
  const auto wrapper = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"/bin/bash", (checkout / "scripts/synth-archive").string()});
    return run_process(args, ProcessOptions{"", {{"DATELINE_BUILD_DIR", build.string()}}});
  };
  const fs::path corpora = dir / "my-corpora";
  const auto given = wrapper({"10", "out", "--corpora", corpora.string()});
  ASSERT_EQ(given.exit_code, 0) << given.err;
  EXPECT_EQ(given.out, "10\nout\n--corpora\n" + corpora.string() + "\n") << "passed on once, as given";
  const auto joined = wrapper({"10", "out", "--corpora=" + corpora.string()});
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_EQ(joined.out, "10\nout\n--corpora=" + corpora.string() + "\n");
  const auto absent = wrapper({"10", "out"});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_EQ(absent.out, "") << "not run";
  EXPECT_NE(absent.err.find("is absent"), std::string::npos) << absent.err;
  EXPECT_NE(absent.err.find("give --corpora DIR"), std::string::npos) << absent.err;
}

} // namespace
} // namespace dateline::test
