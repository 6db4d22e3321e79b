#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <utility>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <unistd.h>

namespace dateline::test {
namespace {

/// Fills in DATELINE_INDEX, DATELINE_SEARCH, ... from the paths compiled in by
/// tests/CMakeLists.txt, unless the environment already names them.
const bool k_defaults_installed = [] {
  const std::pair<const char*, const char*> defaults[] = {
#ifdef DATELINE_DEFAULT_INDEX
      {"DATELINE_INDEX", DATELINE_DEFAULT_INDEX},
#endif
#ifdef DATELINE_DEFAULT_SEARCH
      {"DATELINE_SEARCH", DATELINE_DEFAULT_SEARCH},
#endif
#ifdef DATELINE_DEFAULT_IMPORT_REUTERS
      {"DATELINE_IMPORT_REUTERS", DATELINE_DEFAULT_IMPORT_REUTERS},
#endif
#ifdef DATELINE_DEFAULT_SYNTH_ARCHIVE
      {"DATELINE_SYNTH_ARCHIVE", DATELINE_DEFAULT_SYNTH_ARCHIVE},
#endif
      {"DATELINE_SOURCE_DIR", DATELINE_DEFAULT_SOURCE_DIR},
      {"DATELINE_SHARED_DIR", DATELINE_DEFAULT_SHARED_DIR},
  };
  for (const auto& [name, value] : defaults) ::setenv(name, value, 0);
  return true;
}();

} // namespace

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "dateline-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed for " + pattern);
  }
  m_path = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("DATELINE_KEEP_TEMP") != nullptr) {
    return;
  }
  std::error_code ec;
  // Tests may chmod 000 directories; restore permissions so removal works.
  for (auto it = std::filesystem::recursive_directory_iterator(
           m_path, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::add, ec);
    }
  }
  std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::operator/(std::string_view relative) const {
  return m_path / std::filesystem::path(relative);
}

void write_file(const std::filesystem::path& path, std::string_view content) {
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::filesystem::path shared_corpus(std::string_view name) {
  std::filesystem::path shared = env_or_empty("DATELINE_SHARED_DIR");
  if (shared.empty() || (name != "seed" && !env_or_empty("DATELINE_SKIP_LARGE").empty())) {
    return {};
  }
  auto dir = shared / "corpora" / std::filesystem::path(name);
  std::error_code ec;
  return std::filesystem::is_directory(dir, ec) ? dir : std::filesystem::path{};
}

} // namespace dateline::test
