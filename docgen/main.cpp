/** @file main.cpp
 *  @brief dateline-docgen OUTDIR README.md DOCDIR: writes the man pages and shell
 *  completions of dateline-index and dateline-search from their option
 *  declarations and --help texts, dateline-import-reuters.1 from its --help,
 *  and dateline(7) from README.md; every page's FILES section names the
 *  documentation installed in DOCDIR (CMAKE_INSTALL_FULL_DOCDIR). Run by the
 *  build (docgen/CMakeLists.txt); not installed.
 *  dateline-docgen --exit-codes FILE...: rewrites the exit-code tables in
 *  those Markdown files from the programs' exit_codes.hpp tables
 *  (docgen/exit_code_docs.hpp).
 */
#include "common/version.hpp"
#include "docgen/completions.hpp"
#include "docgen/exit_code_docs.hpp"
#include "docgen/option_model.hpp"
#include "docgen/programs.hpp"
#include "docgen/roff.hpp"

#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Writes @p content unless the file already holds it (no needless rebuilds).
void write_text(const fs::path& path, const std::string& content) {
  if (!path.parent_path().empty()) fs::create_directories(path.parent_path());
  if (fs::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream old;
    old << in.rdbuf();
    if (old.str() == content) return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

} // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--exit-codes") {
    try {
      for (int i = 2; i < argc; ++i) {
        write_text(argv[i], dateline::docgen::render_exit_code_blocks(read_text(argv[i])));
      }
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "dateline-docgen: " << e.what() << '\n';
      return 1;
    }
  }
  if (argc != 4) {
    std::cerr << "usage: dateline-docgen OUTDIR README.md DOCDIR\n"
                 "       dateline-docgen --exit-codes FILE.md...\n";
    return 2;
  }
  try {
    namespace dg = dateline::docgen;
    const fs::path out = argv[1];
    const std::string version(dateline::dateline_version());
    const std::string doc_dir = argv[3];
    // Each page's own document, as installed (packaging/CMakeLists.txt).
    const auto own_doc = [](const std::string& name) -> std::string {
      if (name == "dateline-index") return "docs/indexer.md";
      if (name == "dateline-search") return "docs/searcher.md";
      if (name == "dateline-import-reuters") return "article-format.md";
      return {};
    };
    const std::vector<dg::ProgramDoc> programs = dg::documented_programs();
    for (const auto& program : programs) {
      std::vector<std::string> see_also;
      for (const auto& other : programs) {
        if (other.name != program.name) see_also.push_back(other.name + "(1)");
      }
      see_also.emplace_back("dateline(7)");
      // Shards on other machines, replicas, stub files: both programs' options
      // (--db HOST:PORT, --timeout, --allow-partial; --shard-by) lead there.
      see_also.emplace_back("xapian-tcpsrv(1)");
      see_also.emplace_back("xapian-replicate(1)");
      if (!doc_dir.empty()) {
        std::string dir = doc_dir;
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        see_also.push_back(dir + "/docs/scaling.md");
      }
      write_text(out / "man/man1" / (program.name + ".1"), dg::program_man_page(program, version, see_also,
                                                                                   dg::files_section(doc_dir, own_doc(program.name))));
      write_text(out / "completions/bash" / program.name, dg::bash_completion(program));
      write_text(out / "completions/zsh" / ("_" + program.name), dg::zsh_completion(program));
      write_text(out / "completions/fish" / (program.name + ".fish"), dg::fish_completion(program));
    }
    for (const auto& program : dg::help_only_programs()) {
      write_text(out / "man/man1" / (program.name + ".1"),
                 dg::program_man_page(program, version, {"dateline-index(1)", "dateline(7)"},
                                      dg::files_section(doc_dir, own_doc(program.name))));
    }
    write_text(out / "man/man7/dateline.7", dg::overview_man_page(read_text(argv[2]), version,
                                                                          dg::files_section(doc_dir, "article-format.md")));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "dateline-docgen: " << e.what() << '\n';
    return 1;
  }
}
