/** @file error.hpp
 *  @brief Dateline's exception hierarchy: one root, a class per kind of failure.
 *
 *  Library code throws; only each binary's main() catches broadly and maps an
 *  exception to an exit code. Xapian::Error and ICU failures are wrapped or
 *  passed through with context (file, option, database path) in the message.
 */
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace dateline {

/// Root of every exception Dateline throws itself.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Bad command line or query: exit code 2 in both binaries.
class UsageError : public Error {
public:
  using Error::Error;
};

/// Why one article was rejected; used as the summary's "skipped by reason" key.
enum class ArticleFailure {
  no_date,         ///< no date line, header or dated path ("undated")
  bad_date,        ///< a date that does not exist (2024-02-30) or cannot be parsed
  empty,           ///< nothing but whitespace after the date
  binary,          ///< NUL bytes: not a text file
  too_large,       ///< over --max-size
  unreadable,      ///< open/read failed (EACCES, EIO, vanished mid-walk)
};

/// True for reasons that mean the file is broken and someone should fix it
/// (bad_date, unreadable): they make dateline-index exit 1 when first seen.
/// The others are documented skips (undated under --undated=skip, empty,
/// binary, too_large): warned about once, counted, exit 0.
[[nodiscard]] bool is_failure(ArticleFailure reason);

/// Stable lower-case name of a failure reason, as printed and in JSON.
[[nodiscard]] const char* to_string(ArticleFailure reason);

/// One article could not be parsed or read. The indexer skips, logs and counts it.
class ArticleError : public Error {
public:
  ArticleError(ArticleFailure reason, const std::string& what)
      : Error(what), m_reason(reason) {}
  [[nodiscard]] ArticleFailure reason() const noexcept { return m_reason; }

private:
  ArticleFailure m_reason;
};

/// The database is missing, locked, corrupt or of another schema: exit code 3.
class DatabaseError : public Error {
public:
  using Error::Error;
};

/// Another indexer holds the database's write lock: exit code 75 (EX_TEMPFAIL).
class DatabaseLockedError : public DatabaseError {
public:
  using DatabaseError::DatabaseError;
};

/// The one form of every program's diagnostic line on stderr:
/// "PROGRAM: KIND: MESSAGE\n" (KIND "error", "warning", "note"), or
/// "PROGRAM: MESSAGE\n" when @p kind is empty. The caller escapes @p message
/// for the terminal (common/encoding.hpp). Formats only: common never prints.
[[nodiscard]] std::string diagnostic_line(std::string_view program, std::string_view kind, std::string_view message);

} // namespace dateline
