/** @file option_docs_test.cpp
 *  @brief The option declarations (indexer/options.cpp, searcher/options.cpp)
 *  are the one table: every `--option` that README.md, ARCHITECTURE.md,
 *  corpus/README.md or docs/ name exists (or belongs to another tool listed
 *  below), docs/indexer.md, docs/searcher.md and corpus/README.md
 *  (dateline-import-reuters, options read from its --help) name every option
 *  of their program, and the generated man pages and completions carry every option
 *  under the group it is declared in.
 */
#include "docgen/completions.hpp"
#include "docgen/programs.hpp"
#include "corpus/import/reuters_import.hpp"
#include "docgen/roff.hpp"
#include "indexer/option_declarations.hpp"
#include "searcher/option_declarations.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

/// Options of other programs that the docs name, and whose they are. Add a
/// row only for a tool that is not Dateline's.
struct ForeignOption {
  const char* option;
  const char* owner;
};
constexpr ForeignOption k_foreign[] = {
    {"--quick", "scripts/test"},
    {"--keep", "scripts/bench"},
    {"--no-write", "scripts/bench"},
    {"--reps", "scripts/bench"},
    {"--no-wait", "scripts/bench"},
    {"--work", "scripts/bench, scripts/eval"},
    {"--sets", "scripts/eval"},
    {"--seed", "scripts/fuzz"},
    {"--exit-codes", "dateline-docgen (build tool, docgen/main.cpp)"},
    {"--url", "omindex"},
    {"--spelling", "omindex"},
    {"--max-delete", "rsync (docs/indexer.md, A folder without articles)"},
    {"--tool", "valgrind"},
    {"--test-dir", "ctest"},
    {"--writable", "xapian-tcpsrv"},
    {"--host", "xapian-replicate"},
    {"--master", "xapian-replicate"},
    {"--interval", "xapian-replicate"},
    {"--one-shot", "xapian-replicate"},
    {"--install", "cmake"},
    {"--prefix", "cmake --install"},
    {"--component", "cmake --install"},
    {"--build", "cmake"},
    {"--target", "cmake --build"},
    {"--startup", "scripts/bench"},
    {"--check", "scripts/package"},
    {"--warnings", "man"},
    {"--failed", "systemctl"},
    {"--like-only", "scripts/eval"},
    {"--like-tuning-only", "scripts/eval"},
    {"--no-like", "scripts/eval"},
    {"--variant", "scripts/eval"},
    {"--index-variant", "scripts/eval"},
    {"--ranking", "scripts/bench"},
    {"--timeline-query", "scripts/bench"},
    {"--scale", "scripts/bench"},
    {"--floor", "scripts/bench"},
    {"--tune", "scripts/eval-duplicates"},
    {"--chinese", "dateline-synth-archive"},
    {"--duplicates", "dateline-synth-archive"},
    {"--novel-names", "dateline-synth-archive"},
    {"--from-year", "dateline-synth-archive"},
    {"--to-year", "dateline-synth-archive"},
    {"--corpora", "dateline-synth-archive"},
    {"--sizes", "scripts/bench-scale"},
    {"--omindex-up-to", "scripts/bench-scale"},
    {"--queries", "scripts/bench-scale"},
    {"--report-only", "scripts/bench-scale"},
    {"--interface", "xapian-tcpsrv"},
    {"--port", "xapian-tcpsrv"},
    {"--without-bigrams-build", "scripts/eval-cjk"},
    {"--before-build", "scripts/eval-cjk"},
    {"--seen", "scripts/eval-cjk"},
};

/// Every `--name` in @p text (not "---" table rules, not a bare "--").
std::set<std::string> named_options(const std::string& text) {
  std::set<std::string> out;
  const std::regex option(R"((^|[^A-Za-z0-9_-])(--[a-z][a-z0-9]*(-[a-z0-9]+)*))");
  for (std::sregex_iterator it(text.begin(), text.end(), option), end; it != end; ++it) {
    out.insert((*it)[2]);
  }
  return out;
}

std::set<std::string> long_options(const docgen::ProgramDoc& program) {
  std::set<std::string> out;
  for (const auto& option : program.options) out.insert("--" + option.long_name);
  return out;
}

/// Every program with its options: the two declared ones, and
/// dateline-import-reuters with the options its --help lists (the lines
/// after "Options:" up to a blank line; its man page is made from that text).
std::vector<docgen::ProgramDoc> all_programs() {
  std::vector<docgen::ProgramDoc> programs = docgen::documented_programs();
  docgen::ProgramDoc importer;
  importer.name = "dateline-import-reuters";
  const std::string help(reuters::import_help_text());
  const std::size_t begin = help.find("\nOptions:\n");
  if (begin != std::string::npos) {
    const std::size_t end = help.find("\n\n", begin + 1);
    for (const auto& name : named_options(help.substr(begin, end == std::string::npos ? end : end - begin))) {
      docgen::OptionDoc option;
      option.long_name = name.substr(2);
      importer.options.push_back(option);
    }
  }
  programs.push_back(std::move(importer));
  return programs;
}

/// The options Dateline's programs accept, plus the other tools' above.
std::set<std::string> known_options() {
  std::set<std::string> known;
  for (const auto& program : all_programs()) {
    const auto names = long_options(program);
    known.insert(names.begin(), names.end());
  }
  for (const auto& foreign : k_foreign) known.insert(foreign.option);
  return known;
}

std::vector<std::string> unknown_options(const std::string& text, const std::set<std::string>& known) {
  std::vector<std::string> out;
  for (const auto& name : named_options(text)) {
    if (!known.contains(name)) out.push_back(name);
  }
  return out;
}

struct Row {
  const char* name;
  const char* text;
  std::vector<std::string> unknown;
};

class UnknownOptionTest : public ::testing::TestWithParam<Row> {};

TEST_P(UnknownOptionTest, IsReportedByName) {
  const Row& row = GetParam();
  EXPECT_EQ(unknown_options(row.text, known_options()), row.unknown);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, UnknownOptionTest,
    ::testing::Values(Row{"made_up", "run `dateline-index --frobnicate`", {"--frobnicate"}},
                      Row{"made_up_with_value", "| `--max-sise SIZE` | 16M |", {"--max-sise"}},
                      Row{"declared", "`--db PATH`, --if-locked=skip, -j, --no-synonyms", {}},
                      Row{"table_rule_and_double_dash", "|---|---|\ndateline-search -- '-gas oil'", {}},
                      Row{"foreign_tool", "scripts/test --quick", {}},
                      Row{"inside_a_word", "re--index x--y", {}}),
    [](const auto& row) { return std::string(row.param.name); });

fs::path source_dir() {
  return env_or_empty("DATELINE_SOURCE_DIR");
}

std::vector<fs::path> documentation_files() {
  std::vector<fs::path> files = {source_dir() / "README.md", source_dir() / "ARCHITECTURE.md",
                                 source_dir() / "corpus/README.md"};
  for (const auto& entry : fs::directory_iterator(source_dir() / "docs")) {
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  }
  return files;
}

TEST(OptionDocs, DocsNameOnlyOptionsThatExist) {
  const std::set<std::string> known = known_options();
  for (const auto& file : documentation_files()) {
    ASSERT_TRUE(fs::exists(file)) << file;
    for (const auto& name : unknown_options(read_file(file), known)) {
      ADD_FAILURE() << file.lexically_relative(source_dir()).string() << " names " << name
                    << ", which no Dateline program declares (a typo, a removed option, or another tool's: "
                       "then add it to k_foreign)";
    }
  }
}

/// Where each program's options are described.
std::string reference_doc(const std::string& program) {
  if (program == "dateline-index") return "docs/indexer.md";
  if (program == "dateline-search") return "docs/searcher.md";
  return "corpus/README.md";  // dateline-import-reuters
}

/// @p text without its generated exit-code tables (<!-- exit-codes:begin ...
/// --> to <!-- exit-codes:end -->): an option named in passing there ("did you
/// mean --quiet?") is not described.
std::string without_exit_code_tables(std::string text) {
  for (std::size_t begin; (begin = text.find("<!-- exit-codes:begin")) != std::string::npos;) {
    const std::size_t end = text.find("<!-- exit-codes:end -->", begin);
    text.erase(begin, end == std::string::npos ? std::string::npos : end - begin + 23);
  }
  return text;
}

TEST(OptionDocs, ReferenceDocsNameEveryOption) {
  const auto programs = all_programs();
  ASSERT_EQ(programs.size(), 3U);
  ASSERT_EQ(long_options(programs.back()), (std::set<std::string>{"--help", "--quiet", "--version"}))
      << "dateline-import-reuters' options, read from its --help";
  for (const auto& program : programs) {
    const std::string doc = reference_doc(program.name);
    const std::set<std::string> named = named_options(without_exit_code_tables(read_file(source_dir() / doc)));
    for (const auto& name : long_options(program)) {
      EXPECT_TRUE(named.contains(name)) << doc << " does not describe " << program.name << ' ' << name;
    }
  }
}

TEST(OptionDocs, EveryOptionIsDeclaredInAGroup) {
  for (const auto& program : docgen::documented_programs()) {
    for (const auto& option : program.options) {
      EXPECT_NE(option.group, "Options") << program.name << " --" << option.long_name
                                         << " is not in one of the captioned options_description blocks";
    }
  }
}

TEST(OptionDocs, ManPagesAndCompletionsCarryEveryOption) {
  for (const auto& program : docgen::documented_programs()) {
    const std::string man = docgen::program_man_page(program, "0", {"dateline(7)"});
    const std::string bash = docgen::bash_completion(program);
    const std::string zsh = docgen::zsh_completion(program);
    const std::string fish = docgen::fish_completion(program);
    for (const auto& option : program.options) {
      const std::string name = "--" + option.long_name;
      EXPECT_NE(man.find("\\fB" + docgen::roff_escape(name) + "\\fR"), std::string::npos) << program.name << name;
      EXPECT_NE(man.find(".SS \"" + docgen::roff_escape(option.group) + "\""), std::string::npos) << option.group;
      EXPECT_NE(bash.find(' ' + name), std::string::npos) << program.name << name;
      EXPECT_NE(zsh.find("'" + std::string(option.repeatable ? "*" : "") + name + (option.value_name.empty() ? "[" : "=")), std::string::npos)
          << program.name << name;
      EXPECT_NE(fish.find(" -l " + option.long_name + ' '), std::string::npos) << program.name << name;
      if (!option.value_name.empty()) {
        EXPECT_NE(man.find("\\fI" + docgen::roff_escape(option.value_name) + "\\fR"), std::string::npos)
            << program.name << name;
      }
    }
  }
}

/// The long names of the options listed in the option lines of @p help
/// ("  --db PATH ...", "  -n [ --limit ] N ...").
std::set<std::string> listed_options(const std::string& help) {
  std::set<std::string> out;
  const std::regex line(R"(^  (-[A-Za-z0-9] \[ )?(--[a-z][a-z0-9-]*)[ \]=\n])");
  std::istringstream in(help);
  for (std::string text; std::getline(in, text);) {
    std::smatch m;
    text += '\n';
    if (std::regex_search(text, m, line)) out.insert(m[2].str());
  }
  return out;
}

struct HelpLevelRow {
  std::string name;
  std::string binary;
  std::vector<OptionBlock> blocks;
  std::size_t line_budget;  ///< --help's lines at most
};

// Outside trial: dateline-search --help was 266 lines, 17 ranking knobs among
// the everyday options. Each block of the option table has a level: --help
// shows the everyday ones within a line budget and closes with a note naming
// --help-all, which lists every option (the man page and completions too:
// ManPagesAndCompletionsCarryEveryOption).
TEST(HelpLevels, HelpShowsTheEverydayOptionsAndHelpAllEveryOne) {
  const std::vector<HelpLevelRow> rows = {
      {"dateline-index", index_binary(), indexer::index_option_blocks(), 150},
      {"dateline-search", search_binary(), searcher::search_option_blocks(), 210},
  };
  for (const HelpLevelRow& row : rows) {
    SCOPED_TRACE(row.name);
    const ProcessResult help = run_process({row.binary, "--help"});
    const ProcessResult all = run_process({row.binary, "--help-all"});
    ASSERT_EQ(help.exit_code, 0) << help.err;
    ASSERT_EQ(all.exit_code, 0) << all.err;
    const auto lines = static_cast<std::size_t>(std::count(help.out.begin(), help.out.end(), '\n'));
    EXPECT_LE(lines, row.line_budget) << help.out;
    const std::set<std::string> short_listed = listed_options(help.out);
    const std::set<std::string> all_listed = listed_options(all.out);
    std::size_t advanced = 0;
    for (const OptionBlock& block : row.blocks) {
      for (const auto& option : block.options.options()) {
        const std::string name = "--" + option->long_name();
        EXPECT_TRUE(all_listed.contains(name)) << name << " is not in --help-all";
        if (block.level == OptionLevel::everyday) {
          EXPECT_TRUE(short_listed.contains(name)) << name << " is everyday but not in --help";
        } else {
          ++advanced;
          EXPECT_FALSE(short_listed.contains(name)) << name << " is advanced but in --help";
        }
      }
    }
    EXPECT_GT(advanced, 0U);
    EXPECT_NE(help.out.find(std::to_string(advanced) + " more options"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find(row.name + " --help-all"), std::string::npos) << help.out;
    EXPECT_EQ(all.out.find("more options"), std::string::npos) << "--help-all leaves nothing out";
  }
}

} // namespace
} // namespace dateline::test
