/** @file index_helpers.hpp
 *  @brief Helpers for tests that run the real dateline-index and inspect the
 *  database directly with the Xapian API.
 */
#pragma once

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dateline::test {

/// Writes a Dateline-format article ("date ..." line, headline, blank, body).
void write_article(const std::filesystem::path& path, const std::string& date, const std::string& title,
                   const std::string& body);

/// Runs dateline-index with @p args (the binary path is prepended).
[[nodiscard]] ProcessResult run_index(const std::vector<std::string>& args, const ProcessOptions& options = {});

/// Opens @p db read-only.
[[nodiscard]] Xapian::Database open_db(const std::filesystem::path& db);

/// Q term -> number of documents carrying it.
[[nodiscard]] std::map<std::string, Xapian::doccount> unique_terms(const Xapian::Database& db);

/// True when every Q term is on exactly one document and every document has one.
[[nodiscard]] bool unique_ids_consistent(const Xapian::Database& db);

/// The document whose Q term names @p relative below its root (Q<root>/<relative>);
/// throws unless exactly one document does.
[[nodiscard]] Xapian::Document doc_for(const Xapian::Database& db, const std::string& relative);
[[nodiscard]] bool has_doc(const Xapian::Database& db, const std::string& relative);

/// The integer (or -1) for "key": N in a flat JSON text; nested keys as "skipped.binary".
[[nodiscard]] long json_number(const std::string& json, const std::string& key);

/// Sets a file's mtime to @p seconds since the epoch (+ @p nanoseconds).
void set_mtime(const std::filesystem::path& path, long seconds, long nanoseconds = 0);

/// Formats the test's random seed for the log.
[[nodiscard]] unsigned test_seed();

/// Starts @p argv on a fresh @p db (removed first), waits until @p ready
/// exists, calls @p while_running(pid), waits a moment and sends SIGTERM;
/// returns the exit status. A run that finished before the signal (status 0)
/// is repeated with a shorter wait (400 ms down to none), so the signal lands
/// mid-run on fast machines too: 0 means every attempt finished first.
[[nodiscard]] int interrupt_with_sigterm(const std::vector<std::string>& argv, const std::filesystem::path& db,
                                         const std::filesystem::path& ready,
                                         const std::function<void(int pid)>& while_running = {});

/// EXPECTs a clean /usr/bin/xapian-check of @p db (nothing when it is absent).
void expect_check_clean(const std::filesystem::path& db);

} // namespace dateline::test
