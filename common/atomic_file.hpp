/** @file atomic_file.hpp
 *  @brief The one way Dateline writes a file: a fresh temporary file that
 *  nobody else can have created (mkstemp: O_CREAT|O_EXCL, so a planted symbolic
 *  link is never followed) in the target's directory, fsync, rename over the
 *  target. Readers see the old file or the new one, never half of one, and a
 *  link planted at the target is replaced, never written through.
 */
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

namespace dateline {

/// Writes @p contents to @p path atomically. The file gets @p mode minus the
/// umask (read once, so call it from one thread at a time). On failure the
/// temporary file is removed, @p path is unchanged, and Error names @p path
/// (never the temporary name) and the system's reason.
void write_file_atomically(const std::string& path, std::string_view contents, mode_t mode = 0666);

/// Why write_file_atomically(@p path) cannot succeed, checked before any work
/// is done: the directory is missing, not a directory or not writable, or
/// @p path is a directory. Empty when nothing is known to be wrong.
[[nodiscard]] std::string atomic_write_problem(const std::string& path);

/// The directory write_file_atomically(@p path) writes in ("." for a bare name).
[[nodiscard]] std::string parent_directory(const std::string& path);

} // namespace dateline
