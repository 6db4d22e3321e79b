/** @file reuters_import.hpp
 *  @brief Converts a directory of Reuters-21578 reut2-*.sgm files into article files.
 */
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace dateline::reuters {

struct ImportParams {
  std::filesystem::path source_dir;  ///< holds reut2-000.sgm ... reut2-021.sgm
  std::filesystem::path output_dir;  ///< created if missing; articles go to YYYY/MM/reuters-N.txt
};

struct ImportCounts {
  std::size_t files = 0;          ///< .sgm files read
  std::size_t stories = 0;        ///< <REUTERS> elements converted (one article each)
  std::size_t written = 0;        ///< article files created or changed
  std::size_t unchanged = 0;      ///< article files already identical (left untouched, mtime kept)
  std::size_t untitled = 0;       ///< no <TITLE>: no Title header, the indexer derives one
  std::size_t undated = 0;        ///< no parsable <DATE>: written under undated/, skipped by default
  std::size_t no_body = 0;        ///< no <BODY> (TYPE="BRIEF" or "UNPROC" stories)
  std::size_t title_as_text = 0;  ///< no story text at all: the title is the text
  std::size_t empty = 0;          ///< neither text nor title: the indexer rejects these as empty
};

/// Converts every reut2-*.sgm in params.source_dir (sorted by name). Output files
/// are written to a temporary name and renamed into place; a file whose content
/// is already identical is not rewritten. Throws dateline::Error naming the file
/// on a missing/unreadable source, an unterminated or id-less <REUTERS> element,
/// a NEWID seen twice, or a write failure.
[[nodiscard]] ImportCounts import_reuters(const ImportParams& params);

/// "22 files, 21578 stories: 21578 written, 0 unchanged, ..." (no trailing newline).
[[nodiscard]] std::string summary_line(const ImportCounts& counts);

/// dateline-import-reuters --help (also its man page: docgen/).
[[nodiscard]] std::string import_help_text();

} // namespace dateline::reuters
