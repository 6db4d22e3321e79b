/** @file exit_codes_doc_test.cpp
 *  @brief The exit codes agree everywhere they are written: the code
 *  (indexer/exit_codes.hpp, searcher/search_main.hpp), README.md's table,
 *  docs/indexer.md, docs/searcher.md and both programs' --help. Every code
 *  listed in one is listed in the others, and the outcomes added by the first
 *  wave (indexer 4, --if-locked=skip exits 0, searcher 1 for an empty
 *  database) are described in each place.
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

/// dateline-index --help: "Exit codes:" then "  N    text" lines (continuations indented more).
Codes index_help_codes(const std::string& help) {
  Codes out;
  std::istringstream in(help.substr(help.find("Exit codes:") == std::string::npos ? help.size()
                                                                                  : help.find("Exit codes:")));
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

/// dateline-search --help: the "Exit status:" paragraph, "N text, N text, ...".
Codes search_help_codes(const std::string& help) {
  Codes out;
  const auto at = help.find("Exit status:");
  if (at == std::string::npos) return out;
  const auto end = help.find("\n\n", at);
  const std::string paragraph = help.substr(at + 12, end == std::string::npos ? std::string::npos : end - at - 12);
  const std::regex entry(R"((^ ?|, |\n)(\d+) ([^,]*))");
  for (std::sregex_iterator it(paragraph.begin(), paragraph.end(), entry), stop; it != stop; ++it) {
    out[std::stoi((*it)[2])] = (*it)[3];
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
      {"dateline-index --help", index_help_codes(index_help.out)},
  };
  const std::map<std::string, Codes> searcher{
      {"searcher/search_main.hpp", header_codes(source_file("searcher/search_main.hpp"))},
      {"README.md (dateline-search column)", table_codes(readme_table, 2)},
      {"docs/searcher.md", table_codes(section(source_file("docs/searcher.md"), "## Exit status"), 0)},
      {"dateline-search --help", search_help_codes(search_help.out)},
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

} // namespace
} // namespace dateline::test
