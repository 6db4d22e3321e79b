/** @file exit_code_table.cpp
 *  @brief Rendering the exit-code tables (common/exit_code_table.hpp).
 */
#include "common/exit_code_table.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace dateline {
namespace {

/// @p text without the backticks that mark literals in Markdown.
std::string plain(std::string_view text) {
  std::string out;
  std::copy_if(text.begin(), text.end(), std::back_inserter(out), [](char c) { return c != '`'; });
  return out;
}

} // namespace

std::string exit_codes_help(std::string_view title, std::span<const ExitCodeDoc> codes, std::size_t width) {
  constexpr std::size_t k_indent = 7;  // "  130  "
  std::string out = std::string(title) + ":\n";
  for (const ExitCodeDoc& row : codes) {
    std::string line = "  " + std::to_string(row.code);
    line.resize(k_indent, ' ');
    std::size_t column = k_indent;
    std::istringstream words(plain(row.summary));
    std::string word;
    bool first = true;
    while (words >> word) {
      if (!first && column + 1 + word.size() > width) {
        out += line + "\n";
        line = std::string(k_indent, ' ');
        column = k_indent;
        first = true;
      }
      if (!first) {
        line += ' ';
        ++column;
      }
      line += word;
      column += word.size();
      first = false;
    }
    out += line + "\n";
  }
  return out;
}

std::string exit_codes_markdown(std::span<const ExitCodeDoc> codes) {
  std::string out = "| Code | Meaning |\n|---|---|\n";
  for (const ExitCodeDoc& row : codes) {
    out += "| " + std::to_string(row.code) + " | " + std::string(row.meaning) + " |\n";
  }
  return out;
}

std::string exit_codes_markdown(std::span<const ProgramExitCodes> programs) {
  std::string out = "| code |";
  std::string rule = "|---|";
  std::set<int> all;
  for (const auto& program : programs) {
    out += " `" + std::string(program.program) + "` |";
    rule += "---|";
    for (const ExitCodeDoc& row : program.codes) all.insert(row.code);
  }
  out += "\n" + rule + "\n";
  for (const int code : all) {
    out += "| " + std::to_string(code) + " |";
    for (const auto& program : programs) {
      const auto row = std::find_if(program.codes.begin(), program.codes.end(),
                                    [code](const ExitCodeDoc& doc) { return doc.code == code; });
      out += row == program.codes.end() ? " |" : " " + std::string(row->summary) + " |";
    }
    out += "\n";
  }
  return out;
}

std::string exit_codes_begin_marker(std::string_view programs) {
  return "<!-- exit-codes:begin " + std::string(programs) + " -->";
}

} // namespace dateline
