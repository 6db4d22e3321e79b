/** @file programs.cpp
 *  @brief ProgramDoc of each program from its option declarations and --help.
 */
#include "docgen/programs.hpp"

#include "corpus/import/reuters_import.hpp"
#include "indexer/option_declarations.hpp"
#include "indexer/options.hpp"
#include "searcher/option_declarations.hpp"
#include "searcher/options.hpp"

namespace dateline::docgen {

std::vector<ProgramDoc> documented_programs() {
  std::vector<ProgramDoc> programs;
  programs.push_back(program_doc("dateline-index", indexer::index_option_declarations(), indexer::index_help_text(true),
                                 "DIR", true));
  programs.push_back(program_doc("dateline-search", searcher::search_option_declarations(),
                                 searcher::search_help_text(true), "QUERY", false));
  programs.back().file_path_options = {"like", "similar-to"};  // an article file (--like also docid:N)
  return programs;
}

std::vector<ProgramDoc> help_only_programs() {
  return {help_program_doc("dateline-import-reuters", std::string(reuters::import_help_text()))};
}

} // namespace dateline::docgen
