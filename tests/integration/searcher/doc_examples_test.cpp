/** @file doc_examples_test.cpp
 *  @brief The examples a new user copies run as written on corpus/sample:
 *  every `$ dateline-search --db sample.db ...` example of docs/searcher.md
 *  prints what it shows (times aside; an abbreviated one, its first line;
 *  --story ids, hashes of a path, are not checked; its `$ dateline-index
 *  --db sample.db ...` lines run first, its --new-since state files go to a
 *  temporary directory), and every
 *  `dateline-search --db ~/news.db ...` line of README's shell blocks finds
 *  articles in the sample (with ~/news.db the sample's database and
 *  ~/archive the sample folder).
 */
#include "tests/integration/searcher/json_value.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() { return env_or_empty("DATELINE_SOURCE_DIR"); }

/// The words of a shell command line: blanks split, '...' and "..." quote.
std::vector<std::string> shell_words(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (const char c : line) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(word);
  return out;
}

TEST(DocExamples, ShellWords) {
  EXPECT_EQ(shell_words("a  'b c' \"d\" e'f g'"), (std::vector<std::string>{"a", "b c", "d", "ef g"}));
  EXPECT_EQ(shell_words("'\"x\" NEAR y' --since 2024"), (std::vector<std::string>{"\"x\" NEAR y", "--since", "2024"}));
}

/// Fenced code blocks of @p markdown (fences may be indented, as in a list
/// item; the block's lines lose that indentation).
std::vector<std::vector<std::string>> code_blocks(const std::string& markdown) {
  std::vector<std::vector<std::string>> blocks;
  std::istringstream in(markdown);
  std::string line;
  bool inside = false;
  std::size_t indent = 0;
  while (std::getline(in, line)) {
    const std::size_t first = line.find_first_not_of(' ');
    const bool fence = first != std::string::npos && line.compare(first, 3, "```") == 0;
    if (fence) {
      inside = !inside;
      indent = first;
      if (inside) blocks.emplace_back();
      continue;
    }
    if (inside) blocks.back().push_back(line.size() >= indent ? line.substr(indent) : std::string());
  }
  return blocks;
}

class DocExamplesTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    const auto run = run_process({index_binary(), "-q", "--db", db(), (source_dir() / "corpus" / "sample").string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }
  static std::string db() { return (s_dir->path() / "sample.db").string(); }
  static ProcessResult search(const std::vector<std::string>& args) {
    std::vector<std::string> argv{search_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.env = {{"LANG", "C.UTF-8"}, {"LC_ALL", ""}, {"LC_CTYPE", ""}, {"COLUMNS", "80"}, {"NO_COLOR", ""}};
    return run_process(argv, options);
  }
  static inline TempDir* s_dir = nullptr;
};

TEST_F(DocExamplesTest, SearcherDocShowsRealOutput) {
  const std::string prompt = "$ dateline-search --db sample.db ";
  const std::string index_prompt = "$ dateline-index --db sample.db ";
  const std::regex seconds(", [0-9]+\\.[0-9]+ s\n");
  std::size_t checked = 0;
  for (const auto& block : code_blocks(read_file(source_dir() / "docs" / "searcher.md"))) {
    // Each "$ dateline-search --db sample.db ..." line of the block and the
    // output shown after it, up to the next "$ " line. A "$ dateline-index
    // --db sample.db ..." line (loading the example synonym file) runs on the
    // same database first, silently, its paths below the checkout.
    for (std::size_t at = 0; at < block.size(); ++at) {
      if (block[at].rfind(index_prompt, 0) == 0) {
        std::vector<std::string> args = shell_words(block[at].substr(2));
        args.front() = index_binary();
        for (std::string& arg : args) {
          if (arg == "sample.db") arg = db();
          if (arg.rfind("corpus/", 0) == 0) arg = (source_dir() / arg).string();
        }
        const ProcessResult run = run_process(args);
        EXPECT_EQ(run.exit_code, 0) << block[at] << "\n" << run.err;
        EXPECT_EQ(run.out, "") << block[at];
        ++checked;
        continue;
      }
      if (block[at].rfind(prompt, 0) != 0) continue;
      // --story IDs are hashes of a copy's path: another checkout's; and
      // --similar-to's example names a file of the reader's (a copy that was
      // never indexed), which its result line repeats.
      if (block[at].find("--story") != std::string::npos) continue;
      if (block[at].find("--similar-to") != std::string::npos) continue;
      std::vector<std::string> shown;
      for (std::size_t i = at + 1; i < block.size() && block[i].rfind("$ ", 0) != 0; ++i) shown.push_back(block[i]);
      // An abbreviated output ("...", "\u2026") is checked by its first line
      // (the result line or the chart's heading) only.
      bool complete = true;
      for (const std::string& line : shown) {
        if (line.find("...") != std::string::npos || line.find("\u2026") != std::string::npos) complete = false;
      }
      if (!complete) shown.resize(1);
      std::string expected;
      for (const std::string& line : shown) expected += line + "\n";
      std::vector<std::string> args = shell_words(block[at].substr(2));
      args.erase(args.begin());  // dateline-search
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "sample.db") args[i] = db();
        if (i > 0 && args[i - 1] == "--new-since") args[i] = (s_dir->path() / args[i]).string();  // a state file
      }
      const ProcessResult run = search(args);
      EXPECT_LE(run.exit_code, 1) << block[at] << "\n" << run.err;
      std::string got = run.out;
      if (!complete) got = got.substr(0, got.find('\n') + 1);
      EXPECT_EQ(std::regex_replace(got, seconds, ", 0.000 s\n"), std::regex_replace(expected, seconds, ", 0.000 s\n"))
          << block[at];
      ++checked;
    }
  }
  EXPECT_GE(checked, 8U) << "the synonyms, timeline, near-duplicates and saved-search examples at least";
}

TEST_F(DocExamplesTest, ReadmeSearchesFindArticlesInTheSample) {
  // The story id of the sample's canal story here (a hash of a copy's path):
  // README's --story line shows the id for another checkout.
  const JsonValue canal = JsonParser::parse(search({"--db", db(), "--format", "json", "container ship canal"}).out);
  const std::string story = canal.at("hits").array.at(0).at("story").string;
  const std::regex story_id("^[0-9a-f]{16}$");
  std::size_t checked = 0;
  for (const auto& block : code_blocks(read_file(source_dir() / "README.md"))) {
    for (const std::string& line : block) {
      if (line.rfind("dateline-search --db ~/news.db ", 0) != 0 || line.find("--new-since") != std::string::npos) continue;
      std::string command = line.substr(0, line.find(" #"));
      command = command.substr(0, command.find(" | "));
      std::vector<std::string> args = shell_words(command);
      args.erase(args.begin());
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "~/news.db") args[i] = db();
        if (args[i].rfind("~/archive/", 0) == 0) {
          args[i] = (source_dir() / "corpus" / "sample" / args[i].substr(std::string("~/archive/").size())).string();
        }
        if (i > 0 && args[i - 1] == "--story" && std::regex_match(args[i], story_id)) args[i] = story;
      }
      const ProcessResult run = search(args);
      EXPECT_EQ(run.exit_code, 0) << "finds nothing in corpus/sample: " << line << "\n" << run.out << run.err;
      ++checked;
    }
  }
  EXPECT_GE(checked, 8U);
}

// trial: docs/json-output.md's --batch error line said "the phrase starting
// at byte 0 is never closed"; the program names the phrase's text. Every
// error line the page shows is what --batch prints for its query.
TEST_F(DocExamplesTest, JsonOutputDocShowsRealBatchErrorLines) {
  std::size_t checked = 0;
  for (const auto& block : code_blocks(read_file(source_dir() / "docs" / "json-output.md"))) {
    for (const std::string& line : block) {
      if (line.rfind("{\"query\"", 0) != 0 || line.find("\"error\"") == std::string::npos) continue;
      const JsonValue shown = JsonParser::parse(line);
      std::vector<std::string> argv{search_binary(), "--db", db(), "--batch", "-"};
      ProcessOptions options;
      options.stdin_data = shown.at("query").string + "\n";
      const ProcessResult run = run_process(argv, options);
      const JsonValue real = JsonParser::parse(run.out);
      EXPECT_EQ(real.at("error").string, shown.at("error").string) << line << "\n" << run.out << run.err;
      ++checked;
    }
  }
  EXPECT_GE(checked, 1U);
}

} // namespace
} // namespace dateline::test
