/** @file temp_dir.hpp
 *  @brief RAII temporary directory for tests (removed on destruction unless
 *  DATELINE_KEEP_TEMP is set), plus small file helpers.
 */
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace dateline::test {

class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }
  /// path() / relative
  [[nodiscard]] std::filesystem::path operator/(std::string_view relative) const;

private:
  std::filesystem::path m_path;
};

/// Writes @p content to @p path, creating parent directories.
void write_file(const std::filesystem::path& path, std::string_view content);
/// Whole file as bytes; throws if unreadable.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);
/// The value of environment variable @p name, or "" when unset.
[[nodiscard]] std::string env_or_empty(const char* name);
/// ../shared/corpora/<name> beside the checkout, or "" when absent (tests then GTEST_SKIP).
/// Also "" for every corpus but the tiny `seed` when DATELINE_SKIP_LARGE is set
/// (the sanitizer build in scripts/test sets it: those tests run in the normal build).
[[nodiscard]] std::filesystem::path shared_corpus(std::string_view name);

} // namespace dateline::test
