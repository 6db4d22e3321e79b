/** @file walker_test.cpp
 *  @brief The walker: order, globs, hidden/temp files, symlinks, loops, unreadable dirs.
 */
#include "indexer/walker.hpp"

#include "common/error.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <fnmatch.h>

#include <filesystem>
#include <limits>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dateline::indexer {
namespace {

using dateline::test::TempDir;
using dateline::test::write_file;
namespace fs = std::filesystem;

std::vector<std::string> relatives(const WalkResult& result) {
  std::vector<std::string> out;
  for (const auto& f : result.files) {
    out.push_back(f.relative);
  }
  return out;
}

WalkResult walk_dir(const fs::path& root, WalkParams params = {}) {
  params.roots = {resolve_root(root.string())};
  if (params.includes.empty()) {
    params.includes = {"*.txt"};
  }
  return walk(params);
}

TEST(Walker, SortedRecursiveTxtOnly) {
  TempDir dir;
  for (const char* name : {"b.txt", "a.txt", "sub/z.txt", "sub/deeper/y.txt", "notes.md", "c.TXT"}) {
    write_file(dir / name, "x");
  }
  const auto result = walk_dir(dir.path());
  EXPECT_TRUE(result.complete);
  // c.TXT too: an extension glob matches in any case (ExtensionGlobsIgnoreCase).
  EXPECT_EQ(relatives(result),
            (std::vector<std::string>{"a.txt", "b.txt", "c.TXT", "sub/deeper/y.txt", "sub/z.txt"}));
  EXPECT_EQ(result.files[0].stat.size, 1U);
  EXPECT_NE(result.files[0].stat.inode, 0U);
}

TEST(Walker, HiddenAndEditorTempFilesAreSkipped) {
  TempDir dir;
  for (const char* name : {"ok.txt", ".hidden.txt", "draft.txt~", ".#lock.txt", "#auto.txt#", "x.txt.swp",
                           ".git/inside.txt"}) {
    write_file(dir / name, "x");
  }
  WalkParams params;
  params.includes = {"*"};
  const auto result = walk_dir(dir.path(), params);
  EXPECT_EQ(relatives(result), std::vector<std::string>{"ok.txt"});
  EXPECT_EQ(result.hidden_skipped, 6U);
}

TEST(Walker, IsHiddenOrTempTable) {
  struct Case {
    const char* name;
    bool skipped;
  };
  for (const Case c : {Case{"a.txt", false}, Case{".a", true}, Case{"a~", true}, Case{"#a#", true},
                       Case{"#a", false}, Case{"a.swp", true}, Case{".swp", true}, Case{"swp", false}}) {
    EXPECT_EQ(is_hidden_or_temp(c.name), c.skipped) << c.name;
  }
}

TEST(Walker, IncludeAndExcludeGlobs) {
  TempDir dir;
  for (const char* name : {"a.txt", "b.eml", "drafts/c.txt", "keep/drafts.txt", "2024/old.txt"}) {
    write_file(dir / name, "x");
  }
  WalkParams params;
  params.includes = {"*.txt", "*.eml"};
  params.excludes = {"drafts", "2024/*"};
  EXPECT_EQ(relatives(walk_dir(dir.path(), params)), (std::vector<std::string>{"a.txt", "b.eml", "keep/drafts.txt"}));
  EXPECT_TRUE(matches_any({"sub/*.txt"}, "sub/a.txt"));
  EXPECT_FALSE(matches_any({"sub/*.txt"}, "sub/deeper/a.txt"));
  EXPECT_TRUE(matches_any({"*.txt"}, "deep/er/a.txt"));
}

TEST(Walker, SuffixGlobsAgreeWithFnmatch) {
  // "*<literal>" globs skip fnmatch; both must say the same on every name,
  // an extension glob ("*." and plain characters) ignoring case.
  for (const std::string glob : {"*.txt", "*txt", "*.TXT", "*.tar.gz", "*a", "*.[t]xt", "*.t?t", "*\\.txt"}) {
    const bool extension = glob.starts_with("*.") && glob.find_first_of("*?[\\", 1) == std::string::npos;
    for (const std::string name : {"a.txt", ".txt", ".hidden.txt", "a.txt.bak", "txt", "a.TXT", "x.tar.gz", "a",
                                   "a.tst", "", "dir.txt", "X.Tar.GZ", "A"}) {
      EXPECT_EQ(matches_any({glob}, "some/dir/" + name),
                ::fnmatch(glob.c_str(), name.c_str(), extension ? FNM_CASEFOLD : 0) == 0)
          << glob << " vs " << name;
    }
  }
}

// An archive copied from an 8.3 file system names its stories STORY.TXT:
// the default --include '*.txt' skipped them all. An extension matches in
// any case, as omindex maps extensions; other globs are as written.
TEST(Walker, ExtensionGlobsIgnoreCase) {
  EXPECT_TRUE(matches_any({"*.txt"}, "1987/STORY.TXT"));
  EXPECT_TRUE(matches_any({"*.txt"}, "Story.Txt"));
  EXPECT_TRUE(matches_any({"*.EML"}, "mail/a.eml"));
  EXPECT_TRUE(matches_any({"*.tar.gz"}, "A.TAR.GZ"));
  EXPECT_FALSE(matches_any({"*draft"}, "MYDRAFT")) << "not an extension: as written";
  EXPECT_FALSE(matches_any({"story*"}, "STORY.TXT"));
  EXPECT_FALSE(matches_any({"news/*.txt"}, "news/A.TXT")) << "a path glob: as written (fnmatch)";
  EXPECT_FALSE(matches_any({"*.t?t"}, "A.TXT")) << "wildcards in the extension: as written (fnmatch)";
  TempDir dir;
  write_file(dir / "STORY.TXT", "x");
  write_file(dir / "notes.Txt", "x");
  write_file(dir / "draft.BAK", "x");
  WalkParams params;
  params.includes = {"*.txt", "*.bak"};
  params.excludes = {"*.bak"};
  EXPECT_EQ(relatives(walk_dir(dir.path(), params)), (std::vector<std::string>{"STORY.TXT", "notes.Txt"}));
}

TEST(Walker, SymlinksNotFollowedByDefault) {
  TempDir dir;
  write_file(dir / "root/real/a.txt", "x");
  write_file(dir / "outside/secret.txt", "x");
  fs::create_directory_symlink(dir / "outside", dir / "root/escape");
  fs::create_symlink(dir / "root/real/a.txt", dir / "root/link.txt");
  const auto result = walk_dir(dir / "root");
  EXPECT_EQ(relatives(result), std::vector<std::string>{"real/a.txt"});
  EXPECT_EQ(result.symlinks_skipped, 2U);
}

TEST(Walker, FollowStaysInsideRootsAndBreaksLoops) {
  TempDir dir;
  write_file(dir / "root/real/a.txt", "x");
  write_file(dir / "outside/secret.txt", "x");
  fs::create_directory_symlink(dir / "outside", dir / "root/escape");
  fs::create_directory_symlink(dir / "root", dir / "root/real/loop");
  fs::create_directory_symlink(dir / "root/real", dir / "root/zalias");
  fs::create_symlink("missing.txt", dir / "root/dangling.txt");
  WalkParams params;
  params.follow_symlinks = true;
  const auto result = walk_dir(dir / "root", params);
  EXPECT_EQ(relatives(result), std::vector<std::string>{"real/a.txt"});
  EXPECT_GE(result.symlinks_skipped, 3U);  // escape, loop, already-visited alias, dangling
  bool escape_noted = false;
  for (const auto& note : result.notes) {
    escape_noted = escape_noted || note.find("outside the indexed roots") != std::string::npos;
  }
  EXPECT_TRUE(escape_noted);
}

// #14.3: with --follow, a file reached through a symbolic link as well is
// walked once, under its own path; hard links stay two names.
TEST(Walker, FollowWalksAFileReachedTwiceOnce) {
  TempDir dir;
  write_file(dir / "root/real/a.txt", "x");
  write_file(dir / "root/real/b.txt", "y");
  fs::create_symlink(dir / "root/real/a.txt", dir / "root/alink.txt");  // sorts before real/
  fs::create_symlink(dir / "root/real/b.txt", dir / "root/zlink.txt");
  fs::create_hard_link(dir / "root/real/b.txt", dir / "root/hard.txt");
  write_file(dir / "root/only/c.txt", "z");
  fs::create_symlink(dir / "root/only/c.txt", dir / "root/only/d.txt");
  fs::create_symlink(dir / "root/only/c.txt", dir / "root/only/e.txt");
  WalkParams params;
  params.follow_symlinks = true;
  const auto result = walk_dir(dir / "root", params);
  EXPECT_EQ(relatives(result), (std::vector<std::string>{"hard.txt", "only/c.txt", "real/a.txt", "real/b.txt"}));
  EXPECT_EQ(result.symlinks_skipped, 4U);
  // The note names the path that is kept (trial: it named the link twice,
  // "alink.txt: the same file as alink.txt").
  const auto noted = [&](const std::string& text) {
    return std::any_of(result.notes.begin(), result.notes.end(),
                       [&](const std::string& note) { return note.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(noted("alink.txt: the same file as real/a.txt")) << ::testing::PrintToString(result.notes);
  EXPECT_TRUE(noted("zlink.txt: the same file as hard.txt"))  // a hard link of real/b.txt, kept too
      << ::testing::PrintToString(result.notes);
  EXPECT_FALSE(noted("alink.txt: the same file as alink.txt")) << ::testing::PrintToString(result.notes);
  const auto plain = walk_dir(dir / "root");
  EXPECT_EQ(relatives(plain), (std::vector<std::string>{"hard.txt", "only/c.txt", "real/a.txt", "real/b.txt"}));
}

TEST(Walker, DepthCapProtectsDeeperDirectories) {
  TempDir dir;
  write_file(dir / "a/b/c/d/deep.txt", "x");
  write_file(dir / "a/top.txt", "x");
  WalkParams params;
  params.max_depth = 2;
  const auto result = walk_dir(dir.path(), params);
  EXPECT_EQ(relatives(result), std::vector<std::string>{"a/top.txt"});
  ASSERT_EQ(result.unreadable.size(), 1U);
  EXPECT_EQ(result.unreadable[0].relative, "a/b/c");
}

TEST(Walker, UnreadableDirectoryIsRecorded) {
  TempDir dir;
  write_file(dir / "open/a.txt", "x");
  write_file(dir / "closed/b.txt", "x");
  const bool as_root = ::geteuid() == 0;
  if (as_root) {
    // Root ignores permission bits: walk in a child that drops to "nobody".
    for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
      ASSERT_EQ(::chown(entry.path().c_str(), 65534, 65534), 0);
    }
    ASSERT_EQ(::chown(dir.path().c_str(), 65534, 65534), 0);
  }
  ::chmod((dir / "closed").c_str(), 0);
  auto check = [&]() -> int {  // 0 when the walk saw what it should
    const auto result = walk_dir(dir.path());
    if (!result.complete || relatives(result) != std::vector<std::string>{"open/a.txt"}) return 1;
    if (result.unreadable.size() != 1 || result.unreadable[0].relative != "closed") return 2;
    return 0;
  };
  int outcome = 0;
  if (as_root) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
      ::_exit(check());
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    outcome = WIFEXITED(status) ? WEXITSTATUS(status) : 4;
  } else {
    outcome = check();
  }
  ::chmod((dir / "closed").c_str(), 0755);
  EXPECT_EQ(outcome, 0) << "1: wrong files, 2: unreadable dir not recorded, 3: cannot drop privileges";
}

TEST(Walker, IsUnder) {
  EXPECT_TRUE(is_under("a/b.txt", "a"));
  EXPECT_TRUE(is_under("a", "a"));
  EXPECT_TRUE(is_under("anything", ""));
  EXPECT_FALSE(is_under("ab/c.txt", "a"));
  EXPECT_FALSE(is_under("a", "a/b"));
}

TEST(Walker, StopFlagAbandonsTheWalk) {
  TempDir dir;
  write_file(dir / "a.txt", "x");
  std::atomic<bool> stop{true};
  WalkParams params;
  params.stop = &stop;
  EXPECT_FALSE(walk_dir(dir.path(), params).complete);
}

TEST(Walker, ResolveRootRejectsMissingAndFiles) {
  TempDir dir;
  write_file(dir / "file.txt", "x");
  EXPECT_THROW((void)resolve_root((dir / "missing").string()), Error);
  EXPECT_THROW((void)resolve_root((dir / "file.txt").string()), Error);
}

// #14.12: an mtime after 2262 (or before 1678) does not fit int64 nanoseconds.
// The nanosecond value saturates instead of wrapping (a file of 2446 became
// 1861), and the exact seconds are kept for dates taken from the mtime.
TEST(Walker, FileStatSaturatesMtimeNanosecondsOutsideInt64) {
  struct Case {
    std::int64_t seconds;
    long nanoseconds;
    std::int64_t expected_ns;
  };
  constexpr std::int64_t k_max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t k_min = std::numeric_limits<std::int64_t>::min();
  const Case cases[] = {
      {0, 0, 0},
      {1700000000, 123, 1700000000000000123LL},
      {-1, 500, -999999500LL},
      {9223372036LL, 854775807, k_max},          // the last representable nanosecond
      {9223372036LL, 854775808, k_max},          // one past it
      {15000000000LL, 0, k_max},                 // year 2445
      {k_max / 2, 999999999, k_max},
      {-9223372037LL, 145224192, k_min},         // the first representable nanosecond
      {-9223372037LL, 0, k_min},                 // one second before it
      {-15000000000LL, 0, k_min},                // year 1494
  };
  for (const auto& c : cases) {
    struct stat st {};
    st.st_mtim.tv_sec = static_cast<time_t>(c.seconds);
    st.st_mtim.tv_nsec = c.nanoseconds;
    st.st_ctim = st.st_mtim;
    const FileStat stat = FileStat::from(st);
    EXPECT_EQ(stat.mtime_ns, c.expected_ns) << c.seconds << " s " << c.nanoseconds << " ns";
    EXPECT_EQ(stat.ctime_ns, c.expected_ns) << c.seconds << " s " << c.nanoseconds << " ns";
  }
}

} // namespace
} // namespace dateline::indexer
