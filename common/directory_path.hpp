/** @file directory_path.hpp
 *  @brief A directory named on a command line (`--db DIR` or `--db DIR/`,
 *  a stub file's entry) as the path whose last component is its name: what
 *  both programs read a time-sharded archive's shard name ("1987",
 *  "undated", "replica_1") and its archive (the parent) from. Pure: no
 *  file system access.
 */
#pragma once

#include <filesystem>
#include <string_view>

namespace dateline {

/// @p path lexically normal and without a trailing '/', so that filename()
/// is the directory's own name and parent_path() the directory holding it:
/// "db/1987/" and "db//1987" are "db/1987", "db/1987/." is "db/1987", "/" stays
/// "/" and "" stays "". Symbolic links are not followed ("link/.." is ".").
[[nodiscard]] std::filesystem::path directory_path(std::string_view path);

} // namespace dateline
