/** @file completions.hpp
 *  @brief Shell completions (bash, zsh, fish) for a program, from its option
 *  declarations. A value named PATH, ROOT or DIR completes directories, FILE
 *  or STATE_FILE completes files, and so does a PATH the program lists in
 *  ProgramDoc::file_path_options (dateline-search's --like and --similar-to
 *  take an article file); an enumerated option (OptionDoc::values: --format,
 *  --sort, --shard-by, ...) completes its values ("NAME:" for a "NAME:PARAM"
 *  value), an optional one (--timeline[=UNIT]) only after '='; other values
 *  (N, DATE, GLOB...) complete nothing. Operands complete directories for dateline-index, nothing for
 *  dateline-search's query words. zsh and fish show option_summary() of
 *  each option's help beside it.
 */
#pragma once

#include "docgen/option_model.hpp"

#include <string>

namespace dateline::docgen {

/// The one-line description of an option that zsh and fish show beside it:
/// @p help without its bracketed asides, up to its first ';' or the end of
/// its first sentence outside brackets ("text (default) or json (...)" ->
/// "text or json").
[[nodiscard]] std::string option_summary(const std::string& help);

/// A bash-completion script (`complete -F`) for share/bash-completion/completions/NAME.
[[nodiscard]] std::string bash_completion(const ProgramDoc& program);
/// A zsh completion function file `_NAME` (#compdef, _arguments) for share/zsh/vendor-completions.
[[nodiscard]] std::string zsh_completion(const ProgramDoc& program);
/// A fish completion file NAME.fish for share/fish/vendor_completions.d.
[[nodiscard]] std::string fish_completion(const ProgramDoc& program);

} // namespace dateline::docgen
