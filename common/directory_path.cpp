/** @file directory_path.cpp
 *  @brief directory_path: lexically_normal, then the trailing separator off.
 */
#include "common/directory_path.hpp"

namespace dateline {

std::filesystem::path directory_path(std::string_view path) {
  std::filesystem::path dir = std::filesystem::path(path).lexically_normal();
  // lexically_normal keeps one trailing separator ("db/1987/"): its
  // filename() is then empty. The root ("/") has none to drop.
  if (!dir.has_filename() && dir.has_relative_path()) dir = dir.parent_path();
  return dir;
}

} // namespace dateline
