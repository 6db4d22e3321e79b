/** @file version.hpp
 *  @brief The `--version` text of every Dateline program: Dateline's version
 *  (one source: the CMake project version, compiled into version.cpp) and the
 *  versions of the Xapian and ICU libraries actually loaded.
 */
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// Dateline's version, e.g. "0.1.0" (CMakeLists.txt's project(VERSION)).
[[nodiscard]] std::string_view dateline_version() noexcept;

/// "PROGRAM VERSION\nXapian X.Y.Z\nICU N.M\n": what `PROGRAM --version` prints.
[[nodiscard]] std::string version_text(std::string_view program);

} // namespace dateline
