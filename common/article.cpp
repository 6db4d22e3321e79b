/** @file article.cpp
 *  @brief The article file format: date line or header block, headline, body.
 */
#include "common/article.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"

#include <array>
#include <cctype>

namespace dateline {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

bool is_blank_line(std::string_view line) {
  return trim(line).empty();
}

/// Splits off the first line (without its '\n'); @p rest gets what follows.
std::string_view take_line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  const std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return line;
}

/// Collapses runs of whitespace into single spaces.
std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : trim(text)) {
    if (is_blank(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

constexpr std::array<std::string_view, 6> k_header_keys = {"date", "title", "subject", "source", "author",
                                                           "topics"};

/// "Key: value" with a known key? Returns the lower-case key or "".
std::string header_key(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 20) return {};
  // Blanks before the colon are allowed ("Date : ...", RFC 822's obsolete form).
  const std::string key = lower_ascii(trim(line.substr(0, colon)));
  for (auto known : k_header_keys) {
    if (key == known) return key;
  }
  return {};
}

/// "Name: value" with any RFC 822 field name (From:, To:, Message-ID:,
/// X-Feed: ...: printable ASCII other than blanks and ':', then the colon)?
bool is_field_line(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 76) return false;
  for (const char c : line.substr(0, colon)) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

/// Does @p rest (from its first non-blank character) start a header block?
/// When its first line is a header Dateline reads (Date:, Title: ...); or,
/// as a saved mail or news post does (From:, To:, Message-ID: ...), when
/// every line up to the first blank line is a field line or a folded
/// continuation and one of them is a header Dateline reads. Text whose
/// first line merely holds a colon ("Update: the minister ...") stays text.
bool starts_header_block(std::string_view rest) {
  std::string_view probe = rest;
  const std::string_view first = take_line(probe);
  if (!header_key(first).empty()) return true;
  if (!is_field_line(first)) return false;
  while (!probe.empty()) {
    const std::string_view line = take_line(probe);
    if (is_blank_line(line)) return false;
    if (line.front() == ' ' || line.front() == '\t') continue;  // folded continuation
    if (!header_key(line).empty()) return true;
    if (!is_field_line(line)) return false;
  }
  return false;
}

std::string_view header_value(std::string_view line) {
  return trim(line.substr(line.find(':') + 1));
}

std::vector<std::string> split_topics(std::string_view value) {
  std::vector<std::string> topics;
  while (!value.empty()) {
    const auto sep = value.find_first_of(",;");
    const std::string topic = collapse_spaces(value.substr(0, sep));
    if (!topic.empty()) topics.push_back(topic);
    if (sep == std::string_view::npos) break;
    value.remove_prefix(sep + 1);
  }
  return topics;
}

/// "date 2024-07-26 ..." (any case, blanks or tabs after "date"): the word must
/// be followed by something meant as a date (looks_like_date: a digit, or a
/// month or weekday name and more date), so a text that merely begins with
/// "Date of the vote..." is an undated text, not a broken date line, while
/// "date July 26" is a date line with a date Dateline does not accept.
bool is_date_line(std::string_view line) {
  if (line.size() < 6 || lower_ascii(line.substr(0, 4)) != "date" || (line[4] != ' ' && line[4] != '\t')) {
    return false;
  }
  return looks_like_date(line.substr(4));
}

[[noreturn]] void fail(ArticleFailure reason, std::string_view path, const std::string& why) {
  throw ArticleError(reason, std::string(path) + ": " + why);
}

Date require_date(const DateParse& parsed, std::string_view path, std::string_view raw) {
  if (parsed.date) return *parsed.date;
  fail(ArticleFailure::bad_date, path,
       parsed.error.empty() ? "unrecognised date '" + std::string(trim(raw)) + "'" : parsed.error);
}

/// Fills title and body from the text that follows the date line or header block.
void split_title_and_body(std::string_view text, bool have_title, Article& article) {
  // Skip leading blank lines.
  std::string_view rest = text;
  while (!rest.empty()) {
    std::string_view probe = rest;
    const std::string_view line = take_line(probe);
    if (!is_blank_line(line)) break;
    rest = probe;
  }
  if (!have_title) {
    std::string_view after = rest;
    const std::string_view first = trim(take_line(after));
    std::string_view probe = after;
    const bool blank_follows = !after.empty() && is_blank_line(take_line(probe));
    if (!first.empty() && blank_follows && code_points(first) <= k_max_headline_chars) {
      article.title = collapse_spaces(first);
      const std::string_view body = trim(after);
      article.body = body.empty() ? article.title : std::string(body);
      return;
    }
  }
  article.body = std::string(trim(rest));
  if (!have_title) {  // rule 3: shown as the title, indexed as body text only
    article.title = derive_title(article.body);
    article.title_derived = !article.title.empty();
  }
}

} // namespace

std::string derive_title(std::string_view text) {
  // The first paragraph, first sentence.
  std::string paragraph;
  {
    std::string_view rest = trim(text);
    while (!rest.empty()) {
      const std::string_view line = take_line(rest);
      if (is_blank_line(line)) break;
      paragraph += std::string(trim(line));
      paragraph += ' ';
    }
  }
  std::string flat = collapse_spaces(paragraph);
  std::string_view view = flat;
  // Sentence end: ". ", "! ", "? " after a word of 2+ letters, or CJK full stops.
  std::size_t end = view.size();
  for (std::size_t i = 0; i < view.size(); ++i) {
    const char c = view[i];
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == view.size() || view[i + 1] == ' ')) {
      const bool initial = i >= 1 && std::isupper(static_cast<unsigned char>(view[i - 1])) &&
                           (i < 2 || view[i - 2] == ' ' || view[i - 2] == '.');
      if (!initial) {
        end = c == '.' ? i : i + 1;
        break;
      }
    }
    if (view.substr(i).starts_with("\xE3\x80\x82") || view.substr(i).starts_with("\xEF\xBC\x81") ||
        view.substr(i).starts_with("\xEF\xBC\x9F")) {  // 。！？
      end = i;
      break;
    }
  }
  view = view.substr(0, end);
  if (code_points(view) <= k_max_title_chars) return std::string(trim(view));
  // Cut at a word boundary within the limit; CJK text without spaces is cut hard.
  const std::size_t limit = code_point_offset(view, k_max_title_chars);
  const auto space = view.substr(0, limit + 1).rfind(' ');
  const std::size_t cut = (space != std::string_view::npos && space > limit / 2) ? space : limit;
  return std::string(trim(view.substr(0, cut)));
}

Article parse_article(std::string_view text, std::string_view relative_path, const ParseOptions& options) {
  Article article;
  std::string_view rest = text;
  // Leading blank lines and blanks before the date are allowed.
  while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  if (rest.empty()) fail(ArticleFailure::empty, relative_path, "empty file");

  bool have_title = false;
  std::string_view first_line_probe = rest;
  const std::string_view first_line = take_line(first_line_probe);

  if (is_date_line(first_line)) {
    // Dateline's own format: "date YYYY-MM-DD" then text (possibly on the same line).
    std::string_view after = rest.substr(4);
    while (!after.empty() && (after.front() == ' ' || after.front() == '\t')) after.remove_prefix(1);
    const std::string_view token = after.substr(0, std::min(after.find_first_of(" \t\n"), after.size()));
    DateParse parsed = parse_iso_date_time(token);
    article.date = require_date(parsed, relative_path, token);
    article.date_source = DateSource::header;
    split_title_and_body(after.substr(token.size()), false, article);
  } else if (starts_header_block(rest)) {
    // RFC-822-style header block up to the first blank line.
    while (!rest.empty()) {
      const std::string_view before = rest;
      std::string_view probe = rest;
      std::string line(take_line(probe));
      if (is_blank_line(line)) {
        rest = probe;
        break;
      }
      // Continuation lines start with a blank.
      while (!probe.empty() && (probe.front() == ' ' || probe.front() == '\t')) {
        std::string_view look = probe;
        const std::string_view next = take_line(look);
        if (is_blank_line(next)) break;
        line += ' ';
        line += trim(next);
        probe = look;
      }
      rest = probe;
      const std::string key = header_key(line);
      if (key.empty()) {
        if (line.find(':') == std::string::npos) {
          rest = before;  // not a header line at all: the text starts here
          break;
        }
        continue;  // unknown header (Places:, Lang: ...) is ignored
      }
      const std::string_view value = header_value(line);
      if (key == "date") {
        article.date = require_date(parse_header_date(value), relative_path, value);
        article.date_source = DateSource::header;
      } else if (key == "title" || key == "subject") {
        if (!value.empty() && !have_title) {
          article.title = collapse_spaces(value);
          have_title = true;
        }
      } else if (key == "source") {
        article.source = collapse_spaces(value);
      } else if (key == "author") {
        article.author = collapse_spaces(value);
      } else if (key == "topics") {
        article.topics = split_topics(value);
      }
    }
    split_title_and_body(rest, have_title, article);
  } else {
    split_title_and_body(rest, false, article);
  }

  if (article.body.empty() && article.title.empty()) {
    fail(ArticleFailure::empty, relative_path, "no text after the date");
  }
  if (article.body.empty()) article.body = article.title;

  if (!article.date) {
    if (auto from_path = date_from_path(relative_path)) {
      article.date = from_path;
      article.date_source = DateSource::path;
    } else {
      switch (options.undated) {
        case UndatedPolicy::skip:
          fail(ArticleFailure::no_date, relative_path,
               "no date (no 'date YYYY-MM-DD' line, Date: header or dated path); see --undated");
        case UndatedPolicy::mtime:
          if (!options.mtime_date) fail(ArticleFailure::no_date, relative_path, "no date and no file mtime");
          article.date = options.mtime_date;
          article.date_source = DateSource::mtime;
          break;
        case UndatedPolicy::index:
          article.date_source = DateSource::none;
          break;
      }
    }
  }
  return article;
}

} // namespace dateline
