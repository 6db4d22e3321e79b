/** @file json_value.hpp
 *  @brief A tiny strict JSON parser for tests: checks that output is valid JSON
 *  (RFC 8259, UTF-8) and gives a tree to check the documented structure.
 */
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::test {

struct JsonValue {
  enum class Type { null, boolean, number, string, array, object };
  Type type = Type::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::map<std::string, JsonValue> object;

  [[nodiscard]] bool has(const std::string& key) const { return type == Type::object && object.count(key) > 0; }
  [[nodiscard]] const JsonValue& at(const std::string& key) const {
    const auto it = object.find(key);
    if (type != Type::object || it == object.end()) throw std::runtime_error("no key " + key);
    return it->second;
  }
};

class JsonParser {
public:
  /// Parses exactly one JSON document (surrounding whitespace allowed); throws
  /// std::runtime_error with the byte offset on anything invalid.
  static JsonValue parse(std::string_view text) {
    JsonParser parser(text);
    parser.skip_space();
    JsonValue value = parser.value(0);
    parser.skip_space();
    if (parser.m_at != text.size()) parser.fail("trailing data");
    return value;
  }

private:
  explicit JsonParser(std::string_view text) : m_text(text) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("invalid JSON at byte " + std::to_string(m_at) + ": " + why);
  }
  void skip_space() {
    while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\n' || m_text[m_at] == '\t' ||
                                    m_text[m_at] == '\r')) {
      ++m_at;
    }
  }
  char peek() const { return m_at < m_text.size() ? m_text[m_at] : '\0'; }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++m_at;
  }
  bool literal(std::string_view word) {
    if (m_text.substr(m_at, word.size()) != word) return false;
    m_at += word.size();
    return true;
  }

  JsonValue value(int depth) {
    if (depth > 64) fail("nested too deeply");
    JsonValue v;
    const char c = peek();
    if (c == '{') {
      v.type = JsonValue::Type::object;
      ++m_at;
      skip_space();
      if (peek() == '}') {
        ++m_at;
        return v;
      }
      while (true) {
        skip_space();
        if (peek() != '"') fail("expected a key");
        std::string key = string();
        skip_space();
        expect(':');
        skip_space();
        if (v.object.count(key)) fail("duplicate key " + key);
        v.object[key] = value(depth + 1);
        skip_space();
        if (peek() == ',') {
          ++m_at;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.type = JsonValue::Type::array;
      ++m_at;
      skip_space();
      if (peek() == ']') {
        ++m_at;
        return v;
      }
      while (true) {
        skip_space();
        v.array.push_back(value(depth + 1));
        skip_space();
        if (peek() == ',') {
          ++m_at;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.type = JsonValue::Type::string;
      v.string = string();
      return v;
    }
    if (literal("null")) return v;
    if (literal("true") || literal("false")) {
      v.type = JsonValue::Type::boolean;
      v.boolean = m_text[m_at - 1] == 'e' && m_text.substr(m_at - 4, 4) == "true";
      return v;
    }
    return number();
  }

  JsonValue number() {
    const std::size_t start = m_at;
    if (peek() == '-') ++m_at;
    if (peek() == '0') {
      ++m_at;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++m_at;
    } else {
      fail("expected a value");
    }
    if (peek() == '.') {
      ++m_at;
      if (!(peek() >= '0' && peek() <= '9')) fail("digit expected after '.'");
      while (peek() >= '0' && peek() <= '9') ++m_at;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++m_at;
      if (peek() == '+' || peek() == '-') ++m_at;
      if (!(peek() >= '0' && peek() <= '9')) fail("digit expected in exponent");
      while (peek() >= '0' && peek() <= '9') ++m_at;
    }
    JsonValue v;
    v.type = JsonValue::Type::number;
    v.number = std::stod(std::string(m_text.substr(start, m_at - start)));
    return v;
  }

  std::string string() {
    expect('"');
    std::string out;
    while (true) {
      if (m_at >= m_text.size()) fail("unterminated string");
      const auto c = static_cast<unsigned char>(m_text[m_at]);
      if (c == '"') {
        ++m_at;
        return out;
      }
      if (c < 0x20) fail("raw control character in string");
      if (c == '\\') {
        ++m_at;
        const char e = peek();
        ++m_at;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            if (m_at + 4 > m_text.size()) fail("short \\u escape");
            const unsigned code = static_cast<unsigned>(std::stoul(std::string(m_text.substr(m_at, 4)), nullptr, 16));
            m_at += 4;
            append_utf8(out, code);
            break;
          }
          default: fail("bad escape");
        }
        continue;
      }
      // Validate one UTF-8 sequence.
      std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      if (length == 0 || m_at + length > m_text.size()) fail("invalid UTF-8");
      for (std::size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(m_text[m_at + k]) & 0xC0) != 0x80) fail("invalid UTF-8");
      }
      out.append(m_text.substr(m_at, length));
      m_at += length;
    }
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  std::string_view m_text;
  std::size_t m_at = 0;
};

} // namespace dateline::test
