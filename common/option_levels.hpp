/** @file option_levels.hpp
 *  @brief The level of each block of an option table: everyday options are
 *  in --help, advanced ones (ranking and indexing tuning) only in --help-all;
 *  the man pages and the shell completions (docgen/) carry every option.
 *  Header-only and for the command lines and docgen only, as
 *  common/choice_value.hpp (common/'s library links no Boost.Program_options).
 */
#pragma once

#include <boost/program_options/options_description.hpp>

#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace dateline {

/// Who sees an option in --help.
enum class OptionLevel {
  everyday,  ///< --help, --help-all, man page, completions
  advanced,  ///< --help-all, man page, completions: not --help
};

/// One captioned block of a program's option table ("Database", "Ranking
/// tuning") with the level of every option declared in it.
struct OptionBlock {
  boost::program_options::options_description options;
  OptionLevel level = OptionLevel::everyday;
};

/// The blocks under one "Options" caption as --help prints them: every block
/// with @p all, else the everyday ones.
[[nodiscard]] inline boost::program_options::options_description joined_options(const std::vector<OptionBlock>& blocks,
                                                                                bool all) {
  boost::program_options::options_description joined("Options");
  for (const OptionBlock& block : blocks) {
    if (all || block.level == OptionLevel::everyday) joined.add(block.options);
  }
  return joined;
}

/// The closing note of --help: how many options it left out, of which
/// blocks, and that `PROGRAM --help-all` shows them; "" when none is left out.
/// Wrapped at 80 columns.
[[nodiscard]] inline std::string left_out_options_note(const std::vector<OptionBlock>& blocks,
                                                       const std::string& program) {
  std::size_t count = 0;
  std::string names;
  std::string captions;
  for (const OptionBlock& block : blocks) {
    if (block.level == OptionLevel::everyday) continue;
    for (const auto& option : block.options.options()) {
      if (count < 3) names += (names.empty() ? "--" : ", --") + option->long_name();
      ++count;
    }
    std::ostringstream caption;
    caption << block.options;  // "Caption:\n  ..." : Boost keeps the caption private
    const std::string printed = caption.str();
    captions += (captions.empty() ? "" : ", ") + printed.substr(0, printed.find(":\n"));
  }
  if (count == 0) return {};
  const std::string text = "Not shown here: " + std::to_string(count) + " more options (" + captions + ": " + names +
                           ", ...); " + program + " --help-all lists every option, as does the man page.";
  std::string out;
  std::string line;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (!line.empty() && line.size() + 1 + word.size() > 79) {
      out += line + '\n';
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line + '\n';
}

} // namespace dateline
