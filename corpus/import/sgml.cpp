/** @file sgml.cpp
 *  @brief Element scanning and entity decoding for the Reuters-21578 SGML files.
 */
#include "corpus/import/sgml.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace dateline::reuters {
namespace {

constexpr std::size_t k_max_entity_length = 10;  ///< "&#x10FFFF;" is the longest we resolve

[[nodiscard]] bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// True for code points Dateline never wants in article text.
[[nodiscard]] bool is_unwanted_control(std::uint32_t cp) noexcept {
  if (cp == '\n' || cp == '\t') {
    return false;
  }
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void append_code_point(std::string& out, std::uint32_t cp) {
  if (is_unwanted_control(cp)) {
    return;
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
  }
  append_utf8(out, cp);
}

/// Resolves the reference whose name (between '&' and ';') is @p name.
[[nodiscard]] std::optional<std::uint32_t> resolve_entity(std::string_view name) {
  struct Named {
    std::string_view name;
    std::uint32_t cp;
  };
  static constexpr std::array<Named, 5> k_named{{
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}}};
  for (const auto& entry : k_named) {
    if (entry.name == name) {
      return entry.cp;
    }
  }
  if (name.size() < 2 || name[0] != '#') {
    return std::nullopt;
  }
  int base = 10;
  std::string_view digits = name.substr(1);
  if (digits[0] == 'x' || digits[0] == 'X') {
    base = 16;
    digits.remove_prefix(1);
  }
  std::uint32_t cp = 0;
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, cp, base);
  if (digits.empty() || ec != std::errc{} || ptr != end) {
    return std::nullopt;
  }
  return cp;
}

} // namespace

std::optional<SgmlElement> find_element(std::string_view buffer, std::string_view name,
                                        std::size_t from) {
  const std::string open = "<" + std::string(name);
  const std::string close = "</" + std::string(name) + ">";
  std::size_t pos = from;
  while ((pos = buffer.find(open, pos)) != std::string_view::npos) {
    const std::size_t after = pos + open.size();
    if (after < buffer.size() && (buffer[after] == '>' || is_space(buffer[after]))) {
      break;
    }
    pos = after;
  }
  if (pos == std::string_view::npos) {
    return std::nullopt;
  }
  const std::size_t tag_end = buffer.find('>', pos);
  if (tag_end == std::string_view::npos) {
    return std::nullopt;
  }
  const std::size_t close_pos = buffer.find(close, tag_end + 1);
  if (close_pos == std::string_view::npos) {
    return std::nullopt;
  }
  SgmlElement element;
  element.start_tag = buffer.substr(pos, tag_end + 1 - pos);
  element.content = buffer.substr(tag_end + 1, close_pos - tag_end - 1);
  element.end = close_pos + close.size();
  return element;
}

std::optional<std::string_view> attribute(std::string_view start_tag, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = start_tag.find(name, pos)) != std::string_view::npos) {
    const bool starts_word = pos > 0 && is_space(start_tag[pos - 1]);
    std::size_t eq = pos + name.size();
    if (!starts_word || eq >= start_tag.size() || start_tag[eq] != '=') {
      pos += name.size();
      continue;
    }
    std::size_t value_start = eq + 1;
    if (value_start < start_tag.size() && (start_tag[value_start] == '"' || start_tag[value_start] == '\'')) {
      const char quote = start_tag[value_start];
      const std::size_t value_end = start_tag.find(quote, value_start + 1);
      if (value_end == std::string_view::npos) {
        return std::nullopt;
      }
      return start_tag.substr(value_start + 1, value_end - value_start - 1);
    }
    std::size_t value_end = value_start;
    while (value_end < start_tag.size() && !is_space(start_tag[value_end]) && start_tag[value_end] != '>') {
      ++value_end;
    }
    return start_tag.substr(value_start, value_end - value_start);
  }
  return std::nullopt;
}

std::string decode_sgml_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto byte = static_cast<unsigned char>(raw[i]);
    if (byte == '&') {
      const std::size_t semi = raw.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i - 1 <= k_max_entity_length) {
        if (const auto cp = resolve_entity(raw.substr(i + 1, semi - i - 1))) {
          append_code_point(out, *cp);
          i = semi;
          continue;
        }
      }
      out.push_back('&');
      continue;
    }
    append_code_point(out, byte);  // ASCII as is, 0x80-0xFF as Latin-1
  }
  return out;
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  return out;
}

} // namespace dateline::reuters
