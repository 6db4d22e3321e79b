/** @file schema.cpp
 *  @brief Unique ids, field terms, document data, hashing, and what makes a
 *  directory a sharded archive.
 */
#include "common/schema.hpp"

#include "common/encoding.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sys/stat.h>

namespace dateline::schema {

std::optional<std::string> sharded_archive_stub(const std::string& path) {
  std::string stub = path + "/" + std::string(k_shard_stub);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  if (::stat(stub.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  if (::stat((path + "/iamglass").c_str(), &st) == 0) return std::nullopt;
  return stub;
}

std::optional<std::pair<std::string, std::string>> shard_date_range(std::string_view name) {
  const auto digits = [](std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (name.size() == 4 && digits(name)) {
    return std::make_pair(std::string(name) + "0101", std::string(name) + "1231");
  }
  if (name.size() == 7 && name[4] == '-' && digits(name.substr(0, 4)) && digits(name.substr(5)) &&
      name.substr(5) >= "01" && name.substr(5) <= "12") {
    const std::string month = std::string(name.substr(0, 4)) + std::string(name.substr(5));
    return std::make_pair(month + "01", month + "31");
  }
  return std::nullopt;
}

std::string content_hash(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

std::string iso_date_from_value(std::string_view value) {
  if (value.size() != 8 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  std::string out(value.substr(0, 4));
  out += '-';
  out += value.substr(4, 2);
  out += '-';
  out += value.substr(6, 2);
  return out;
}

std::string pack_uint(std::uint64_t value) {
  std::string out;
  do {
    out.insert(out.begin(), static_cast<char>(value & 0xFFU));
    value >>= 8U;
  } while (value != 0);
  return out;
}

std::optional<std::uint64_t> unpack_uint(std::string_view bytes) {
  if (bytes.empty() || bytes.size() > 8) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : bytes) value = (value << 8U) | static_cast<unsigned char>(c);
  return value;
}

std::string pack_inode(std::uint64_t device, std::uint64_t inode) {
  const std::string dev = pack_uint(device);
  return static_cast<char>(dev.size()) + dev + pack_uint(inode);
}

std::string pack_file_state(std::int64_t mtime_ns, std::uint64_t size, std::string_view inode_key) {
  const std::string mtime = pack_uint(static_cast<std::uint64_t>(mtime_ns));
  const std::string bytes = pack_uint(size);
  std::string out;
  out.reserve(2 + mtime.size() + bytes.size() + inode_key.size());
  out += static_cast<char>(mtime.size());
  out += mtime;
  out += static_cast<char>(bytes.size());
  out += bytes;
  out += inode_key;
  return out;
}

std::optional<FileStateValue> unpack_file_state(std::string_view bytes) {
  // Reads one length byte and that many bytes (1 to 8) as a number.
  const auto next_uint = [&bytes]() -> std::optional<std::uint64_t> {
    if (bytes.empty()) return std::nullopt;
    const auto length = static_cast<unsigned char>(bytes.front());
    if (length == 0 || length > 8 || bytes.size() < 1U + length) return std::nullopt;
    const auto value = unpack_uint(bytes.substr(1, length));
    bytes.remove_prefix(1U + length);
    return value;
  };
  const auto mtime = next_uint();
  const auto size = next_uint();
  if (!mtime || !size || bytes.empty()) return std::nullopt;
  // The inode key: pack_inode's length byte and device, then 1 to 8 bytes of inode.
  const std::string_view inode = bytes;
  if (!next_uint() || bytes.empty() || bytes.size() > 8) return std::nullopt;
  return FileStateValue{static_cast<std::int64_t>(*mtime), *size, std::string(inode)};
}

std::string pack_hash(std::string_view hex) {
  if (hex.size() != 16) return {};
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned byte = 0;
    for (std::size_t j = i; j < i + 2; ++j) {
      const char c = hex[j];
      unsigned digit = 0;
      if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
      else return {};
      byte = byte * 16 + digit;
    }
    out += static_cast<char>(byte);
  }
  return out;
}

std::string unpack_hash(std::string_view bytes) {
  if (bytes.size() != 8) return {};
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (std::size_t i = 0; i < 8; ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = k_digits[byte >> 4U];
    out[2 * i + 1] = k_digits[byte & 0xFU];
  }
  return out;
}

std::string pack_seq(std::uint64_t seq) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(seq & 0xFFU);
    seq >>= 8U;
  }
  return out;
}

std::optional<std::uint64_t> unpack_seq(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  return unpack_uint(bytes);
}

std::optional<std::uint64_t> parse_seq_metadata(std::string_view value) {
  if (value.empty()) return 0;
  if (value.size() > 20) return std::nullopt;
  std::uint64_t seq = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (seq > (UINT64_MAX - digit) / 10) return std::nullopt;
    seq = seq * 10 + digit;
  }
  return seq;
}

std::string document_path(std::string_view root, std::string_view relative_path) {
  std::string path(root);
  if (!path.ends_with('/')) path += '/';
  path += relative_path;
  return path;
}

bool is_shortened_path(std::string_view term) {
  constexpr std::size_t k_tail = 17;  // '#' + 16 hex digits
  if (term.size() < k_tail || term[term.size() - k_tail] != '#') return false;
  return std::all_of(term.end() - 16, term.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string unique_term(std::string_view root, std::string_view relative_path) {
  const std::string path = document_path(root, relative_path);
  std::string term = std::string(k_prefix_unique) + path;
  if (term.size() <= k_max_unique_term_bytes) return term;
  // Keep a readable head, then a hash of the whole path (omindex's hashterm idea).
  const std::string hash = content_hash(path);
  const std::size_t head = k_max_unique_term_bytes - hash.size() - 1;
  std::string shortened(utf8_prefix(term, head));
  shortened += '#';
  shortened += hash;
  return shortened;
}

std::string field_value_term(std::string_view prefix, std::string_view normalised_value) {
  std::string value;
  bool pending_dash = false;
  for (char c : normalised_value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_dash = !value.empty();
      continue;
    }
    if (pending_dash) value += '-';
    pending_dash = false;
    value += c;
  }
  std::string term(prefix);
  term += utf8_prefix(value, k_xapian_max_term_bytes - prefix.size());
  return term;
}

std::string DocumentData::serialize() const {
  std::string out;
  out.reserve(text.size() + path.size() + title.size() + 128);
  auto line = [&out](std::string_view key, std::string_view value) {
    if (value.empty()) return;  // a missing key parses as empty
    out += key;
    out += '=';
    for (char c : value) out += (c == '\n' || c == '\r') ? ' ' : c;  // one line each
    out += '\n';
  };
  // A newline or CR in a path cannot stay in its line: such a path is also
  // stored exactly, as base64, under path64=/root64= (read first by parse;
  // "path=" keeps the readable form for older readers).
  const auto needs_exact = [](std::string_view value) { return value.find_first_of("\n\r") != std::string_view::npos; };
  line("path", path);
  if (needs_exact(path)) line("path64", base64_encode(path));
  line("root", root);
  if (needs_exact(root)) line("root64", base64_encode(root));
  line("title", title);
  if (title_derived) line("title_derived", "1");
  line("date", date);
  line("source", source);
  line("author", author);
  line("topics", topics);
  out += "text=";
  out += text;
  return out;
}

DocumentData DocumentData::parse(std::string_view data) {
  DocumentData result;
  std::optional<std::string> exact_path;
  std::optional<std::string> exact_root;
  while (!data.empty()) {
    const auto eq = data.find('=');
    if (eq == std::string_view::npos) break;
    const std::string_view key = data.substr(0, eq);
    data.remove_prefix(eq + 1);
    if (key == "text") {
      result.text = std::string(data);
      break;
    }
    const auto nl = data.find('\n');
    const std::string_view value = data.substr(0, nl);
    data = nl == std::string_view::npos ? std::string_view{} : data.substr(nl + 1);
    if (key == "path") result.path = value;
    else if (key == "root") result.root = value;
    else if (key == "title") result.title = value;
    else if (key == "title_derived") result.title_derived = value == "1";
    else if (key == "date") result.date = value;
    else if (key == "source") result.source = value;
    else if (key == "author") result.author = value;
    else if (key == "topics") result.topics = value;
    else if (key == "path64") exact_path = base64_decode(value);
    else if (key == "root64") exact_root = base64_decode(value);
  }
  if (exact_path) result.path = std::move(*exact_path);
  if (exact_root) result.root = std::move(*exact_root);
  return result;
}

} // namespace dateline::schema
