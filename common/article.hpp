/** @file article.hpp
 *  @brief The article file format (corpus/README.md is its prose twin).
 *
 *  Two accepted shapes, both UTF-8 text:
 *
 *  1. Dateline's own: the first non-blank line starts with "date YYYY-MM-DD"
 *     (leading blanks allowed); the text follows on the same line or the next.
 *  2. An RFC-822-style header block: "Date:", "Title:"/"Subject:", "Source:",
 *     "Author:", "Topics:" lines up to the first blank line, then the text.
 *
 *  Title: an explicit Title/Subject header wins; else when the first text line
 *  is short (<= k_max_headline_chars) and followed by a blank line it is the
 *  headline (and not repeated in the body); else the first sentence cut at a
 *  word boundary to at most k_max_title_chars.
 */
#pragma once

#include "common/date.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

inline constexpr std::size_t k_max_title_chars = 120;    ///< derived titles, in code points
inline constexpr std::size_t k_max_headline_chars = 200; ///< longest line taken as a headline

/// Where the article's date came from.
enum class DateSource { header, path, mtime, none };

struct Article {
  std::optional<Date> date;    ///< nullopt only with --undated=index
  DateSource date_source = DateSource::none;
  std::string title;           ///< one line, never empty for a parsed article unless the text is
  /// The title is derived from the text (corpus/README.md §1.3 rule 3: no
  /// Title:/Subject: header, no headline line): shown, but not a headline,
  /// so its words are indexed as body text only (#13.1, session 12).
  bool title_derived = false;
  std::string body;            ///< the text after the date line/header block (and headline)
  std::string source;          ///< "Source:" header, as written
  std::string author;          ///< "Author:" header, as written
  std::vector<std::string> topics;  ///< "Topics:" header split on ',' or ';', trimmed
};

/// What to do with a file that carries no date in its text.
enum class UndatedPolicy {
  skip,    ///< reject it (counted as "undated"): the default, a wrong date is worse than none
  mtime,   ///< use the file's modification date
  index,   ///< index it without a date: findable, but outside every date filter
};

struct ParseOptions {
  UndatedPolicy undated = UndatedPolicy::skip;
  std::optional<Date> mtime_date;  ///< the file's mtime as a date, for UndatedPolicy::mtime
};

/// Parses one article. @p text must be valid UTF-8 (see decode_to_utf8);
/// @p relative_path is used for a date from the path and in error messages.
/// Throws ArticleError (no_date, bad_date, empty) with the path in the message.
[[nodiscard]] Article parse_article(std::string_view text, std::string_view relative_path,
                                    const ParseOptions& options = {});

/// The title derived from running text: the first sentence, cut at a word
/// boundary to at most k_max_title_chars code points (an ellipsis is not added).
[[nodiscard]] std::string derive_title(std::string_view text);

} // namespace dateline
