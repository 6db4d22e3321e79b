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

} // namespace
} // namespace dateline::test
