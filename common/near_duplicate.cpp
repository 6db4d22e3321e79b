/** @file near_duplicate.cpp
 *  @brief MinHash over shingles, band terms, stored form, the decision.
 */
#include "common/near_duplicate.hpp"

#include "common/date.hpp"

#include "common/schema.hpp"
#include "common/term_generator.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <tuple>

namespace dateline::near_dup {
namespace {

/// SplitMix64's finaliser: a cheap, well-mixed 64-bit permutation.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

/// The seeds of the k_hashes hash functions: fixed, so signatures are
/// comparable across runs and machines.
const std::array<std::uint64_t, k_hashes>& seeds() {
  static const std::array<std::uint64_t, k_hashes> table = [] {
    std::array<std::uint64_t, k_hashes> out{};
    for (std::size_t i = 0; i < k_hashes; ++i) out[i] = mix(0x6461746c696e65ULL + i);  // "datline" + i
    return out;
  }();
  return table;
}

constexpr std::size_t k_packed_bytes = 8 + 2 * k_hashes;

} // namespace

SignatureBuilder::SignatureBuilder() { m_mins.fill(std::numeric_limits<std::uint64_t>::max()); }

// #15.5: the 60 hash functions of every shingle were about 5% of a first
// build's instructions. On x86-64 with GCC the loop is also compiled for
// AVX2 (four hashes at a time, 64-bit multiplies from 32-bit ones), chosen
// at load time when the CPU has it: 2.7 times faster on this machine, the
// same minima on every path (near_duplicate_test pins signature bytes).
// Not with clang (the fuzz build), which keeps the one scalar version.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
void SignatureBuilder::add_shingle(std::uint64_t hash) {
  const auto& s = seeds();
  for (std::size_t i = 0; i < k_hashes; ++i) {
    m_mins[i] = std::min(m_mins[i], mix(hash ^ s[i]));
  }
}

void SignatureBuilder::add_word(std::string_view term) {
  m_window[m_words % k_shingle_words] = fnv1a(term);
  ++m_words;
  if (m_words < k_shingle_words) return;
  // The shingle of the last k words, in order.
  std::uint64_t hash = 0;
  for (std::size_t i = 0; i < k_shingle_words; ++i) {
    hash = mix(hash ^ m_window[(m_words + i) % k_shingle_words]);
  }
  add_shingle(hash);
}

Signature SignatureBuilder::finish() const {
  Signature out;
  if (m_words == 0) return out;
  std::array<std::uint64_t, k_hashes> mins = m_mins;
  if (m_words < k_shingle_words) {  // one shingle of the whole (short) text
    std::uint64_t hash = 0;
    for (std::size_t i = 0; i < m_words; ++i) hash = mix(hash ^ m_window[i]);
    const auto& s = seeds();
    for (std::size_t i = 0; i < k_hashes; ++i) mins[i] = mix(hash ^ s[i]);
  }
  for (std::size_t i = 0; i < k_hashes; ++i) out.mins[i] = static_cast<std::uint16_t>(mins[i] & 0xFFFFU);
  out.empty = false;
  return out;
}

Signature text_signature(const TextAnalyzer& analyzer, std::string_view title, std::string_view body) {
  TermOptions options;
  options.prefix = "";
  options.with_stems = false;
  SignatureBuilder builder;
  const TermSink sink = [&builder](std::vector<IndexTerm>& piece) {
    for (const IndexTerm& t : piece) builder.add_word(t.term);
  };
  generate_terms(analyzer, body, options, sink);
  if (builder.words() == 0) generate_terms(analyzer, title, options, sink);
  return builder.finish();
}

bool is_number_term(std::string_view term) {
  if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z')) return false;
  return std::any_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Numbers text_numbers(const TextAnalyzer& analyzer, std::string_view title, bool title_derived, std::string_view body) {
  TermOptions options;
  options.prefix = "";
  options.with_stems = false;
  Numbers out;
  const TermSink sink = [&out](std::vector<IndexTerm>& piece) {
    for (IndexTerm& t : piece) {
      if (is_number_term(t.term)) out.push_back(std::move(t.term));
    }
  };
  if (!title_derived) generate_terms(analyzer, title, options, sink);
  generate_terms(analyzer, body, options, sink);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Numbers indexed_numbers(const Xapian::Database& db, Xapian::docid docid) {
  Numbers out;  // a term list is sorted
  for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
    std::string term = *t;
    if (is_number_term(term)) out.push_back(std::move(term));
  }
  return out;
}

double number_overlap(const Numbers& a, const Numbers& b) {
  if (a.empty() || b.empty()) return 1.0;
  std::size_t shared = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(std::min(a.size(), b.size()));
}

std::vector<std::uint64_t> band_keys(const Signature& signature) {
  std::vector<std::uint64_t> out;
  if (signature.empty) return out;
  out.reserve(k_bands);
  static_assert(k_rows * 16 <= 48, "a band's rows and its number share 64 bits");
  for (std::size_t band = 0; band < k_bands; ++band) {
    std::uint64_t rows = 0;
    for (std::size_t r = 0; r < k_rows; ++r) rows = (rows << 16U) | signature.mins[band * k_rows + r];
    out.push_back((static_cast<std::uint64_t>(band) << 48U) | rows);
  }
  return out;
}

std::vector<std::string> band_terms(const Signature& signature) {
  std::vector<std::string> out;
  out.reserve(k_bands);
  for (const std::uint64_t key : band_keys(signature)) {
    static_assert(k_bands <= 10 && k_rows * 16 <= 32, "one digit of band number, 8 hex digits of rows");
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%01llx%08llx", static_cast<unsigned long long>(key >> 48U),
                  static_cast<unsigned long long>(key & 0xffffffffULL));
    out.push_back(std::string(schema::k_prefix_band) + buffer);
  }
  return out;
}

double similarity(const Signature& a, const Signature& b) {
  if (a.empty || b.empty) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < k_hashes; ++i) equal += a.mins[i] == b.mins[i] ? 1U : 0U;
  return static_cast<double>(equal) / static_cast<double>(k_hashes);
}

std::uint64_t member_key(std::string_view unique_term) { return fnv1a(unique_term); }

std::string pack(const Stored& stored) {
  std::string out;
  out.reserve(k_packed_bytes);
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((stored.key >> shift) & 0xFFU);
  for (const std::uint16_t value : stored.signature.mins) {
    out += static_cast<char>(value >> 8U);
    out += static_cast<char>(value & 0xFFU);
  }
  return out;
}

std::optional<Stored> unpack(std::string_view bytes) {
  if (bytes.size() != k_packed_bytes) return std::nullopt;
  const auto byte = [&bytes](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  Stored out;
  for (std::size_t i = 0; i < 8; ++i) out.key = (out.key << 8U) | byte(i);
  for (std::size_t i = 0; i < k_hashes; ++i) {
    out.signature.mins[i] = static_cast<std::uint16_t>((byte(8 + 2 * i) << 8U) | byte(9 + 2 * i));
  }
  out.signature.empty = false;
  return out;
}

std::string story_id(std::uint64_t smallest_key) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(smallest_key));
  return buffer;
}

bool is_story_id(std::string_view text) {
  return text.size() == 16 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<std::int64_t> day_number(std::string_view compact_date) {
  if (compact_date.size() != 8 ||
      !std::all_of(compact_date.begin(), compact_date.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  const auto number = [&compact_date](std::size_t from, std::size_t count) {
    std::int64_t value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (compact_date[i] - '0');
    return value;
  };
  return dateline::day_number(
      Date{static_cast<int>(number(0, 4)), static_cast<int>(number(4, 2)), static_cast<int>(number(6, 2))});
}

double required_similarity(const Rule& rule, std::optional<std::int64_t> day_a, std::optional<std::int64_t> day_b) {
  if (!day_a || !day_b) return rule.threshold;
  const std::int64_t apart = *day_a > *day_b ? *day_a - *day_b : *day_b - *day_a;
  if (apart > rule.window_days) return 2.0;  // never
  if (apart == 0) return rule.threshold;
  return rule.threshold + (1.0 - rule.threshold) * static_cast<double>(apart) / rule.window_days;
}

bool same_story(const Rule& rule, const Signature& a, std::optional<std::int64_t> day_a, const Signature& b,
                std::optional<std::int64_t> day_b) {
  // A tiny tolerance so that 0.5 means "30 of 60 positions" exactly.
  return similarity(a, b) + 1e-9 >= required_similarity(rule, day_a, day_b);
}

bool numbers_agree(const Rule& rule, const Numbers& a, std::optional<std::int64_t> day_a, const Numbers& b,
                   std::optional<std::int64_t> day_b) {
  if (rule.numbers <= 0) return true;
  std::vector<std::string> dateline_days;  // "29" and "29"'s zero-padded form for days below 10
  for (const auto& day : {day_a, day_b}) {
    if (!day) continue;
    for (const std::int64_t d : {*day, *day - 1}) {
      const int of_month = dateline::date_from_day_number(d).day;
      dateline_days.push_back(std::to_string(of_month));
      if (of_month < 10) dateline_days.push_back("0" + std::to_string(of_month));
    }
  }
  const auto kept = [&dateline_days](const Numbers& numbers) {
    Numbers out;
    for (const std::string& n : numbers) {
      if (std::find(dateline_days.begin(), dateline_days.end(), n) == dateline_days.end()) out.push_back(n);
    }
    return out;
  };
  const Numbers kept_a = kept(a);
  const Numbers kept_b = kept(b);
  if (kept_a.size() < k_min_numbers || kept_b.size() < k_min_numbers) return true;
  return number_overlap(kept_a, kept_b) + 1e-9 >= rule.numbers;
}

std::vector<std::size_t> split_into_stories(const Rule& rule, const std::vector<GroupMember>& group) {
  const std::size_t n = group.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  // Undated first (nullopt < any day), then by day, then by member key.
  std::sort(order.begin(), order.end(), [&group](std::size_t a, std::size_t b) {
    return std::tie(group[a].day, group[a].key, a) < std::tie(group[b].day, group[b].key, b);
  });
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> story(n, none);
  std::vector<std::size_t> reached;
  // The members left that are linked to @p first through members left
  // that @p allowed admits.
  const auto reach = [&](std::size_t first, const auto& allowed) {
    reached.assign(1, first);
    std::vector<bool> seen(n, false);
    seen[first] = true;
    for (std::size_t i = 0; i < reached.size(); ++i) {
      for (const std::size_t other : group[reached[i]].links) {
        if (other >= n || seen[other] || story[other] != none || !allowed(group[other])) continue;
        seen[other] = true;
        reached.push_back(other);
      }
    }
  };
  const auto within = [&rule](std::int64_t from) {
    return [from, &rule](const GroupMember& m) { return !m.day || (*m.day >= from && *m.day - from <= rule.window_days); };
  };
  for (const std::size_t first : order) {
    if (story[first] != none) continue;
    if (rule.grouping == k_grouping_chained) {  // as a database grouped before session 16 was
      reach(first, [](const GroupMember&) { return true; });
    } else if (group[first].day) {
      reach(first, within(*group[first].day));
    } else {
      reach(first, [](const GroupMember&) { return true; });
      std::optional<std::int64_t> earliest;
      for (const std::size_t m : reached) {
        if (group[m].day && (!earliest || *group[m].day < *earliest)) earliest = group[m].day;
      }
      if (earliest) reach(first, within(*earliest));
    }
    for (const std::size_t m : reached) story[m] = first;
  }
  return story;
}

namespace {
constexpr std::string_view k_windowed_line = "stories=windowed\n";
constexpr std::string_view k_numbers_key = "numbers=";
} // namespace

std::string serialize_rule(const Rule& rule) {
  char buffer[80];
  std::snprintf(buffer, sizeof buffer, "threshold=%.4g\nwindow=%d\n", rule.threshold, rule.window_days);
  // A chained rule is what a database grouped before session 16 records
  // (its two lines); the indexer only writes windowed ones. A rule without
  // the number check (rule.numbers 0) is what one grouped before session 17
  // records (no numbers line).
  if (rule.grouping == k_grouping_chained) return buffer;
  std::string out = buffer + std::string(k_windowed_line);
  if (rule.numbers > 0) {
    std::snprintf(buffer, sizeof buffer, "%.4g\n", rule.numbers);
    out += std::string(k_numbers_key) + buffer;
  }
  return out;
}

std::optional<Rule> parse_rule(const std::string& text) {
  double threshold = 0;
  int window = 0;
  int end = 0;
  if (std::sscanf(text.c_str(), "threshold=%lf\nwindow=%d%n", &threshold, &window, &end) != 2 || end <= 0) {
    return std::nullopt;
  }
  std::string_view tail = std::string_view(text).substr(static_cast<std::size_t>(end));
  int grouping = 0;
  double numbers = 0;
  if (tail == "\n") {
    grouping = k_grouping_chained;  // written before session 16
  } else if (tail.size() >= 1 + k_windowed_line.size() && tail[0] == '\n' &&
             tail.substr(1, k_windowed_line.size()) == k_windowed_line) {
    grouping = k_grouping_windowed;
    tail.remove_prefix(1 + k_windowed_line.size());
    if (!tail.empty()) {  // written since session 17: "numbers=<share>\n"
      if (tail.substr(0, k_numbers_key.size()) != k_numbers_key || tail.back() != '\n') return std::nullopt;
      const std::string value(tail.substr(k_numbers_key.size()));
      int used = 0;
      if (std::sscanf(value.c_str(), "%lf\n%n", &numbers, &used) != 1 || static_cast<std::size_t>(used) != value.size() ||
          !(numbers > 0 && numbers <= 1)) {
        return std::nullopt;
      }
    }
  } else {
    return std::nullopt;
  }
  if (!(threshold > 0 && threshold <= 1) || window < 0) return std::nullopt;
  return Rule{threshold, window, grouping, numbers};
}

} // namespace dateline::near_dup
