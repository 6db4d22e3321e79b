/** @file reuters_import.cpp
 *  @brief Walks the .sgm files, converts each story and writes article files atomically.
 */
#include "corpus/import/reuters_import.hpp"

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/exit_code_table.hpp"
#include "corpus/import/exit_codes.hpp"
#include "corpus/import/reuters_story.hpp"
#include "corpus/import/sgml.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <set>
#include <system_error>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>
#include <vector>

namespace dateline::reuters {
namespace {

namespace fs = std::filesystem;

[[nodiscard]] std::vector<fs::path> source_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw Error("source directory " + dir.string() + " does not exist or is not a directory");
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("reut2-") && name.ends_with(".sgm") && it->is_regular_file(ec)) {
      files.push_back(it->path());
    }
  }
  if (ec) {
    throw Error("cannot list source directory " + dir.string() + ": " + ec.message());
  }
  if (files.empty()) {
    throw Error("no reut2-*.sgm files in " + dir.string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

[[nodiscard]] std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error("cannot open " + path.string());
  }
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    throw Error("cannot read " + path.string() + ": " + ec.message());
  }
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in || in.gcount() != static_cast<std::streamsize>(size)) {
    throw Error("cannot read " + path.string());
  }
  return bytes;
}

/// True when @p path already holds exactly @p content.
[[nodiscard]] bool same_content(const fs::path& path, const std::string& content) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size != content.size()) {
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::string existing(content.size(), '\0');
  in.read(existing.data(), static_cast<std::streamsize>(existing.size()));
  return in && existing == content;
}

/// Writes @p content through common/atomic_file.hpp (a fresh mkstemp file
/// beside @p path, then rename), so a reader (or an indexer run from cron)
/// never sees half a file and a planted link is never written through.
void write_atomically(const fs::path& path, const std::string& content) {
  write_file_atomically(path.string(), content);
}

class Converter {
public:
  explicit Converter(fs::path output_dir) : m_output_dir(std::move(output_dir)) {}

  void convert_file(const fs::path& file) {
    const std::string bytes = read_bytes(file);
    const std::string_view buffer = bytes;
    std::size_t pos = 0;
    while (true) {
      const auto element = find_element(buffer, "REUTERS", pos);
      if (!element) {
        if (const std::size_t stray = buffer.find("<REUTERS", pos); stray != std::string_view::npos) {
          throw Error(file.string() + ": unterminated <REUTERS> element at byte " + std::to_string(stray));
        }
        break;
      }
      const auto start = static_cast<std::size_t>(element->start_tag.data() - buffer.data());
      // Stories never nest, so the first end tag must close this one.
      if (buffer.find("<REUTERS", start + 1) < element->end) {
        throw Error(file.string() + ": unterminated <REUTERS> element at byte " + std::to_string(start));
      }
      try {
        convert_story(buffer.substr(start, element->end - start));
      } catch (const Error& error) {
        throw Error(file.string() + ": " + error.what());
      }
      pos = element->end;
    }
    ++m_counts.files;
  }

  [[nodiscard]] const ImportCounts& counts() const noexcept { return m_counts; }

private:
  void convert_story(std::string_view element) {
    const Story story = parse_story(element);
    if (!m_seen_ids.insert(story.newid).second) {
      throw Error("NEWID " + story.newid + " appears twice");
    }
    ++m_counts.stories;
    m_counts.untitled += story.title.empty() ? 1 : 0;
    m_counts.undated += story.date ? 0 : 1;
    m_counts.no_body += element.find("<BODY>") == std::string_view::npos ? 1 : 0;
    m_counts.title_as_text += story.text_from_title ? 1 : 0;
    m_counts.empty += story.text.empty() ? 1 : 0;

    const fs::path path = m_output_dir / article_relative_path(story);
    const std::string content = format_article(story);
    ensure_directory(path.parent_path());
    if (same_content(path, content)) {
      ++m_counts.unchanged;
      return;
    }
    write_atomically(path, content);
    ++m_counts.written;
  }

  /// Creates @p dir (below the output directory) one level at a time and
  /// refuses a level that exists as anything but a real directory: a symbolic
  /// link planted at OUT_DIR/1987 would otherwise redirect every article
  /// written beneath it. (OUT_DIR itself may be a link: it is the user's choice.)
  void ensure_directory(const fs::path& dir) {
    if (m_made_dirs.contains(dir.string())) {
      return;
    }
    fs::path level = m_output_dir;
    for (const fs::path& part : dir.lexically_relative(m_output_dir)) {
      level /= part;
      if (::mkdir(level.c_str(), 0777) == 0) {
        continue;
      }
      const int error = errno;
      struct stat st {};
      if (error != EEXIST || ::lstat(level.c_str(), &st) != 0) {
        throw Error("cannot create directory " + level.string() + ": " + std::generic_category().message(error));
      }
      if (!S_ISDIR(st.st_mode)) {
        throw Error(level.string() + " is " + (S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory") +
                    "; refusing to write articles through it (remove it, or choose another output directory)");
      }
    }
    m_made_dirs.insert(dir.string());
  }

  fs::path m_output_dir;
  ImportCounts m_counts;
  std::unordered_set<std::string> m_seen_ids;
  std::set<std::string> m_made_dirs;
};

} // namespace

ImportCounts import_reuters(const ImportParams& params) {
  const auto files = source_files(params.source_dir);
  std::error_code ec;
  fs::create_directories(params.output_dir, ec);
  if (ec || !fs::is_directory(params.output_dir, ec)) {
    throw Error("cannot create output directory " + params.output_dir.string() +
                (ec ? ": " + ec.message() : std::string()));
  }
  Converter converter(params.output_dir);
  for (const auto& file : files) {
    converter.convert_file(file);
  }
  return converter.counts();
}

std::string summary_line(const ImportCounts& counts) {
  return std::to_string(counts.files) + " files, " + std::to_string(counts.stories) +
         " stories: " + std::to_string(counts.written) + " written, " +
         std::to_string(counts.unchanged) + " unchanged; " + std::to_string(counts.untitled) +
         " untitled, " + std::to_string(counts.undated) + " undated, " +
         std::to_string(counts.no_body) + " without body (" + std::to_string(counts.title_as_text) +
         " title as text, " + std::to_string(counts.empty) + " empty)";
}

std::string import_help_text() {
  static constexpr std::string_view k_text = R"(Usage: dateline-import-reuters [--quiet] SRC_DIR OUT_DIR

Converts the Reuters-21578 collection (SRC_DIR/reut2-*.sgm) into one Dateline
article file per <REUTERS> story: OUT_DIR/YYYY/MM/reuters-NEWID.txt, in the
header-block form of the article format (dateline(7); article-format.md in the
installed docs, corpus/README.md in the source):

  Date: 1987-02-26          from <DATE>; omitted when unparsable (the file then
                            goes to OUT_DIR/undated/ and is skipped as undated)
  Title: ...                from <TITLE>; omitted when absent (the indexer
                            takes the headline from the text)
  Source: Reuters
  Author: ...               from <AUTHOR>, when present
  Topics: a, b              from <TOPICS>, when present

followed by a blank line and the story text (<DATELINE> + <BODY>, the trailing
"Reuter" sign-off removed, paragraphs re-joined). Stories without a body
(TYPE="BRIEF"/"UNPROC") keep whatever text they have, or their title.

Files are written to a temporary name and renamed into place; files already
identical are left untouched, so a re-run does not make the indexer re-read them.
A one-line summary of the counts is printed on stderr.

Options:
  -q, --quiet   no summary line
  -h, --help    this help
      --version show the versions of Dateline, Xapian and ICU

)";
  return std::string(k_text) + exit_codes_help("Exit status", k_import_exit_codes);
}

} // namespace dateline::reuters
