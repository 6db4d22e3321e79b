/** @file version.cpp
 *  @brief --version text; DATELINE_VERSION comes from common/CMakeLists.txt.
 */
#include "common/version.hpp"

#include <unicode/uversion.h>
#include <xapian.h>

#ifndef DATELINE_VERSION
#error "DATELINE_VERSION must be defined by the build (common/CMakeLists.txt)"
#endif

namespace dateline {

std::string_view dateline_version() noexcept {
  return DATELINE_VERSION;
}

std::string version_text(std::string_view program) {
  UVersionInfo icu{};
  u_getVersion(icu);  // the ICU library loaded, not the headers compiled against
  char icu_text[U_MAX_VERSION_STRING_LENGTH] = {};
  u_versionToString(icu, icu_text);
  std::string out(program);
  out += ' ';
  out += dateline_version();
  out += "\nXapian ";
  out += Xapian::version_string();
  out += "\nICU ";
  out += icu_text;
  out += '\n';
  return out;
}

} // namespace dateline
