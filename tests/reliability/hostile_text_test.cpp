/** @file hostile_text_test.cpp
 *  @brief Issue 14 items 1, 10 and 11: a battery of hostile escape sequences
 *  and file names run through the real binaries. Article text after any
 *  escape sequence stays findable (sanitising for the terminal never deletes
 *  text from the index), and every path either program prints is escaped, not
 *  stripped, so a name cannot forge lines or hide what it is.
 */
#include "tests/reliability/reliability_helpers.hpp"

#include "common/encoding.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

struct HostileArticle {
  const char* name;   ///< file name (and test row)
  std::string title;  ///< headline line, may hold escape sequences
  std::string body;   ///< body text, may hold escape sequences
  const char* word;   ///< a body word after the sequence that must stay findable
};

/// Escape sequences of every kind, in titles and bodies. Each article's
/// `word` comes after the sequence on a later line or later in the line.
std::vector<HostileArticle> hostile_articles() {
  return {
      {"osc-unterminated-title", "Markets \x1b]0;rest of the headline", "zoscbody follows the headline.", "zoscbody"},
      {"osc-unterminated-body", "Plain", "start \x1b]8;;http://x zoscmid and more", "zoscmid"},
      {"osc-bel", "T \x1b]0;owned\x07 ok", "zoscbel words.", "zoscbel"},
      {"osc-st-7bit", "T", "a \x1b]2;t\x1b\\zoscst b", "zoscst"},
      {"osc-st-c1", "T", "a \x1b]2;t\xc2\x9c zoscstc1 b", "zoscstc1"},
      {"osc-8bit-unterminated", "T \xc2\x9d" "0;x", "zosc8bit here.", "zosc8bit"},
      {"csi-spaces", "T", "alpha \x1b[   zcsibeta gamma", "zcsibeta"},
      {"csi-sgr-in-word", "T", "zsgr\x1b[1mword rest", "zsgrword"},
      {"csi-unfinished", "T \x1b[12", "zcsiunfinished text.", "zcsiunfinished"},
      {"csi-8bit", "T", "x \xc2\x9b" "1mzcsieight y", "zcsieight"},
      {"dcs-unterminated", "T \x1bPq#0;2;0", "zdcsbody after.", "zdcsbody"},
      {"dcs-terminated", "T", "a\x1bPq#0\x1b\\ zdcsdone", "zdcsdone"},
      {"dcs-8bit", "T \xc2\x90 qdata", "zdcseight body.", "zdcseight"},
      {"apc-pm-sos", "T", "\x1b_x\x07" "a \x1b^y\x1b\\ b \x1bXz\xc2\x9c zapcword", "zapcword"},
      {"lone-esc", "T\x1b", "\x1b zloneesc \x1b", "zloneesc"},
      {"c1-controls", "T", "left\xc2\x85zcnel\xc2\x9c right", "zcnel"},
      {"c0-controls", "T", "one\x01ztwo\x07three\x7f" "four", "ztwo"},
      {"long-osc", "T", "\x1b]8;;" + std::string(2000, 'u') + " zlongosc", "zlongosc"},
  };
}

class HostileText : public ::testing::Test {
protected:
  TempDir m_dir;
};

TEST_F(HostileText, EscapeSequencesNeverHideArticleText) {
  const fs::path root = m_dir / "archive";
  const auto articles = hostile_articles();
  for (const HostileArticle& a : articles) {
    write_article(root / (std::string(a.name) + ".txt"), "2024-05-01", a.title, a.body);
  }
  const fs::path db = m_dir / "db";
  const fs::path json = m_dir / "s.json";
  const auto run = run_index({"--db", db.string(), "--summary-json", json.string(), root.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find('\x1b'), std::string::npos);
  const std::string summary = read_file(json);
  EXPECT_EQ(json_number(summary, "added"), static_cast<long>(articles.size())) << summary;
  EXPECT_EQ(json_number(summary, "repaired"), static_cast<long>(articles.size()))
      << "every article had something removed, so each counts as repaired\n" << summary;

  const auto handle = open_db(db);
  for (const HostileArticle& a : articles) {
    EXPECT_EQ(handle.get_termfreq(a.word), 1U) << a.name << ": '" << a.word << "' must be indexed";
    const auto found = run_search({"--db", db.string(), "--count", a.word});
    EXPECT_EQ(found.out, "1\n") << a.name << ": '" << a.word << "' must be findable\n" << found.err;
  }
  // Complete sequences are not words.
  for (const char* junk : {"owned", "31m", "1mzcsieight", "0m"}) {
    EXPECT_EQ(handle.get_termfreq(junk), 0U) << junk;
  }
  // Nothing the searcher prints carries a control character.
  const auto text = run_search({"--db", db.string(), "--limit", "50", "--snippets", "3", "--", "T OR Markets OR Plain"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.out.find("\xc2\x9b"), std::string::npos);
  EXPECT_EQ(text.out.find("\xc2\x9d"), std::string::npos);
  EXPECT_NE(text.out.find("rest of the headline"), std::string::npos) << "the title is shown whole\n" << text.out;
}

/// Hostile file names: each is indexed; its body word identifies it.
struct HostileName {
  std::string name;
  std::string escaped;  ///< how both programs must print it
  const char* word;
};

std::vector<HostileName> hostile_names() {
  return {
      {"forged\ndateline-index: error: database 'db' is corrupt; run rm -rf ~.txt",
       "forged\\ndateline-index: error: database 'db' is corrupt; run rm -rf ~.txt", "znameforged"},
      {"tab\tname.txt", "tab\\tname.txt", "znametab"},
      {"cr\rname.txt", "cr\\rname.txt", "znamecr"},
      {"evil\xE2\x80\xAEtxt.exe.txt", "evil\\u202etxt.exe.txt", "znamerlo"},
      {"iso\xE2\x81\xA6late.txt", "iso\\u2066late.txt", "znameisolate"},
      {"zero\xE2\x80\x8Bwidth.txt", "zero\\u200bwidth.txt", "znamezwsp"},
      {"esc\x1B[31mred.txt", "esc\\x1b[31mred.txt", "znameesc"},
      {"osc\x1B]0;title.txt", "osc\\x1b]0;title.txt", "znameosc"},
      {"c1\xC2\x9B" "31m.txt", "c1\\u009b31m.txt", "znamecsi"},
      {"caf\xE9.txt", "caf\\xe9.txt", "znamelatin"},
      {"caf\xEF\xBF\xBD.txt", "caf\xEF\xBF\xBD.txt", "znamefffd"},
      {"back\\slash.txt", "back\\\\slash.txt", "znameslash"},
  };
}

/// Every line of @p text starts with one of @p prefixes: no name forged a line.
void expect_lines_start_with(const std::string& text, const std::vector<std::string>& prefixes,
                             const std::string& context) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const bool ok = std::any_of(prefixes.begin(), prefixes.end(),
                                [&](const std::string& prefix) { return line.rfind(prefix, 0) == 0; });
    EXPECT_TRUE(ok) << context << ": forged or foreign line: " << line;
  }
}

/// No raw control, bidi or invisible character in @p text.
void expect_nothing_raw(const std::string& text, const std::string& context) {
  for (const char* raw : {"\x1B", "\t", "\r", "\xC2\x9B", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x80\x8B"}) {
    EXPECT_EQ(text.find(raw), std::string::npos) << context << " prints a raw " << escape_for_terminal(raw);
  }
  EXPECT_TRUE(is_valid_utf8(text)) << context;
}

TEST_F(HostileText, FileNamesArePrintedEscapedNeverStripped) {
  const fs::path root = m_dir / "archive";
  const auto names = hostile_names();
  for (const HostileName& n : names) {
    write_article(root / n.name, "2024-05-02", "Named", std::string(n.word) + " body.");
  }
  // Undated: the warning names the file.
  write_file(root / "undated\nfake.txt", "No date here.\n");
  const fs::path db = m_dir / "db";

  const auto dry = run_index({"--db", db.string(), "--dry-run", root.string()});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  expect_lines_start_with(dry.out, {"add ", "skip "}, "-n listing");
  expect_nothing_raw(dry.out, "-n listing");
  for (const HostileName& n : names) {
    EXPECT_NE(dry.out.find("add " + n.escaped + "\n"), std::string::npos) << n.escaped << "\n" << dry.out;
  }

  const auto run = run_index({"--db", db.string(), "-v", root.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_lines_start_with(run.err, {"dateline-index: "}, "-v and warnings");
  expect_nothing_raw(run.err, "-v and warnings");
  EXPECT_NE(run.err.find("undated\\nfake.txt"), std::string::npos) << run.err;
  for (const HostileName& n : names) {
    EXPECT_NE(run.err.find(n.escaped), std::string::npos) << n.escaped << "\n" << run.err;
  }

  std::string query;
  for (const HostileName& n : names) query += std::string(query.empty() ? "" : " OR ") + n.word;
  const auto text = run_search({"--db", db.string(), "--limit", "50", "--", query});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  expect_nothing_raw(text.out, "search text output");
  for (const HostileName& n : names) {
    EXPECT_NE(text.out.find("   " + (root / "").string() + n.escaped + "\n"), std::string::npos)
        << n.escaped << "\n" << text.out;
  }
  const auto files = run_search({"--db", db.string(), "-l", "--", query});
  ASSERT_EQ(files.exit_code, 0) << files.err;
  expect_nothing_raw(files.out, "-l");
  expect_lines_start_with(files.out, {(root / "").string()}, "-l: absolute paths only");
  EXPECT_EQ(std::count(files.out.begin(), files.out.end(), '\n'), static_cast<long>(names.size())) << files.out;

  // JSON keeps exact paths: the two café names differ, the Latin-1 one carries its bytes.
  const auto json = run_search({"--db", db.string(), "--format", "json", "--", "znamelatin OR znamefffd"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"path_bytes\":\"" + base64_encode((root / "caf\xE9.txt").string()) + "\""),
            std::string::npos) << json.out;
  const std::string needle = "\"path_bytes\"";
  EXPECT_EQ(json.out.find(needle), json.out.rfind(needle)) << "only the name that is not UTF-8 needs it";
}

} // namespace
} // namespace dateline::test
