/** @file completions.hpp
 *  @brief Shell completions (bash, zsh, fish) for a program, from its option
 *  declarations. A value named PATH, ROOT or DIR completes directories, FILE
 *  or STATE_FILE completes files; other values (N, DATE, GLOB...) complete
 *  nothing. Operands complete directories for dateline-index, nothing for
 *  dateline-search's query words.
 */
#pragma once

#include "docgen/option_model.hpp"

#include <string>

namespace dateline::docgen {

/// A bash-completion script (`complete -F`) for share/bash-completion/completions/NAME.
[[nodiscard]] std::string bash_completion(const ProgramDoc& program);
/// A zsh completion function file `_NAME` (#compdef, _arguments) for share/zsh/vendor-completions.
[[nodiscard]] std::string zsh_completion(const ProgramDoc& program);
/// A fish completion file NAME.fish for share/fish/vendor_completions.d.
[[nodiscard]] std::string fish_completion(const ProgramDoc& program);

} // namespace dateline::docgen
