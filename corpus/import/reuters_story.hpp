/** @file reuters_story.hpp
 *  @brief One Reuters-21578 <REUTERS> element -> one Dateline article file.
 */
#pragma once

#include "common/date.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::reuters {

/// How the story's text was stored in the collection (<TEXT TYPE=...>).
enum class TextType { normal, brief, unproc };

struct Story {
  std::string newid;                ///< NEWID attribute, digits only
  std::optional<Date> date;         ///< nullopt when <DATE> is missing or unparsable
  std::string title;                ///< decoded, one line; empty when there is no <TITLE>
  std::string author;               ///< "By Jane Doe, Reuters" -> "Jane Doe"; often empty
  std::vector<std::string> topics;  ///< <TOPICS><D> values, in order
  std::string text;                 ///< article text: paragraphs separated by blank lines
  TextType type = TextType::normal;
  bool text_from_title = false;     ///< no story text at all: the title stands in for it
};

/// Parses "26-FEB-1987 15:01:01.79" (leading blanks and trailing junk such as
/// "&#9;&#9;&#9;F" allowed; only day, month and year are read). Returns
/// nullopt when the text is not such a date or the day does not exist.
[[nodiscard]] std::optional<Date> parse_reuters_date(std::string_view raw);

/// Parses one "<REUTERS ...>...</REUTERS>" element (raw bytes as in the file).
/// Throws dateline::Error when the element has no usable NEWID.
[[nodiscard]] Story parse_story(std::string_view element);

/// The article file's content in the header-block form of corpus/README.md.
[[nodiscard]] std::string format_article(const Story& story);

/// Where the article goes below the output directory: "1987/02/reuters-1.txt",
/// or "undated/reuters-1.txt" when the story has no date.
[[nodiscard]] std::string article_relative_path(const Story& story);

} // namespace dateline::reuters
