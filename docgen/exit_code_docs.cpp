/** @file exit_code_docs.cpp
 *  @brief Rendering the exit-code blocks of Markdown files
 *  (docgen/exit_code_docs.hpp).
 */
#include "docgen/exit_code_docs.hpp"

#include "common/exit_code_table.hpp"
#include "corpus/import/exit_codes.hpp"
#include "indexer/exit_codes.hpp"
#include "searcher/exit_codes.hpp"

#include <sstream>
#include <stdexcept>
#include <vector>

namespace dateline::docgen {

std::string exit_code_table(const std::string& programs) {
  std::vector<ProgramExitCodes> columns;
  std::istringstream names(programs);
  std::string name;
  while (names >> name) {
    if (name == "dateline-index") {
      columns.push_back({"dateline-index", indexer::k_index_exit_codes});
    } else if (name == "dateline-search") {
      columns.push_back({"dateline-search", searcher::k_search_exit_codes});
    } else if (name == "dateline-import-reuters") {
      columns.push_back({"dateline-import-reuters", reuters::k_import_exit_codes});
    } else {
      throw std::invalid_argument("exit-codes block: no exit-code table for '" + name + "'");
    }
  }
  if (columns.empty()) throw std::invalid_argument("exit-codes block: no program named");
  return columns.size() == 1 ? exit_codes_markdown(columns.front().codes) : exit_codes_markdown(columns);
}

std::string render_exit_code_blocks(const std::string& markdown) {
  const std::string begin_prefix = "<!-- exit-codes:begin ";
  const std::string end_marker(k_exit_codes_end_marker);
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t begin = markdown.find(begin_prefix, at);
    if (begin == std::string::npos) break;
    const std::size_t begin_end = markdown.find(" -->\n", begin);
    if (begin_end == std::string::npos) throw std::invalid_argument("exit-codes block: unterminated begin marker");
    const std::string programs = markdown.substr(begin + begin_prefix.size(), begin_end - begin - begin_prefix.size());
    const std::size_t end = markdown.find(end_marker, begin_end);
    if (end == std::string::npos) {
      throw std::invalid_argument("exit-codes block for '" + programs + "' has no " + end_marker);
    }
    out += markdown.substr(at, begin_end + 5 - at);  // up to and with the begin marker line
    out += exit_code_table(programs);
    at = end;
  }
  out += markdown.substr(at);
  return out;
}

} // namespace dateline::docgen
