/** @file watch_state_test.cpp
 *  @brief Saved searches (#12.3): the state file's format, reading and
 *  writing, what a run reports, and the --new-since options.
 */
#include "searcher/watch_state.hpp"

#include "common/error.hpp"
#include "searcher/options.hpp"
#include "tests/support/param_name.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/searcher/option_errors.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::searcher {
namespace {

namespace fs = std::filesystem;

TEST(WatchState, RoundTripsAnyQuery) {
  for (const char* query : {"oil", "\"foreign minister\" NEAR japan", "a\\nb", "line\nbreak\r\\", "中日关系", ""}) {
    const WatchState state{"0b1c-uuid", 18446744073709551615ULL, query};
    const std::string text = serialize_watch_state(state);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text;
    EXPECT_EQ(parse_watch_state(text, "f"), state) << text;
  }
  EXPECT_EQ(serialize_watch_state({"u", 7, "oil"}), "dateline-watch 1\nuuid=u\nseq=7\nquery=oil\n");
}

struct ParseCase {
  const char* name;
  std::string text;
  const char* error;  ///< part of the message; nullptr when it parses
};

class WatchStateParse : public ::testing::TestWithParam<ParseCase> {};

TEST_P(WatchStateParse, AcceptsOrNamesTheFile) {
  const ParseCase& c = GetParam();
  if (c.error == nullptr) {
    EXPECT_NO_THROW((void)parse_watch_state(c.text, "/state/chips"));
    return;
  }
  try {
    (void)parse_watch_state(c.text, "/state/chips");
    FAIL() << "accepted";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'/state/chips'"), std::string::npos) << message;
    EXPECT_NE(message.find(c.error), std::string::npos) << message;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, WatchStateParse,
    ::testing::Values(
        ParseCase{"valid", "dateline-watch 1\nuuid=u\nseq=3\nquery=oil\n", nullptr},
        ParseCase{"keys in any order", "dateline-watch 1\nquery=oil\nseq=3\nuuid=u\n", nullptr},
        ParseCase{"unknown key ignored", "dateline-watch 1\nuuid=u\nseq=3\nquery=oil\nsort=newest\n", nullptr},
        ParseCase{"empty file", "", "no first line"},
        ParseCase{"other program", "{\"seq\": 3}\n", "dateline-watch 1"},
        ParseCase{"newer version", "dateline-watch 2\nuuid=u\nseq=3\nquery=oil\n", "format version '2'"},
        ParseCase{"no uuid", "dateline-watch 1\nseq=3\nquery=oil\n", "no uuid"},
        ParseCase{"empty uuid", "dateline-watch 1\nuuid=\nseq=3\nquery=oil\n", "bad uuid"},
        ParseCase{"no seq", "dateline-watch 1\nuuid=u\nquery=oil\n", "no seq"},
        ParseCase{"no query", "dateline-watch 1\nuuid=u\nseq=3\n", "no query"},
        ParseCase{"seq not a number", "dateline-watch 1\nuuid=u\nseq=three\nquery=oil\n", "line 3"},
        ParseCase{"seq negative", "dateline-watch 1\nuuid=u\nseq=-1\nquery=oil\n", "whole number"},
        ParseCase{"seq empty", "dateline-watch 1\nuuid=u\nseq=\nquery=oil\n", "whole number"},
        ParseCase{"seq overflow", "dateline-watch 1\nuuid=u\nseq=18446744073709551616\nquery=oil\n", "whole number"},
        ParseCase{"cut short", "dateline-watch 1\nuuid=u\nseq=3\nquery=oi", "cut short"},
        ParseCase{"line without equals", "dateline-watch 1\nuuid=u\ngarbage\nseq=3\nquery=oil\n", "line 3"},
        ParseCase{"bad escape", "dateline-watch 1\nuuid=u\nseq=3\nquery=a\\x\n", "escape"},
        ParseCase{"binary", std::string("dateline-watch 1\nuuid=u\xff\nseq=3\nquery=oil\n"), "UTF-8"}),
    test::RowName{});

TEST(WatchState, MissingFileIsAFirstRun) {
  test::TempDir dir;
  EXPECT_EQ(load_watch_state((dir / "none").string()), std::nullopt);
}

TEST(WatchState, CorruptFileIsRefusedByName) {
  test::TempDir dir;
  const std::string path = (dir / "chips").string();
  test::write_file(path, "seq=3\n");
  EXPECT_THROW((void)load_watch_state(path), UsageError);
  const std::string big = (dir / "big").string();
  test::write_file(big, "dateline-watch 1\nquery=" + std::string(k_max_watch_state_bytes, 'x') + "\n");
  EXPECT_THROW((void)load_watch_state(big), UsageError);
}

TEST(WatchState, DirectoryIsNotAStateFile) {
  test::TempDir dir;
  fs::create_directory(dir / "d");
  EXPECT_THROW((void)load_watch_state((dir / "d").string()), UsageError);
  EXPECT_THROW(check_watch_state_writable((dir / "d").string()), UsageError);
}

TEST(WatchState, UnwritablePlacesAreFoundBeforeWriting) {
  test::TempDir dir;
  EXPECT_NO_THROW(check_watch_state_writable((dir / "new").string()));
  EXPECT_THROW(check_watch_state_writable((dir / "missing" / "state").string()), UsageError);
  test::write_file(dir / "file", "x");
  EXPECT_THROW(check_watch_state_writable((dir / "file" / "state").string()), UsageError);
  if (::geteuid() != 0) {  // root writes anywhere
    fs::create_directory(dir / "ro");
    fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_THROW(check_watch_state_writable((dir / "ro" / "state").string()), UsageError);
    fs::permissions(dir / "ro", fs::perms::owner_all);
  }
}

TEST(WatchState, SavedPrivatelyAndReadBack) {
  test::TempDir dir;
  const std::string path = (dir / "chips").string();
  const WatchState state{"uuid-1", 42, "semiconductor export curbs"};
  const mode_t old_umask = ::umask(0);
  save_watch_state(path, state);
  ::umask(old_umask);
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(load_watch_state(path), state);
  save_watch_state(path, WatchState{"uuid-1", 43, state.query});
  EXPECT_EQ(load_watch_state(path)->seq, 43U);
}

struct DecideCase {
  const char* name;
  std::optional<WatchState> previous;
  bool init;
  WatchAction action;
  std::uint64_t first;   ///< for report_new
  std::uint64_t next_seq;
  bool rebaselined;
};

class WatchDecide : public ::testing::TestWithParam<DecideCase> {};

// The database: UUID "db", counter 10, query "oil".
TEST_P(WatchDecide, Decides) {
  const DecideCase& c = GetParam();
  const WatchDecision d = decide_watch(c.previous, "db", 10, "oil", c.init, "st");
  EXPECT_EQ(d.action, c.action);
  if (c.action == WatchAction::report_new) {
    EXPECT_EQ(d.first, c.first);
    EXPECT_EQ(d.last, 10U);
  }
  if (c.action == WatchAction::report_current) {
    EXPECT_EQ(d.last, 10U);
  }
  EXPECT_EQ(d.next, (WatchState{"db", c.next_seq, "oil"}));
  EXPECT_EQ(d.rebaselined, c.rebaselined);
}

INSTANTIATE_TEST_SUITE_P(
    Table, WatchDecide,
    ::testing::Values(
        DecideCase{"missing file first run", std::nullopt, false, WatchAction::report_current, 0, 10, false},
        DecideCase{"missing file init", std::nullopt, true, WatchAction::record_only, 0, 10, false},
        DecideCase{"new articles", WatchState{"db", 7, "oil"}, false, WatchAction::report_new, 8, 10, false},
        DecideCase{"from zero", WatchState{"db", 0, "oil"}, false, WatchAction::report_new, 1, 10, false},
        DecideCase{"nothing new", WatchState{"db", 10, "oil"}, false, WatchAction::nothing_new, 0, 10, false},
        DecideCase{"never backwards", WatchState{"db", 12, "oil"}, false, WatchAction::nothing_new, 0, 12, false},
        DecideCase{"max watermark", WatchState{"db", UINT64_MAX, "oil"}, false, WatchAction::nothing_new, 0,
                   UINT64_MAX, false},
        DecideCase{"other database", WatchState{"old", 3, "oil"}, false, WatchAction::record_only, 0, 10, true},
        DecideCase{"other database higher seq", WatchState{"old", 99, "oil"}, false, WatchAction::record_only, 0, 10,
                   true},
        DecideCase{"init restarts", WatchState{"db", 3, "oil"}, true, WatchAction::record_only, 0, 10, false}),
    test::RowName{});

// dateline-index --compact gives undated/ a new UUID and records the old ones:
// a state file naming one of them continues; any other UUID is another database.
TEST(WatchState, AUuidBeforeACompactionContinues) {
  const std::string earlier = "uuid-a\nuuid-b\n";
  const WatchDecision kept = decide_watch(WatchState{"uuid-a", 3, "oil"}, "uuid-c", 10, "oil", false, "st", earlier);
  EXPECT_EQ(kept.action, WatchAction::report_new);
  EXPECT_EQ(kept.first, 4U);
  EXPECT_FALSE(kept.rebaselined);
  EXPECT_EQ(kept.next.uuid, "uuid-c") << "the state file moves on to the current UUID";
  for (const char* other : {"uuid", "uuid-a\nuuid-b", "", "uuid-x"}) {
    const WatchDecision d = decide_watch(WatchState{other, 3, "oil"}, "uuid-c", 10, "oil", false, "st", earlier);
    EXPECT_TRUE(d.rebaselined) << other;
    EXPECT_EQ(d.action, WatchAction::record_only) << other;
  }
}

TEST(WatchState, AnotherQueryIsRefused) {
  try {
    (void)decide_watch(WatchState{"db", 3, "gas"}, "db", 10, "oil", false, "/s/chips");
    FAIL() << "accepted";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'/s/chips'"), std::string::npos) << message;
    EXPECT_NE(message.find("'gas'"), std::string::npos) << message;
  }
}

TEST(NewSinceOptions, ParsesAndListsEveryNewHit) {
  const SearchOptions o = parse_search_options({"--new-since", "st", "oil"});
  EXPECT_EQ(o.new_since, "st");
  EXPECT_FALSE(o.watch_init);
  EXPECT_EQ(o.limit, k_max_limit);
  EXPECT_EQ(parse_search_options({"--new-since", "st", "--limit", "5", "oil"}).limit, 5U);
  EXPECT_TRUE(parse_search_options({"--new-since=st", "--init", "--format", "json", "oil"}).watch_init);
  EXPECT_NE(search_help_text().find("mail -E"), std::string::npos);
}

using NewSinceError = option_errors::OptionError;

class NewSinceOptionError : public ::testing::TestWithParam<NewSinceError> {};

TEST_P(NewSinceOptionError, Throws) {
  option_errors::expect_refused(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Table, NewSinceOptionError,
    ::testing::Values(NewSinceError{"batch", {"--new-since", "st", "--batch", "-"}, "--batch"},
                      NewSinceError{"init alone", {"--init", "oil"}, "--new-since"},
                      NewSinceError{"empty path", {"--new-since", "", "oil"}, "empty"},
                      NewSinceError{"offset", {"--new-since", "st", "--offset", "10", "oil"}, "--offset"},
                      NewSinceError{"two databases", {"--new-since", "st", "--db", "a", "--db", "b", "oil"}, "one"},
                      NewSinceError{"no query", {"--new-since", "st"}, "no query"}),
    test::RowName{});

} // namespace
} // namespace dateline::searcher
