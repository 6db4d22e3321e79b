/** @file error.cpp
 *  @brief Names of article failure reasons.
 */
#include "common/error.hpp"

namespace dateline {

bool is_failure(ArticleFailure reason) {
  return reason == ArticleFailure::bad_date || reason == ArticleFailure::unreadable;
}

const char* to_string(ArticleFailure reason) {
  switch (reason) {
    case ArticleFailure::no_date: return "undated";
    case ArticleFailure::bad_date: return "bad_date";
    case ArticleFailure::empty: return "empty";
    case ArticleFailure::binary: return "binary";
    case ArticleFailure::too_large: return "too_large";
    case ArticleFailure::unreadable: return "unreadable";
  }
  return "unknown";
}

std::string diagnostic_line(std::string_view program, std::string_view kind, std::string_view message) {
  std::string line(program);
  line += ": ";
  if (!kind.empty()) {
    line += kind;
    line += ": ";
  }
  line += message;
  line += '\n';
  return line;
}

} // namespace dateline
