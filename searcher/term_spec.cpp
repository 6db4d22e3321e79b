/** @file term_spec.cpp
 *  @brief The dlterm: term specs (TermSpec <-> lower-case hex text) and
 *  query_parser_reads_back, which decides when a term needs one; declared
 *  in query_rewriter.hpp. Not here: building the Xapian query from a spec
 *  (query_builder.cpp).
 */
#include "searcher/query_rewriter.hpp"

#include "common/schema.hpp"

#include "common/encoding.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace dateline::searcher {
namespace {

char hex_digit(unsigned value) { return "0123456789abcdef"[value & 0xF]; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

} // namespace

bool is_edge_part(const std::vector<std::string>& part) {
  if (part.size() != 1) return false;
  const std::string& term = part.front();
  for (const std::string_view prefix : {schema::k_prefix_run_first, schema::k_prefix_run_last}) {
    if (term.size() > prefix.size() && term.starts_with(prefix)) return true;
  }
  return false;
}

bool is_join_part(const std::vector<std::string>& part) {
  if (part.size() != 1) return false;
  const std::string& term = part.front();
  for (const std::string_view prefix : {schema::k_prefix_join_after, schema::k_prefix_join_before}) {
    if (term.size() > prefix.size() && term.starts_with(prefix)) return true;
  }
  return false;
}

bool fragment_spec_is_valid(const TermSpec& spec) {
  // window words (none of them a separator), then parts: a separator
  // followed by at least one term.
  if (spec.window == 0 || spec.window >= spec.terms.size()) return false;
  const auto separator = [](const std::string& term) { return term == k_fragment_part; };
  if (std::any_of(spec.terms.begin(), spec.terms.begin() + spec.window, separator)) return false;
  for (std::size_t k = spec.window; k < spec.terms.size(); ++k) {
    const bool at_separator = separator(spec.terms[k]);
    if (at_separator && (k + 1 == spec.terms.size() || separator(spec.terms[k + 1]))) return false;
  }
  return separator(spec.terms[spec.window]);
}

std::string encode_term_spec(const TermSpec& spec) {
  std::string out(1, spec.kind);
  out += std::to_string(spec.window);
  for (const std::string& term : spec.terms) {
    out += 'x';
    for (char c : term) {
      const auto byte = static_cast<unsigned char>(c);
      out += hex_digit(byte >> 4U);
      out += hex_digit(byte);
    }
  }
  return out;
}

std::optional<TermSpec> decode_term_spec(std::string_view value) {
  if (value.empty() || std::string_view("twpnacg").find(value.front()) == std::string_view::npos) return std::nullopt;
  TermSpec spec;
  spec.kind = value.front();
  std::size_t i = 1;
  const std::size_t digits_end = std::min(value.find('x', i), value.size());
  const auto [ptr, ec] = std::from_chars(value.data() + i, value.data() + digits_end, spec.window);
  if (ec != std::errc() || ptr != value.data() + digits_end) return std::nullopt;
  i = digits_end;
  while (i < value.size()) {
    if (value[i] != 'x') return std::nullopt;
    ++i;
    std::string term;
    while (i < value.size() && value[i] != 'x') {
      if (i + 1 >= value.size()) return std::nullopt;
      const int high = hex_value(value[i]);
      const int low = hex_value(value[i + 1]);
      if (high < 0 || low < 0) return std::nullopt;
      term += static_cast<char>((high << 4) | low);
      i += 2;
    }
    if (term.empty()) return std::nullopt;
    spec.terms.push_back(std::move(term));
  }
  if (spec.terms.empty() || ((spec.kind == 't' || spec.kind == 'w') && spec.terms.size() != 1)) return std::nullopt;
  if ((spec.kind == 'c' || spec.kind == 'g') && !fragment_spec_is_valid(spec)) return std::nullopt;
  return spec;
}

bool query_parser_reads_back(std::string_view term) {
  std::vector<unsigned> code_points;
  for (Xapian::Utf8Iterator it(term.data(), term.size()); it != Xapian::Utf8Iterator(); ++it) {
    code_points.push_back(*it);
  }
  if (code_points.empty() || repair_utf8(term) != term) return false;
  const auto is_digit = [](unsigned c) {
    return Xapian::Unicode::get_category(c) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
  };
  for (std::size_t k = 0; k < code_points.size(); ++k) {
    const unsigned c = code_points[k];
    if (Xapian::Unicode::is_wordchar(c)) {
      if (Xapian::Unicode::tolower(c) != c) return false;
      continue;
    }
    // QueryParser keeps a few characters between two word characters (see
    // check_infix and check_infix_digit in Xapian 1.4's queryparser.lemony).
    if (k == 0 || k + 1 == code_points.size() || !Xapian::Unicode::is_wordchar(code_points[k + 1])) return false;
    static constexpr std::array<unsigned, 11> k_between_digits{',', '.', ';', 0x037E, 0x0589, 0x060D,
                                                               0x07F8, 0x2044, 0xFE10, 0xFE13, 0xFE14};
    static constexpr std::array<unsigned, 5> k_between_letters{'\'', '&', 0x00B7, 0x05F4, 0x2027};
    const bool digits = is_digit(code_points[k - 1]) && is_digit(code_points[k + 1]);
    const bool kept = digits ? std::find(k_between_digits.begin(), k_between_digits.end(), c) != k_between_digits.end()
                             : std::find(k_between_letters.begin(), k_between_letters.end(), c) != k_between_letters.end();
    if (!kept) return false;
  }
  return true;
}

} // namespace dateline::searcher
