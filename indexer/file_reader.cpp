/** @file file_reader.cpp
 *  @brief open(O_NOFOLLOW) + fstat + read, then the article pipeline.
 */
#include "indexer/file_reader.hpp"

#include "common/charset.hpp"
#include "common/encoding.hpp"
#include "common/schema.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dateline::indexer {
namespace {

class FileDescriptor {
public:
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  ~FileDescriptor() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  [[nodiscard]] int get() const noexcept { return m_fd; }

private:
  int m_fd;
};

int open_for_reading(const std::string& path) {
  const int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = ::open(path.c_str(), flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) {  // O_NOATIME needs ownership
    fd = ::open(path.c_str(), flags);
  }
  return fd;
}

ReadResult failure(ReadResult result, ArticleFailure reason, std::string message) {
  result.outcome = ReadOutcome::failed;
  result.failure = reason;
  result.message = std::move(message);
  return result;
}

} // namespace

std::optional<Date> local_date(std::int64_t mtime_seconds) {
  const auto seconds = static_cast<std::time_t>(mtime_seconds);
  std::tm parts {};
  if (::localtime_r(&seconds, &parts) == nullptr) {
    return std::nullopt;
  }
  const int year = parts.tm_year + 1900;
  if (!is_valid_date(year, parts.tm_mon + 1, parts.tm_mday)) {
    return std::nullopt;
  }
  return Date{year, parts.tm_mon + 1, parts.tm_mday};
}

ReadResult read_file(const TextAnalyzer& analyzer, const WalkedFile& file, const ReadParams& params) {
  const std::string& name = params.shown.empty() ? file.relative : params.shown;  // in messages
  ReadResult result;
  result.stat = file.stat;
  const FileDescriptor fd(open_for_reading(file.open_path));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT) {
      result.outcome = ReadOutcome::vanished;
      return result;
    }
    return failure(std::move(result), ArticleFailure::unreadable, name + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return failure(std::move(result), ArticleFailure::unreadable, name + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return failure(std::move(result), ArticleFailure::unreadable, name + ": not a regular file");
  }
  result.stat = FileStat::from(st);
  if (result.stat.size > params.max_size) {
    return failure(std::move(result), ArticleFailure::too_large,
                   name + ": " + std::to_string(result.stat.size) + " bytes, over --max-size " +
                       std::to_string(params.max_size));
  }
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(result.stat.size) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == bytes.size()) {
      if (bytes.size() > params.max_size) {
        return failure(std::move(result), ArticleFailure::too_large,
                       name + ": grew over --max-size while being read");
      }
      bytes.resize(bytes.size() * 2);
    }
    const ssize_t n = ::read(fd.get(), bytes.data() + used, bytes.size() - used);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return failure(std::move(result), ArticleFailure::unreadable, name + ": " + std::strerror(errno));
    }
    if (n == 0) {
      break;
    }
    used += static_cast<std::size_t>(n);
  }
  bytes.resize(used);
  if (used > params.max_size) {
    return failure(std::move(result), ArticleFailure::too_large, name + ": grew over --max-size");
  }
  if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
    // UTF-16 text has NULs too; decode_to_utf8 handles it when it starts with a BOM.
    const bool utf16_bom = bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                                                 (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
    if (!utf16_bom) {
      return failure(std::move(result), ArticleFailure::binary, name + ": contains NUL bytes (binary file)");
    }
  }
  result.content_hash = schema::content_hash(bytes);
  if (params.expected_hash != nullptr && *params.expected_hash == result.content_hash) {
    result.outcome = ReadOutcome::same_content;
    return result;
  }
  if (params.is_rename_candidate && params.is_rename_candidate(result.content_hash, result.stat.size)) {
    result.outcome = ReadOutcome::rename_candidate;
    return result;
  }
  if (!params.analyse) {
    result.outcome = ReadOutcome::built;
    return result;
  }
  DecodedText decoded = decode_to_utf8(bytes);
  // Terminal escape sequences and other control characters are not text: left
  // in, "ESC[31mred" would index as the term "31mred" and "red" could not be found.
  // Complete sequences go, lone controls become spaces, and nothing after an
  // unfinished sequence is lost (separate_control_chars); a file that needed it
  // counts as repaired.
  ControlCleanup cleaned = separate_control_chars(decoded.utf8);
  decoded.utf8 = std::move(cleaned.text);
  bytes.clear();
  bytes.shrink_to_fit();
  result.repaired = decoded.repaired || cleaned.removed > 0;
  ParseOptions parse_options;
  parse_options.undated = params.undated;
  if (params.undated == UndatedPolicy::mtime) {
    parse_options.mtime_date = local_date(result.stat.mtime_s);
  }
  try {
    const Article article = parse_article(decoded.utf8, file.relative, parse_options);
    SourceFile source{file.relative, params.root, result.stat, result.content_hash};
    result.built.emplace(build_document(analyzer, article, source, params.stems));
    result.outcome = ReadOutcome::built;
  } catch (const ArticleError& e) {
    // parse_article names the file by its relative path (which it dates from).
    std::string message = e.what();
    if (name != file.relative && message.starts_with(file.relative + ":")) {
      message = name + message.substr(file.relative.size());
    }
    return failure(std::move(result), e.reason(), std::move(message));
  }
  return result;
}

} // namespace dateline::indexer
