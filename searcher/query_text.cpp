/** @file query_text.cpp
 *  @brief The characters of a query: clean_query_text (controls, white space
 *  and quote marks), echo_for_error, and the scanning the lexer and field
 *  reader share (code points, Hebrew gershayim, where a run of text ends,
 *  closing quotes). Not here: what the runs mean (query_lexer.cpp).
 */
#include "searcher/query_rewriter_internal.hpp"

#include "common/encoding.hpp"

#include <cctype>

namespace dateline::searcher {
namespace {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;
};

/// The code point at byte @p i of valid UTF-8 (clean_query_text repairs first).
CodePoint code_point_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(k < text.size() ? text[k] : 0); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  if ((lead & 0xE0) == 0xC0) return {static_cast<char32_t>(((lead & 0x1F) << 6) | (byte(i + 1) & 0x3F)), 2};
  if ((lead & 0xF0) == 0xE0) {
    return {static_cast<char32_t>(((lead & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F)), 3};
  }
  return {static_cast<char32_t>(((lead & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) | ((byte(i + 2) & 0x3F) << 6) |
                                (byte(i + 3) & 0x3F)),
          4};
}

/// The code point ending just before byte @p i (0 at the start).
char32_t code_point_before(std::string_view text, std::size_t i) {
  if (i == 0) return 0;
  std::size_t k = i - 1;
  while (k > 0 && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
  return code_point_at(text, k).value;
}

bool is_hebrew_letter(char32_t c) { return (c >= 0x05D0 && c <= 0x05EA) || (c >= 0x05EF && c <= 0x05F2) ||
                                           (c >= 0xFB1D && c <= 0xFB4F); }

bool is_query_separator(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_double_quote_mark(char32_t c) {
  switch (c) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F:  // “ ” „ ‟
    case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:  // « » ‹ ›
    case 0x300C: case 0x300D: case 0x300E: case 0x300F:  // 「 」 『 』
    case 0x301D: case 0x301E: case 0x301F: case 0xFF02:  // 〝 〞 〟 ＂
      return true;
    default:
      return false;
  }
}

} // namespace

namespace rewriter_detail {

/// An ASCII '"' between two Hebrew letters is gershayim (צה"ל), part of the
/// word, as in Unicode word breaking (WB7b/WB7c) and so in the index.
bool is_gershayim(std::string_view text, std::size_t i) {
  return text[i] == '"' && i + 1 < text.size() && is_hebrew_letter(code_point_before(text, i)) &&
         is_hebrew_letter(code_point_at(text, i + 1).value);
}

bool ends_run(std::string_view text, std::size_t i) {
  const char c = text[i];
  return c == ' ' || c == '(' || c == ')' || (c == '"' && !is_gershayim(text, i));
}

/// The next phrase-closing '"' at or after @p from (gershayim skipped), or npos.
std::size_t find_quote(std::string_view text, std::size_t from) {
  for (std::size_t k = text.find('"', from); k != std::string_view::npos; k = text.find('"', k + 1)) {
    if (!is_gershayim(text, k)) return k;
  }
  return std::string_view::npos;
}

/// For a ‘ at @p open: the ’ closing a single-quoted phrase (one followed by
/// the end, a space, a bracket or ASCII punctuation), or npos. A ’ followed by
/// a letter is an apostrophe (don’t) and does not close.
std::size_t find_single_quote_close(std::string_view text, std::size_t open) {
  for (std::size_t k = text.find(k_right_single_quote, open + k_left_single_quote.size());
       k != std::string_view::npos; k = text.find(k_right_single_quote, k + 1)) {
    const std::size_t after = k + k_right_single_quote.size();
    if (after == text.size()) return k;
    const char c = text[after];
    if (c == ' ' || c == '(' || c == ')' || c == '"' ||
        (static_cast<unsigned char>(c) < 0x80 && std::ispunct(static_cast<unsigned char>(c)) != 0 && c != '\'')) {
      return k;
    }
  }
  return std::string_view::npos;
}

} // namespace rewriter_detail

std::string clean_query_text(std::string_view raw) {
  // The indexer's own cleanup (indexer/file_reader), so pasted text with
  // escape sequences asks for the terms the index holds: complete sequences
  // go without a trace, lone controls become spaces.
  const std::string text = separate_control_chars(repair_utf8(raw)).text;
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const CodePoint c = code_point_at(text, i);
    if (is_query_separator(c.value)) {
      out += ' ';
    } else if (is_double_quote_mark(c.value)) {
      out += '"';
    } else {
      out.append(text, i, c.length);
    }
    i += c.length;
  }
  return out;
}

std::string echo_for_error(std::string_view text, std::size_t max_code_points) {
  const std::size_t cut = code_point_offset(text, max_code_points);
  if (cut == text.size()) return std::string(text);
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

} // namespace dateline::searcher
