/** @file day_runs.cpp
 *  @brief The docid -> day map's codec and run builder (#12.1).
 */
#include "common/day_runs.hpp"

#include "common/date.hpp"
#include "common/schema.hpp"

#include <charconv>

namespace dateline::day_runs {
namespace {

constexpr std::int64_t k_code_offset = std::int64_t{1} << 32;

std::uint64_t code_of(std::int64_t day) {
  return day == k_undated ? 0 : static_cast<std::uint64_t>(day + k_code_offset);
}

std::optional<std::int64_t> day_of_code(std::uint64_t code) {
  if (code == 0) return k_undated;
  if (code > static_cast<std::uint64_t>(2 * k_code_offset)) return std::nullopt;
  return static_cast<std::int64_t>(code) - k_code_offset;
}

void put_varint(std::string& out, std::uint64_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

bool get_varint(std::string_view& in, std::uint64_t& n) {
  n = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

std::uint64_t zigzag(std::int64_t n) {
  return (static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63);
}

std::int64_t unzigzag(std::uint64_t n) {
  return static_cast<std::int64_t>(n >> 1) ^ -static_cast<std::int64_t>(n & 1);
}

bool get_number(std::string_view& in, std::uint64_t& n, char end) {
  const auto [ptr, ec] = std::from_chars(in.data(), in.data() + in.size(), n);
  if (ec != std::errc() || ptr == in.data() || ptr == in.data() + in.size() || *ptr != end) return false;
  in.remove_prefix(static_cast<std::size_t>(ptr - in.data()) + 1);
  return true;
}

} // namespace

bool within_cap(std::size_t runs, std::size_t documents) {
  return runs <= k_min_runs_cap || runs <= documents / k_max_documents_per_run;
}

std::optional<std::int64_t> day_of_value(std::string_view value) {
  const std::optional<Date> date = parse_iso_date(schema::iso_date_from_value(value)).date;
  if (!date) return std::nullopt;
  return day_number(*date);
}

void Builder::push(Xapian::docid first, std::int64_t day) {
  if (!m_runs.empty() && m_runs.back().day == day) return;
  m_runs.push_back({first, day});
}

void Builder::add(Xapian::docid docid, std::int64_t day) {
  if (docid < m_next) return;  // not ascending: ignored (a value stream never does this)
  if (docid > m_next) push(static_cast<Xapian::docid>(m_next), k_undated);
  push(docid, day);
  m_next = std::uint64_t{docid} + 1;
}

std::vector<Run> Builder::finish(Xapian::docid last_docid) {
  if (last_docid >= m_next) push(static_cast<Xapian::docid>(m_next), k_undated);
  std::vector<Run> out = std::move(m_runs);
  m_runs.clear();
  m_next = 1;
  return out;
}

DayRuns compute(const Xapian::Database& db) {
  DayRuns map;
  map.last_docid = db.get_lastdocid();
  map.documents = db.get_doccount();
  Builder builder;
  std::string previous;
  std::int64_t previous_day = k_undated;
  for (auto value = db.valuestream_begin(schema::k_slot_date); value != db.valuestream_end(schema::k_slot_date);
       ++value) {
    std::string bytes = *value;
    if (bytes != previous) {  // a day's articles in a row parse once
      previous_day = day_of_value(bytes).value_or(k_undated);
      previous = std::move(bytes);
    }
    builder.add(value.get_docid(), previous_day);
  }
  map.runs = builder.finish(map.last_docid);
  return map;
}

std::string metadata_for_commit(const Xapian::Database& db, Xapian::rev revision) {
  DayRuns map = compute(db);
  map.revision = revision;
  return within_cap(map.runs.size(), map.documents) ? encode(map) : std::string();
}

std::optional<DayRuns> load(const Xapian::Database& db) {
  Xapian::rev revision = 0;
  try {
    revision = db.get_revision();
  } catch (const Xapian::InvalidOperationError&) {
    return std::nullopt;  // several databases: no one revision
  }
  const std::string text = db.get_metadata(std::string(schema::k_meta_day_runs));
  if (text.empty()) return std::nullopt;
  std::optional<DayRuns> map = decode(text);
  if (!map || map->revision != revision || map->last_docid != db.get_lastdocid() ||
      map->documents != db.get_doccount()) {
    return std::nullopt;
  }
  return map;
}

std::string encode(const DayRuns& map) {
  std::string out = "1 " + std::to_string(map.revision) + " " + std::to_string(map.last_docid) + " " +
                    std::to_string(map.documents) + " " + std::to_string(map.runs.size()) + "\n";
  Xapian::docid previous_first = 0;
  std::uint64_t previous_code = 0;
  for (const Run& run : map.runs) {
    put_varint(out, run.first - previous_first);
    const std::uint64_t code = code_of(run.day);
    put_varint(out, zigzag(static_cast<std::int64_t>(code - previous_code)));
    previous_first = run.first;
    previous_code = code;
  }
  return out;
}

std::optional<DayRuns> decode(std::string_view text) {
  if (text.substr(0, 2) != "1 ") return std::nullopt;
  text.remove_prefix(2);
  std::uint64_t revision = 0;
  std::uint64_t last = 0;
  std::uint64_t documents = 0;
  std::uint64_t count = 0;
  if (!get_number(text, revision, ' ') || !get_number(text, last, ' ') || !get_number(text, documents, ' ') ||
      !get_number(text, count, '\n')) {
    return std::nullopt;
  }
  if (last > UINT32_MAX || documents > last || count > last || count > text.size() / 2 + 1) return std::nullopt;
  DayRuns map;
  map.revision = static_cast<Xapian::rev>(revision);
  map.last_docid = static_cast<Xapian::docid>(last);
  map.documents = static_cast<Xapian::doccount>(documents);
  map.runs.reserve(static_cast<std::size_t>(count));
  std::uint64_t first = 0;
  std::uint64_t code = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t step = 0;
    std::uint64_t delta = 0;
    if (!get_varint(text, step) || !get_varint(text, delta)) return std::nullopt;
    if (step == 0 || step > last - first) return std::nullopt;  // ascending, within the last docid
    if (i == 0 && step != 1) return std::nullopt;
    first += step;
    code += static_cast<std::uint64_t>(unzigzag(delta));
    const std::optional<std::int64_t> day = day_of_code(code);
    if (!day) return std::nullopt;
    map.runs.push_back({static_cast<Xapian::docid>(first), *day});
  }
  if (!text.empty()) return std::nullopt;
  return map;
}

} // namespace dateline::day_runs
