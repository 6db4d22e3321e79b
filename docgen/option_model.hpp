/** @file option_model.hpp
 *  @brief What the documentation generator knows about a program: its options
 *  as declared with Boost.Program_options (name, short name, value name,
 *  help, group) and its --help text cut into blocks. Everything the man pages
 *  and completions say about an option comes from here, so nothing is written
 *  twice.
 */
#pragma once

#include <string>
#include <vector>

namespace boost::program_options {
class options_description;
}

namespace dateline::docgen {

struct OptionDoc {
  std::string long_name;    ///< "db"
  std::string short_name;   ///< "d", or "" when there is none
  std::string value_name;   ///< "PATH"; "" for a flag
  bool value_optional = false;  ///< --timeline[=UNIT]: the value is only given after '='
  bool repeatable = false;      ///< a composing (list) value: may be given again
  /// An enumerated option's allowed values (its table value is a
  /// ChoiceValue, common/choice_value.hpp), in order; empty otherwise.
  std::vector<std::string> values;
  std::string help;             ///< the declared help string
  std::string group;            ///< caption of the options_description block, e.g. "Database"
};

/// The options of @p declarations in declaration order, each with the caption
/// of the block (options_description added with add()) that declares it.
[[nodiscard]] std::vector<OptionDoc> option_docs(const boost::program_options::options_description& declarations);

/// The group captions in order of first appearance.
[[nodiscard]] std::vector<std::string> group_order(const std::vector<OptionDoc>& options);

/// A paragraph of --help text: a heading line ("Examples:"), preformatted
/// lines (every line indented) or running text.
struct HelpBlock {
  enum class Kind { heading, preformatted, text } kind = Kind::text;
  std::vector<std::string> lines;
};

/// --help text split at blank lines into blocks (UTF-8 kept as is).
[[nodiscard]] std::vector<HelpBlock> help_blocks(const std::string& text);

/// One program as the generator documents it.
struct ProgramDoc {
  std::string name;                 ///< "dateline-index"
  std::vector<OptionDoc> options;   ///< from the declarations
  std::vector<std::string> usage;   ///< the "Usage:" lines of --help, without "Usage:"
  std::vector<HelpBlock> before;    ///< --help between the usage and the options
  std::vector<HelpBlock> after;     ///< --help after the options
  std::string positional;           ///< "DIR" or "QUERY": what the operands are
  bool positional_directories = false;  ///< operands are directories (complete them)
  /// Options whose PATH value names a file, not a directory (completed as
  /// files): dateline-search's --like and --similar-to.
  std::vector<std::string> file_path_options;
};

/// Cuts @p help_text (the program's --help) around the printed @p declarations.
/// Throws std::runtime_error when the options are not printed in it.
[[nodiscard]] ProgramDoc program_doc(std::string name, const boost::program_options::options_description& declarations,
                                     const std::string& help_text, std::string positional, bool positional_directories);

/// A program without Boost declarations (dateline-import-reuters): its man
/// page comes from its --help text alone (options as written there).
[[nodiscard]] ProgramDoc help_program_doc(std::string name, const std::string& help_text);

} // namespace dateline::docgen
