/** @file reuters_story.cpp
 *  @brief Reuters-21578 story parsing and article formatting.
 */
#include "corpus/import/reuters_story.hpp"

#include "common/error.hpp"
#include "corpus/import/sgml.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace dateline::reuters {
namespace {

/// Lines longer than this are never taken as a headline (corpus/README.md).
constexpr std::size_t k_max_headline_bytes = 200;

/// The placeholder text of TYPE="BRIEF" stories, which only have a headline.
constexpr std::string_view k_brief_placeholder = "Blah blah blah.";

[[nodiscard]] bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n';
}

[[nodiscard]] std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

[[nodiscard]] std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

[[nodiscard]] std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && is_blank(line.back())) {
      line.remove_suffix(1);
    }
    lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

/// True for the wire sign-off that ends most stories: "Reuter", "REUTER...", "REUTE".
[[nodiscard]] bool is_sign_off(std::string_view line) {
  line = trim(line);
  while (!line.empty() && line.back() == '.') {
    line.remove_suffix(1);
  }
  const std::string lower = lower_ascii(line);
  return lower == "reuter" || lower == "reuters" || lower == "reute";
}

/// Drops blank lines at both ends and the trailing sign-off line.
void trim_lines(std::vector<std::string>& lines) {
  const auto drop_trailing_blanks = [&lines] {
    while (!lines.empty() && trim(lines.back()).empty()) {
      lines.pop_back();
    }
  };
  drop_trailing_blanks();
  if (!lines.empty() && is_sign_off(lines.back())) {
    lines.pop_back();
    drop_trailing_blanks();
  }
  const auto first = std::find_if(lines.begin(), lines.end(),
                                  [](const std::string& line) { return !trim(line).empty(); });
  lines.erase(lines.begin(), first);
}

/// Reuters bodies are wrapped at ~70 columns and start each paragraph with an
/// indented line. Re-joins each paragraph into one line and separates
/// paragraphs by a blank line, the layout of Dateline's own articles.
[[nodiscard]] std::string reflow_paragraphs(const std::vector<std::string>& lines) {
  std::string out;
  bool paragraph_open = false;
  for (const auto& line : lines) {
    const std::string_view content = trim(line);
    if (content.empty()) {
      paragraph_open = false;
      continue;
    }
    const bool indented = is_blank(line.front());
    if (paragraph_open && !indented) {
      out += ' ';
    } else if (!out.empty()) {
      out += "\n\n";
    }
    out += content;
    paragraph_open = true;
  }
  return out;
}

/// Keeps line structure (tables, price lists); when the first line is a short
/// slug followed by more text, a blank line after it makes it the headline.
[[nodiscard]] std::string keep_lines(std::vector<std::string> lines) {
  if (lines.empty()) {
    return {};
  }
  lines.front() = std::string(trim(lines.front()));
  if (lines.size() > 1 && lines.front().size() <= k_max_headline_bytes && !trim(lines[1]).empty()) {
    lines.insert(lines.begin() + 1, std::string());
  }
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) {
      out += '\n';
    }
    out += line;
  }
  return out;
}

/// The raw TEXT content without the sub-elements we read separately.
[[nodiscard]] std::string residual_text(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> cut;
  for (const std::string_view name : {"TITLE", "DATELINE", "AUTHOR", "BODY"}) {
    if (const auto element = find_element(text, name)) {
      const auto begin = static_cast<std::size_t>(element->start_tag.data() - text.data());
      cut.emplace_back(begin, element->end);
    }
  }
  std::sort(cut.begin(), cut.end());
  std::string out;
  std::size_t pos = 0;
  for (const auto& [begin, end] : cut) {
    if (begin >= pos) {
      out.append(text.substr(pos, begin - pos));
      pos = end;
    }
  }
  out.append(text.substr(std::min(pos, text.size())));
  return out;
}

/// "    By Jane Doe, Reuters" -> "Jane Doe".
[[nodiscard]] std::string clean_author(std::string_view raw) {
  std::string author = collapse_whitespace(decode_sgml_text(raw));
  if (lower_ascii(author.substr(0, 3)) == "by ") {
    author.erase(0, 3);
  }
  for (const std::string_view suffix : {", reuters", ", reuter"}) {
    const std::string lower = lower_ascii(author);
    if (lower.size() >= suffix.size() && lower.ends_with(suffix)) {
      author.resize(author.size() - suffix.size());
      break;
    }
  }
  return std::string(trim(author));
}

/// A header value must stay on one line and, for topics, not contain the separators.
[[nodiscard]] std::string header_safe(std::string_view value, bool is_topic) {
  std::string out = collapse_whitespace(value);
  if (is_topic) {
    std::replace_if(out.begin(), out.end(), [](char c) { return c == ',' || c == ';'; }, ' ');
  }
  return out;
}

[[nodiscard]] std::string story_text(std::string_view text_content, TextType type,
                                     std::string_view dateline) {
  if (const auto body = find_element(text_content, "BODY")) {
    auto lines = split_lines(decode_sgml_text(body->content));
    trim_lines(lines);
    std::string text = reflow_paragraphs(lines);
    if (!dateline.empty() && !text.empty()) {
      text.insert(0, std::string(dateline) + " ");
    }
    return text;
  }
  std::string rest = decode_sgml_text(residual_text(text_content));
  if (type == TextType::brief) {
    if (const auto pos = rest.find(k_brief_placeholder); pos != std::string::npos) {
      rest.erase(pos, k_brief_placeholder.size());
    }
  }
  auto lines = split_lines(rest);
  std::erase_if(lines, [](const std::string& line) {
    return trim(line).find_first_not_of('*') == std::string_view::npos && !trim(line).empty();
  });
  trim_lines(lines);
  return keep_lines(std::move(lines));
}

} // namespace

std::optional<Date> parse_reuters_date(std::string_view raw) {
  static constexpr std::array<std::string_view, 12> k_months{
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  std::string_view text = trim(raw);
  const auto read_number = [&text](std::size_t max_digits) -> std::optional<int> {
    int value = 0;
    std::size_t digits = 0;
    while (digits < text.size() && digits < max_digits &&
           std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
      value = value * 10 + (text[digits] - '0');
      ++digits;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    text.remove_prefix(digits);
    return value;
  };
  const auto day = read_number(2);
  if (!day || text.size() < 5 || text[0] != '-' || text[4] != '-') {
    return std::nullopt;
  }
  const std::string month_name = [&] {
    std::string upper(text.substr(1, 3));
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return upper;
  }();
  const auto month_it = std::find(k_months.begin(), k_months.end(), month_name);
  if (month_it == k_months.end()) {
    return std::nullopt;
  }
  text.remove_prefix(5);
  const bool four_digits = text.size() >= 4 &&
      std::all_of(text.begin(), text.begin() + 4, [](unsigned char c) { return std::isdigit(c) != 0; });
  const auto year = read_number(4);
  if (!four_digits || !year ||
      (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) != 0)) {
    return std::nullopt;
  }
  const int month = static_cast<int>(month_it - k_months.begin()) + 1;
  if (!is_valid_date(*year, month, *day)) {
    return std::nullopt;
  }
  return Date{*year, month, *day};
}

Story parse_story(std::string_view element) {
  Story story;
  const std::size_t tag_end = element.find('>');
  const auto newid = attribute(element.substr(0, tag_end == std::string_view::npos ? 0 : tag_end + 1),
                               "NEWID");
  if (!newid || newid->empty() || newid->size() > 12 ||
      !std::all_of(newid->begin(), newid->end(),
                   [](unsigned char c) { return std::isdigit(c) != 0; })) {
    throw Error("story without a numeric NEWID attribute: " +
                collapse_whitespace(decode_sgml_text(element.substr(0, std::min<std::size_t>(tag_end, 120)))));
  }
  story.newid = std::string(*newid);

  if (const auto date = find_element(element, "DATE")) {
    story.date = parse_reuters_date(date->content);
  }
  if (const auto topics = find_element(element, "TOPICS")) {
    std::size_t pos = 0;
    while (const auto d = find_element(topics->content, "D", pos)) {
      std::string topic = header_safe(decode_sgml_text(d->content), true);
      if (!topic.empty()) {
        story.topics.push_back(std::move(topic));
      }
      pos = d->end;
    }
  }
  const auto text = find_element(element, "TEXT");
  if (!text) {
    return story;  // no text at all: format_article writes an empty body
  }
  if (const auto type = attribute(text->start_tag, "TYPE")) {
    story.type = *type == "BRIEF" ? TextType::brief : *type == "UNPROC" ? TextType::unproc : TextType::normal;
  }
  if (const auto title = find_element(text->content, "TITLE")) {
    story.title = header_safe(decode_sgml_text(title->content), false);
  }
  if (const auto author = find_element(text->content, "AUTHOR")) {
    story.author = header_safe(clean_author(author->content), false);
  }
  std::string dateline;
  if (const auto line = find_element(text->content, "DATELINE")) {
    dateline = collapse_whitespace(decode_sgml_text(line->content));
  }
  story.text = story_text(text->content, story.type, dateline);
  if (story.text.empty() && !story.title.empty()) {
    story.text = story.title;
    story.text_from_title = true;
  }
  return story;
}

std::string format_article(const Story& story) {
  std::string out;
  if (story.date) {
    out += "Date: " + story.date->iso() + "\n";
  }
  if (!story.title.empty()) {
    out += "Title: " + story.title + "\n";
  }
  out += "Source: Reuters\n";
  if (!story.author.empty()) {
    out += "Author: " + story.author + "\n";
  }
  if (!story.topics.empty()) {
    out += "Topics: ";
    for (std::size_t i = 0; i < story.topics.size(); ++i) {
      out += (i == 0 ? "" : ", ") + story.topics[i];
    }
    out += "\n";
  }
  out += "\n";
  out += story.text;
  out += "\n";
  return out;
}

std::string article_relative_path(const Story& story) {
  std::string dir = "undated";
  if (story.date) {
    const std::string iso = story.date->iso();  // YYYY-MM-DD
    dir = iso.substr(0, 4) + "/" + iso.substr(5, 2);
  }
  return dir + "/reuters-" + story.newid + ".txt";
}

} // namespace dateline::reuters
