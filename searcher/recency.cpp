/** @file recency.cpp
 *  @brief Half-life parsing, the recency bonus and its PostingSource (#11.2).
 */
#include "searcher/recency.hpp"

#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dateline::searcher {

double parse_half_life(std::string_view text) {
  const auto fail = [&]() -> double {
    throw UsageError("option --recency: '" + std::string(text) +
                     "' is not a half-life (a whole number and a unit: 30d, 12w, 6m or 2y)");
  };
  if (text.size() < 2) return fail();
  const char unit = text.back();
  const std::string_view digits = text.substr(0, text.size() - 1);
  std::uint32_t count = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || count == 0) return fail();
  double days = 0.0;
  switch (unit) {
    case 'd': days = count; break;
    case 'w': days = 7.0 * count; break;
    case 'm': days = k_days_per_month * count; break;
    case 'y': days = k_days_per_year * count; break;
    default: return fail();
  }
  if (days > 1000.0 * k_days_per_year) {
    throw UsageError("option --recency: '" + std::string(text) + "' is longer than 1000 years");
  }
  return days;
}

double parse_recency_weight(std::string_view text) {
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value) ||
      value <= 0.0 || value > k_max_recency_weight) {
    throw UsageError("option --recency-weight: '" + std::string(text) + "' is not a number above 0 and at most " +
                     std::to_string(static_cast<int>(k_max_recency_weight)) + " (a fraction of the query's highest possible text score)");
  }
  return value;
}

double recency_bonus(double weight, double age_days, double half_life_days) {
  if (!(half_life_days > 0.0)) return 0.0;
  if (age_days < 0.0) age_days = 0.0;
  return weight * std::exp2(-age_days / half_life_days);
}

std::optional<long long> day_number_of_value(std::string_view value) {
  // Called for every match under --recency: plain digit arithmetic.
  if (value.size() != 8) return std::nullopt;
  int digits[8];
  for (std::size_t i = 0; i < 8; ++i) {
    if (value[i] < '0' || value[i] > '9') return std::nullopt;
    digits[i] = value[i] - '0';
  }
  const int year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  const int month = digits[4] * 10 + digits[5];
  const int day = digits[6] * 10 + digits[7];
  if (!is_valid_date(year, month, day)) return std::nullopt;
  return day_number(Date{year, month, day});
}

double recency_bonus_for_value(const RecencySettings& settings, std::string_view value) {
  const std::optional<long long> day = day_number_of_value(value);
  if (!day) return 0.0;
  return recency_bonus(settings.weight, static_cast<double>(day_number(settings.now) - *day), settings.half_life_days);
}

std::optional<Date> newest_date(const Xapian::Database& db) {
  const std::string value = db.get_value_upper_bound(schema::k_slot_date);
  const std::optional<Date> date = parse_iso_date(schema::iso_date_from_value(value)).date;
  return date;
}

namespace {

/// The suffixes of @p db's terms that start with @p prefix and go on with
/// exactly @p digits ASCII digits, largest (newest) first.
std::vector<std::string> digit_suffixes_newest_first(const Xapian::Database& db, const std::string& prefix,
                                                     std::size_t digits) {
  std::vector<std::string> out;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    const std::string term = *it;
    const std::string_view suffix = std::string_view(term).substr(prefix.size());
    if (suffix.size() == digits &&
        std::all_of(suffix.begin(), suffix.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      out.emplace_back(suffix);
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

} // namespace

std::optional<Date> newest_date_not_after(const Xapian::Database& db, const Date& limit) {
  const std::optional<Date> newest = newest_date(db);
  if (!newest || *newest <= limit) return newest;
  // Fixed-width digit strings compare as the dates they spell.
  const std::string bound = limit.compact();
  const std::string_view bound_year = std::string_view(bound).substr(0, 4);
  const std::string_view bound_month = std::string_view(bound).substr(0, 6);
  for (const std::string& year : digit_suffixes_newest_first(db, std::string(schema::k_prefix_year), 4)) {
    if (year > bound_year) continue;
    // Every year before the limit's has a month term, and every month a day
    // term: the loops below return at the first year they get into fully.
    for (const std::string& month : digit_suffixes_newest_first(db, std::string(schema::k_prefix_month) + year, 2)) {
      const std::string year_month = year + month;
      if (year_month > bound_month) continue;
      for (const std::string& day :
           digit_suffixes_newest_first(db, std::string(schema::k_prefix_date) + year_month, 2)) {
        const std::string value = year_month + day;
        if (value > bound) continue;
        const std::optional<long long> number = day_number_of_value(value);
        if (number) return date_from_day_number(*number);
      }
    }
  }
  return std::nullopt;
}

DefaultNow default_now(const Xapian::Database& db, const Date& limit) {
  DefaultNow out;
  const std::optional<Date> newest = newest_date(db);
  if (!newest) return out;
  if (*newest <= limit) {
    out.now = newest;
    return out;
  }
  out.now = newest_date_not_after(db, limit);
  if (out.now) {
    out.passed_over = newest;
  } else {
    out.now = newest;  // every dated article is after the limit: count from the newest, as --now would
  }
  return out;
}

RecencySource::RecencySource(const RecencySettings& settings)
    : Xapian::ValuePostingSource(schema::k_slot_date), m_settings(settings), m_now_day(day_number(settings.now)) {}

double RecencySource::get_weight() const {
  // Articles of one day are often neighbours in docid order: the last value's
  // weight is kept.
  std::string value = get_value();
  if (m_has_last && value == m_last_value) return m_last_weight;
  const std::optional<long long> day = day_number_of_value(value);
  const double weight =
      day ? recency_bonus(m_settings.weight, static_cast<double>(m_now_day - *day), m_settings.half_life_days) : 0.0;
  m_last_value = std::move(value);
  m_last_weight = weight;
  m_has_last = true;
  return weight;
}

RecencySource* RecencySource::clone() const { return new RecencySource(m_settings); }

void RecencySource::init(const Xapian::Database& database) {
  Xapian::ValuePostingSource::init(database);
  set_maxweight(m_settings.weight);
}

namespace {

/// How both forms of the bonus describe themselves (in `parsed`).
std::string recency_description(const RecencySettings& settings) {
  return "RecencySource(half-life " + std::to_string(settings.half_life_days) + " days, weight " +
         std::to_string(settings.weight) + ", now " + settings.now.iso() + ")";
}

/// The bonus per day value, in a form Xapian's remote backend serialises: it
/// is sent as the ValueMapPostingSource it derives from (name() and
/// serialise() are the base's), and describes itself as RecencySource does,
/// so the parsed query reads the same with remote shards.
class RemoteRecencySource : public Xapian::ValueMapPostingSource {
public:
  explicit RemoteRecencySource(const RecencySettings& settings)
      : Xapian::ValueMapPostingSource(schema::k_slot_date), m_settings(settings) {
    set_default_weight(0.0);
  }
  void map(const std::string& value, double bonus) {
    add_mapping(value, bonus);
    m_mappings.emplace_back(value, bonus);
  }
  RemoteRecencySource* clone() const override {
    auto copy = std::make_unique<RemoteRecencySource>(m_settings);
    for (const auto& [value, bonus] : m_mappings) copy->map(value, bonus);
    return copy.release();
  }
  std::string get_description() const override { return recency_description(m_settings); }

private:
  RecencySettings m_settings;
  std::vector<std::pair<std::string, double>> m_mappings;
};

} // namespace

std::string RecencySource::get_description() const { return recency_description(m_settings); }

Xapian::Query with_recency(const Xapian::Query& text, const RecencySettings& settings) {
  // The query owns the source (release()): it lives as long as any copy of
  // the query, and Xapian deletes it with the last one.
  auto source = std::make_unique<RecencySource>(settings);
  Xapian::Query bonus(source->release());
  (void)source.release();  // owned by `bonus` now
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, bonus);
}

Xapian::Query with_remote_recency(const Xapian::Query& text, const RecencySettings& settings,
                                  const std::vector<std::string>& dates) {
  // The table every server copies for each database it holds, per ranked
  // match: the bonus of each date a match has, nothing for the dates no
  // match has (their articles are never weighed) or whose bonus is 0 (the
  // default), and the full bonus for "now" itself, so that the table's
  // maximum is the local source's (RecencySource::init).
  const long long now = day_number(settings.now);
  auto source = std::make_unique<RemoteRecencySource>(settings);
  bool now_mapped = false;
  for (const std::string& value : dates) {
    const std::optional<long long> day = day_number_of_value(value);
    if (!day) continue;
    const double bonus =
        recency_bonus(settings.weight, static_cast<double>(std::max(0LL, now - *day)), settings.half_life_days);
    if (bonus > 0.0) source->map(value, bonus);
    now_mapped = now_mapped || *day == now;
  }
  if (!now_mapped) source->map(settings.now.compact(), settings.weight);
  Xapian::Query bonus(source->release());
  (void)source.release();  // owned by `bonus` now
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, bonus);
}

} // namespace dateline::searcher
