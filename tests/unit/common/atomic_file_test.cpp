/** @file atomic_file_test.cpp
 *  @brief write_file_atomically: replaces, never writes through a planted
 *  link, leaves no temporary file, names the user's path on failure.
 */
#include "common/atomic_file.hpp"

#include "common/error.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/stat.h>

namespace dateline {
namespace {

namespace fs = std::filesystem;

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(AtomicFile, ReplacesTheFileAndLeavesNoTemporary) {
  test::TempDir dir;
  const auto path = (dir / "s.json").string();
  write_file_atomically(path, "one");
  write_file_atomically(path, "two");
  EXPECT_EQ(test::read_file(path), "two");
  EXPECT_EQ(entries(dir.path()), 1U) << "no temporary file left behind";
}

TEST(AtomicFile, ModeLessUmask) {
  test::TempDir dir;
  const mode_t old = ::umask(022);
  write_file_atomically((dir / "a").string(), "x", 0666);
  write_file_atomically((dir / "b").string(), "x", 0600);
  ::umask(old);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "a").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644U);
  ASSERT_EQ(::stat((dir / "b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600U);
}

// #14.4: a link planted at the target is replaced, its target untouched.
TEST(AtomicFile, NeverWritesThroughAPlantedLink) {
  test::TempDir dir;
  test::write_file(dir / "victim", "precious");
  fs::create_symlink(dir / "victim", dir / "s.json");
  write_file_atomically((dir / "s.json").string(), "summary");
  EXPECT_EQ(test::read_file(dir / "victim"), "precious");
  EXPECT_FALSE(fs::is_symlink(dir / "s.json"));
  EXPECT_EQ(test::read_file(dir / "s.json"), "summary");
}

TEST(AtomicFile, FailureNamesThePathAndCleansUp) {
  test::TempDir dir;
  const auto missing = (dir / "no/such/dir/s.json").string();
  try {
    write_file_atomically(missing, "x");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'" + missing + "'"), std::string::npos) << e.what();
  }
  fs::create_directories(dir / "target-is-a-dir");
  EXPECT_THROW(write_file_atomically((dir / "target-is-a-dir").string(), "x"), Error);
  EXPECT_EQ(entries(dir.path()), 1U) << "the temporary file is removed after a failed rename";
}

TEST(AtomicFile, ProblemsAreFoundBeforeWriting) {
  test::TempDir dir;
  EXPECT_EQ(atomic_write_problem((dir / "ok.json").string()), "");
  EXPECT_NE(atomic_write_problem((dir / "missing/x.json").string()), "");
  test::write_file(dir / "file", "x");
  EXPECT_NE(atomic_write_problem((dir / "file/x.json").string()), "");
  EXPECT_NE(atomic_write_problem(dir.path().string()), "") << "a directory";
  EXPECT_NE(atomic_write_problem((dir / "trailing/").string()), "");
  EXPECT_EQ(parent_directory("x.json"), ".");
  EXPECT_EQ(parent_directory("/x.json"), "/");
  EXPECT_EQ(parent_directory("a/b/x.json"), "a/b");
}

} // namespace
} // namespace dateline
