/** @file exit_codes_doc_test.cpp
 *  @brief The exit codes agree everywhere they are written: the code
 *  (each program's exit_codes.hpp), README.md's table, docs/indexer.md,
 *  docs/searcher.md and the programs' --help. Every code listed in one is
 *  listed in the others, and the outcomes added by the first wave (indexer 4,
 *  --if-locked=skip exits 0, searcher 1 for an empty database) are described
 *  in each place (since #10 the Markdown tables and --help are rendered from
 *  the tables in exit_codes.hpp; ExitCodesDoc.* checks the text itself).
 *  And the three programs are built alike (#10.1): a one-line
 *  main.cpp calling run_*_main, exit codes in an exit_codes.hpp, errors on
 *  stderr as "PROGRAM: error: ...".
 */
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

using Codes = std::map<int, std::string>;  ///< code -> the text describing it

std::string source_file(const std::string& relative) {
  const fs::path path = fs::path(env_or_empty("DATELINE_SOURCE_DIR")) / relative;
  if (!fs::exists(path)) return {};
  return read_file(path);
}

std::set<int> keys(const Codes& codes) {
  std::set<int> out;
  for (const auto& [code, text] : codes) out.insert(code);
  return out;
}

/// `k_exit_name = N` constants of a header.
Codes header_codes(const std::string& text) {
  Codes out;
  const std::regex constant(R"(k_exit_\w+\s*=\s*(\d+))");
  for (std::sregex_iterator it(text.begin(), text.end(), constant), end; it != end; ++it) {
    out[std::stoi((*it)[1])] = (*it)[0];
  }
  return out;
}

/// The lines of @p text from the line starting with @p heading to the next
/// line starting with "#" (Markdown) or the end.
std::vector<std::string> section(const std::string& text, const std::string& heading) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (inside && line.starts_with("#")) break;
    if (line == heading) inside = true;
    if (inside) lines.push_back(line);
  }
  return lines;
}

/// A Markdown table's rows "| 0 | ..." (first cell: codes joined by "/").
/// @p column picks the cell that must be non-empty for the code to count
/// (README's table has one column per program); 0 takes the whole row.
Codes table_codes(const std::vector<std::string>& lines, int column) {
  Codes out;
  const std::regex row(R"(^\|\s*([0-9][0-9 /]*)\|(.*)$)");
  for (const auto& line : lines) {
    std::smatch match;
    if (!std::regex_match(line, match, row)) continue;
    std::string cell = match[2];
    if (column > 0) {
      // Cells split on " | " boundaries; the README's cells contain no '|'.
      std::vector<std::string> cells;
      std::string current;
      for (const char c : cell) {
        if (c == '|') {
          cells.push_back(current);
          current.clear();
        } else {
          current += c;
        }
      }
      if (static_cast<int>(cells.size()) < column) continue;
      cell = cells[static_cast<std::size_t>(column - 1)];
      if (cell.find_first_not_of(' ') == std::string::npos) continue;
    }
    std::istringstream numbers(match[1].str());
    std::string number;
    while (std::getline(numbers, number, '/')) {
      if (number.find_first_of("0123456789") != std::string::npos) out[std::stoi(number)] = cell;
    }
  }
  return out;
}

/// --help's exit codes: @p heading ("Exit codes:", "Exit status:") then
/// "  N    text" lines (continuations indented more), as
/// common/exit_code_table.hpp renders them.
Codes help_list_codes(const std::string& help, const std::string& heading) {
  Codes out;
  std::istringstream in(help.substr(help.find(heading) == std::string::npos ? help.size() : help.find(heading)));
  std::string line;
  int last = -1;
  const std::regex entry(R"(^  (\d+)\s+(.*)$)");
  while (std::getline(in, line)) {
    std::smatch match;
    if (std::regex_match(line, match, entry)) {
      last = std::stoi(match[1]);
      out[last] = match[2];
    } else if (last >= 0 && line.starts_with("   ")) {
      out[last] += " " + line;
    } else if (last >= 0) {
      break;
    }
  }
  return out;
}

std::string join(const std::set<int>& codes) {
  std::string out;
  for (const int code : codes) out += (out.empty() ? "" : " ") + std::to_string(code);
  return out;
}

TEST(ExitCodes, CodeReadmeDocsAndHelpAgree) {
  const std::string readme = source_file("README.md");
  if (readme.empty()) GTEST_SKIP() << "the source tree (DATELINE_SOURCE_DIR) is not available";

  const auto index_help = run_process({index_binary(), "--help"});
  const auto search_help = run_process({search_binary(), "--help"});
  ASSERT_EQ(index_help.exit_code, 0);
  ASSERT_EQ(search_help.exit_code, 0);

  const std::vector<std::string> readme_table = section(readme, "### Exit codes");
  ASSERT_FALSE(readme_table.empty()) << "README.md has no '### Exit codes' section";
  const std::map<std::string, Codes> indexer{
      {"indexer/exit_codes.hpp", header_codes(source_file("indexer/exit_codes.hpp"))},
      {"README.md (dateline-index column)", table_codes(readme_table, 1)},
      {"docs/indexer.md", table_codes(section(source_file("docs/indexer.md"), "## Exit codes"), 0)},
      {"dateline-index --help", help_list_codes(index_help.out, "Exit codes:")},
  };
  const std::map<std::string, Codes> searcher{
      {"searcher/exit_codes.hpp", header_codes(source_file("searcher/exit_codes.hpp"))},
      {"README.md (dateline-search column)", table_codes(readme_table, 2)},
      {"docs/searcher.md", table_codes(section(source_file("docs/searcher.md"), "## Exit status"), 0)},
      {"dateline-search --help", help_list_codes(search_help.out, "Exit status:")},
  };
  for (const auto* program : {&indexer, &searcher}) {
    const auto& [reference_name, reference] = *program->begin();
    ASSERT_GE(reference.size(), 4U) << reference_name;
    for (const auto& [name, codes] : *program) {
      EXPECT_EQ(join(keys(codes)), join(keys(reference))) << name << " lists other exit codes than " << reference_name;
    }
  }
  // The first wave's outcomes, described wherever the codes are.
  for (const auto& [name, codes] : indexer) {
    if (name.ends_with(".hpp")) continue;
    ASSERT_TRUE(codes.contains(4) && codes.contains(75)) << name;
    EXPECT_NE(codes.at(4).find("summary-json"), std::string::npos) << name << ": 4 is " << codes.at(4);
    EXPECT_NE(codes.at(75).find("--if-locked=skip"), std::string::npos) << name << ": 75 is " << codes.at(75);
  }
  for (const auto& [name, codes] : searcher) {
    if (name.ends_with(".hpp")) continue;
    ASSERT_TRUE(codes.contains(1)) << name;
    EXPECT_NE(codes.at(1).find("no documents"), std::string::npos) << name << ": 1 is " << codes.at(1);
  }
}

TEST(ExitCodes, ImporterCodeReadmeDocsAndHelpAgree) {
  const std::string importer = env_or_empty("DATELINE_IMPORT_REUTERS");
  const std::string readme = source_file("README.md");
  if (readme.empty() || importer.empty()) {
    GTEST_SKIP() << "the source tree or dateline-import-reuters (DATELINE_IMPORT_REUTERS) is not available";
  }
  const auto help = run_process({importer, "--help"});
  ASSERT_EQ(help.exit_code, 0);
  const std::map<std::string, Codes> importer_codes{
      {"corpus/import/exit_codes.hpp", header_codes(source_file("corpus/import/exit_codes.hpp"))},
      {"README.md (dateline-import-reuters column)", table_codes(section(readme, "### Exit codes"), 3)},
      {"corpus/README.md", table_codes(section(source_file("corpus/README.md"), "### Exit codes"), 0)},
      {"dateline-import-reuters --help", help_list_codes(help.out, "Exit status:")},
  };
  const auto& reference = importer_codes.at("corpus/import/exit_codes.hpp");
  ASSERT_EQ(join(keys(reference)), "0 1 2") << "corpus/import/exit_codes.hpp";
  for (const auto& [name, codes] : importer_codes) {
    EXPECT_EQ(join(keys(codes)), join(keys(reference))) << name << " lists other exit codes than the header";
  }
}

/// The lines of @p text.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(ExitCodes, EveryProgramIsBuiltAndReportsErrorsAlike) {
  if (source_file("README.md").empty()) GTEST_SKIP() << "the source tree (DATELINE_SOURCE_DIR) is not available";
  struct Program {
    std::string name;
    std::string binary;
    std::string main;        ///< its main.cpp
    std::string exit_codes;  ///< its exit-code header
    std::string entry;       ///< run_NAME_main: its header and function share the name
  };
  const std::vector<Program> programs{
      {"dateline-index", index_binary(), "indexer/main.cpp", "indexer/exit_codes.hpp", "run_index_main"},
      {"dateline-search", search_binary(), "searcher/main.cpp", "searcher/exit_codes.hpp", "run_search_main"},
      {"dateline-import-reuters", env_or_empty("DATELINE_IMPORT_REUTERS"), "corpus/import/main.cpp",
       "corpus/import/exit_codes.hpp", "run_import_main"},
  };
  const std::regex thin_main(R"(int main\(int argc, char\* argv\[\]\) \{ return dateline::\w+::run_\w+_main\(argc, argv\); \})");
  TempDir dir;
  for (const auto& program : programs) {
    SCOPED_TRACE(program.name);
    const std::string main = source_file(program.main);
    EXPECT_TRUE(std::regex_search(main, thin_main)) << program.main << " is not the one-line main of the others";
    EXPECT_LE(lines_of(main).size(), 6U) << program.main;
    // The entry point lives in run_NAME_main.hpp/.cpp beside main.cpp, as in the other programs.
    const std::string folder = program.main.substr(0, program.main.rfind('/') + 1);
    EXPECT_NE(main.find("#include \"" + folder + program.entry + ".hpp\""), std::string::npos)
        << program.main << " does not include " << folder << program.entry << ".hpp";
    EXPECT_NE(main.find("::" + program.entry + "(argc, argv)"), std::string::npos) << program.main;
    EXPECT_FALSE(source_file(folder + program.entry + ".cpp").empty()) << folder << program.entry << ".cpp";
    EXPECT_FALSE(header_codes(source_file(program.exit_codes)).empty()) << program.exit_codes;
    if (program.binary.empty()) continue;

    const auto usage = run_process({program.binary, "--no-such-option", "x", "y"});
    EXPECT_EQ(usage.exit_code, 2);
    const auto usage_lines = lines_of(usage.err);
    ASSERT_FALSE(usage_lines.empty());
    EXPECT_TRUE(usage_lines.front().starts_with(program.name + ": error: ")) << usage.err;
    EXPECT_NE(usage_lines.front().find("no-such-option"), std::string::npos) << usage.err;
  }
  // A database error: the same form, exit 3.
  std::filesystem::create_directories(dir / "docs");
  const auto index = run_process({index_binary(), "--db", (dir / "no" / "such" / "db").string(), (dir / "docs").string()});
  EXPECT_EQ(index.exit_code, 3) << index.err;
  EXPECT_TRUE(index.err.starts_with("dateline-index: error: ")) << index.err;
  const auto search = run_process({search_binary(), "--db", (dir / "nope").string(), "x"});
  EXPECT_EQ(search.exit_code, 3) << search.err;
  EXPECT_TRUE(search.err.starts_with("dateline-search: error: ")) << search.err;
}

// Messages written as literals (where diagnostic_line is not used, as in the
// terminate handler) keep the one form: a literal "PROGRAM: KIND: " has KIND
// error, warning or note ("PROGRAM: text" lines, the summaries, are not
// diagnostics and name no kind).
TEST(ExitCodes, LiteralDiagnosticsHaveTheOneForm) {
  const fs::path source = env_or_empty("DATELINE_SOURCE_DIR");
  if (source.empty() || !fs::exists(source / "indexer")) GTEST_SKIP() << "the source tree is not available";
  const std::regex literal(R"re("dateline-[a-z-]+: ([a-z ]+): )re");
  std::size_t found = 0;
  for (const char* folder : {"common", "indexer", "searcher", "corpus/import"}) {
    for (const auto& entry : fs::directory_iterator(source / folder)) {
      if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
      const std::string text = read_file(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
        ++found;
        const std::string kind = (*it)[1];
        EXPECT_TRUE(kind == "error" || kind == "warning" || kind == "note")
            << folder << '/' << entry.path().filename().string() << ": " << (*it)[0]
            << " (the form is PROGRAM: error|warning|note: message)";
      }
    }
  }
  EXPECT_GE(found, 2U) << "the indexer's warning and error literals";
}

} // namespace
} // namespace dateline::test
