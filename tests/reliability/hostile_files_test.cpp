/** @file hostile_files_test.cpp
 *  @brief Promise 5: a battery of hostile files, each with its documented
 *  outcome (docs/reliability.md, "Hostile files"): indexed, repaired and
 *  indexed, or skipped with a reason in the summary. None crashes the run and
 *  no term over Xapian's 245-byte limit reaches the database.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include "common/encoding.hpp"
#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

constexpr int k_deep_levels = 1000;
constexpr int k_shallow_article_level = 100;

/// Creates root/deep/deep/... k_deep_levels down with openat (the full path is
/// longer than PATH_MAX), with an article at level 100 and at the bottom.
void make_deep_tree(const fs::path& root) {
  fs::create_directories(root);
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  for (int level = 1; level <= k_deep_levels; ++level) {
    ASSERT_EQ(::mkdirat(fd, "deep", 0755), 0) << "level " << level;
    const int next = ::openat(fd, "deep", O_RDONLY | O_DIRECTORY);
    ::close(fd);
    ASSERT_GE(next, 0) << "level " << level;
    fd = next;
    if (level == k_shallow_article_level || level == k_deep_levels) {
      const std::string text = "date 2024-03-0" + std::string(level == k_deep_levels ? "2" : "1") +
                               "\nDeep level " + std::to_string(level) + "\n\nzdeep" + std::to_string(level) +
                               " article.\n";
      const int file = ::openat(fd, "a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ASSERT_GE(file, 0);
      ASSERT_EQ(::write(file, text.data(), text.size()), static_cast<ssize_t>(text.size()));
      ::close(file);
    }
  }
  ::close(fd);
}

/// Removes the deep chain with short paths only (TempDir's remove_all cannot).
void remove_deep_tree(const fs::path& root) {
  std::error_code ec;
  const fs::path top = root / "deep";
  const fs::path spare = root / "spare";
  while (fs::exists(top, ec)) {
    for (const auto& entry : fs::directory_iterator(top, ec)) {
      if (!entry.is_directory(ec)) fs::remove(entry.path(), ec);
    }
    if (fs::exists(top / "deep", ec)) {
      fs::rename(top / "deep", spare, ec);
      fs::remove(top, ec);
      fs::rename(spare, top, ec);
    } else {
      fs::remove(top, ec);
    }
  }
}

class HostileFiles : public ::testing::Test {
protected:
  void TearDown() override { remove_deep_tree(m_dir / "archive/tree"); }
  TempDir m_dir;
};

TEST_F(HostileFiles, EachGetsItsDocumentedOutcome) {
  const fs::path a = m_dir / "archive";
  const auto put = [&](const std::string& name, const std::string& bytes) { write_file(a / name, bytes); };
  put("empty.txt", "");
  put("whitespace.txt", "  \n\t\n   \n");
  put("no-date.txt", "Just some words with no date anywhere.\n");
  put("impossible-date.txt", "date 2024-13-45\nImpossible\n\nThe thirteenth month.\n");
  put("future-date.txt", "date 2999-01-01\nFuture headline\n\nWritten zfuture ahead of time.\n");
  put("latin1.txt", "date 2024-01-01\nCaf\xe9 au lait\n\nLe caf\xe9 est tr\xe8s chaud \xe0 Montr\xe9""al ce matin, "
                    "dit le ma\xeetre d'h\xf4tel.\n");
  put("gb18030.txt", "date 2024-01-02\n\xd6\xd0\xc8\xd5\xb9\xd8\xcf\xb5\n\n\xd6\xd0\xc8\xd5\xc1\xbd\xb9\xfa\xcd\xe2"
                     "\xb3\xa4\xbe\xd9\xd0\xd0\xbb\xe1\xcc\xb8\xa3\xac\xcb\xab\xb7\xbd\xb1\xed\xca\xbe\xd6\xd0\xc8"
                     "\xd5\xb9\xd8\xcf\xb5\xd5\xfd\xb4\xa6\xd3\xda\xb9\xd8\xbc\xfc\xca\xb1\xc6\xda\xa1\xa3\n");
  put("shift-jis.txt", "date 2024-01-03\n\x93\xfa\x96\x7b\x82\xcc\x83\x6a\x83\x85\x81\x5b\x83\x58\n\n\x93\x8c\x8b"
                       "\x9e\x82\xc5\x89\xef\x8b\x63\x82\xaa\x8a\x4a\x82\xa9\x82\xea\x82\xdc\x82\xb5\x82\xbd\x81\x42"
                       "\x93\xfa\x96\x7b\x82\xcc\x8c\x6f\x8d\xcf\x82\xc9\x82\xc2\x82\xa2\x82\xc4\x98\x62\x82\xb5\x8d"
                       "\x87\x82\xa2\x82\xdc\x82\xb5\x82\xbd\x81\x42\n");
  std::string utf16 = "\xff\xfe";
  for (const char c : std::string("date 2024-01-04\nSixteen bits\n\nzutfsixteen text here.\n")) {
    utf16 += c;
    utf16 += '\0';
  }
  put("utf16.txt", utf16);
  put("utf8-bom.txt", "\xef\xbb\xbf""date 2024-01-05\nBOM headline\n\nzbomword after a byte order mark.\n");
  put("crlf.txt", "date 2024-01-06\r\nCRLF headline\r\n\r\nzcrlfword Windows line endings.\r\n");
  put("nul.txt", std::string("date 2024-01-07\nNul\n\nabc\0def\n", 29));
  std::string elf = "\x7f""ELF\x02\x01\x01";
  for (int i = 0; i < 256; ++i) elf += static_cast<char>(i);
  put("elf.txt", elf);
  put("long-word.txt", "date 2024-01-08\nLong word\n\nbefore " + std::string(100000, 'w') + " zafterword\n");
  std::string title;
  while (title.size() < 10000) title += "title ";
  put("long-title.txt", "date 2024-01-09\n" + title + "\n\nzshortbody here.\n");
  std::string big = "date 2024-01-10\nBig\n\n";
  while (big.size() < 300000) big += "word ";
  put("over-cap.txt", big);
  put("escapes.txt", "date 2024-01-11\nEscape \x1b[31mred\x1b[0m title\n\nText \x1b]0;owned\x07 with \x1b[2J zescape.\n");
  put("new\nline.txt", "date 2024-01-12\nNewline name\n\nznewlinename body.\n");
  put("bad\xffname.txt", "date 2024-01-13\nBad name\n\nzbadname body.\n");
  fs::create_symlink(".", a / "loop");
  fs::create_symlink("/etc", a / "escape-dir");
  fs::create_symlink("/etc/passwd", a / "escape-file.txt");
  make_deep_tree(a / "tree");

  const fs::path db = m_dir / "db";
  const fs::path json = m_dir / "s.json";
  // --follow exercises the symlink policy (loops and escapes are refused even then).
  const auto run = run_index({"--db", db.string(), "--max-size", "200k", "--follow", "--summary-json", json.string(),
                              a.string()});
  ASSERT_EQ(run.exit_code, 1) << "only the impossible date is a new failure\n" << run.err;
  EXPECT_EQ(run.err.find("terminate"), std::string::npos);
  EXPECT_TRUE(is_valid_utf8(run.err)) << "warnings are printable";
  EXPECT_EQ(run.err.find('\x1b'), std::string::npos) << "no escape sequence reaches the terminal";
  const std::string s = read_file(json);
  EXPECT_EQ(json_number(s, "added"), 13) << s;
  EXPECT_EQ(json_number(s, "repaired"), 5) << "Latin-1, GB18030, Shift-JIS, UTF-16, escapes\n" << s;
  EXPECT_EQ(json_number(s, "skipped.empty"), 2) << s;
  EXPECT_EQ(json_number(s, "skipped.undated"), 1) << s;
  EXPECT_EQ(json_number(s, "skipped.bad_date"), 1) << s;
  EXPECT_EQ(json_number(s, "skipped.binary"), 2) << s;
  EXPECT_EQ(json_number(s, "skipped.too_large"), 1) << s;
  EXPECT_EQ(json_number(s, "failed_new"), 1) << s;
  EXPECT_EQ(json_number(s, "too_deep_dirs"), 1) << "the tree below --max-depth 256\n" << s;
  EXPECT_EQ(json_number(s, "unreadable_dirs"), 0) << "a directory too deep is not unreadable\n" << s;
  EXPECT_EQ(json_number(s, "documents"), 13) << s;

  const auto handle = open_db(db);
  EXPECT_TRUE(unique_ids_consistent(handle));
  const auto [longest, term] = longest_term(handle);
  EXPECT_LE(longest, schema::k_xapian_max_term_bytes) << term.substr(0, 80);
  for (auto it = handle.allterms_begin(); it != handle.allterms_end(); ++it) {
    // Q terms of deep paths are shortened to 240 bytes with a hash; words are
    // dropped past the analyzer's cap instead of being cut into giant terms.
    if ((*it)[0] != 'Q') {
      EXPECT_LE((*it).size(), 100U) << (*it).substr(0, 80);
    }
  }
  for (const char* word : {"zfuture", "cafe", "tres", "maitre", "montreal", "zutfsixteen", "zbomword", "zcrlfword", "zafterword",
                           "zshortbody", "red", "zescape", "znewlinename", "zbadname", "zdeep100"}) {
    EXPECT_GT(handle.get_termfreq(word), 0U) << word << " is searchable";
  }
  for (const char* word : {"31mred", "0m", "2j", "owned", "zdeep1000", "root"}) {
    EXPECT_EQ(handle.get_termfreq(word), 0U) << word << " must not be indexed";
  }
  EXPECT_GT(handle.get_termfreq("关系"), 0U) << "GB18030 decoded";
  EXPECT_GT(handle.get_termfreq("東京"), 0U) << "Shift-JIS decoded";
  EXPECT_EQ(handle.get_termfreq("D29990101"), 1U) << "a future date is kept as written";
  for (auto it = handle.allterms_begin("Q"); it != handle.allterms_end("Q"); ++it) {
    EXPECT_EQ((*it).find("escape-"), std::string::npos) << "symlink out of the root followed: " << *it;
    EXPECT_EQ((*it).find("loop/"), std::string::npos) << "symlink loop followed: " << *it;
  }
  expect_check_clean(db, "hostile battery");

  // Deeper than PATH_MAX: the walk reports the directory and goes on.
  const auto deeper = run_index({"--db", db.string(), "--max-size", "200k", "--max-depth", "5000", a.string()});
  EXPECT_TRUE(deeper.exit_code == 0 || deeper.exit_code == 1) << deeper.err;
  EXPECT_EQ(open_db(db).get_termfreq("zdeep100"), 1U);

  // The searcher shows every one of them safely.
  const auto search = run_search({"--db", db.string(), "--format", "json", "--limit", "50", "--",
                                  "red OR znewlinename OR zbadname OR cafe OR 关系"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_TRUE(is_valid_utf8(search.out));
  EXPECT_EQ(search.out.find('\x1b'), std::string::npos);
}

} // namespace
} // namespace dateline::test
