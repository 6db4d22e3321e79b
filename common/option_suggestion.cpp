/** @file option_suggestion.cpp
 *  @brief nearest_option: unique start, else restricted Damerau-Levenshtein
 *  (optimal string alignment) distance with a small bound.
 */
#include "common/option_suggestion.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace dateline {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Edits (delete, insert, substitute, swap two neighbours) from @p a to @p b.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

} // namespace

std::optional<std::string> nearest_option(std::string_view typed, const std::vector<std::string>& long_names) {
  if (typed.size() < 3 || typed.substr(0, 2) != "--") return std::nullopt;
  std::string_view name = typed.substr(2);
  name = name.substr(0, name.find('='));
  if (name.empty()) return std::nullopt;
  const std::string wanted = lower(name);
  // Names are short (about 60 of at most 25 letters): the distances cost nothing.
  if (wanted.size() < 64) {
    const std::string* started = nullptr;
    std::size_t starts = 0;
    for (const std::string& candidate : long_names) {
      if (candidate.size() > wanted.size() && candidate.compare(0, wanted.size(), wanted) == 0) {
        started = &candidate;
        ++starts;
      }
    }
    if (starts == 1) return "--" + *started;
    if (starts > 1) return std::nullopt;
    const std::string* best = nullptr;
    std::size_t best_distance = 0;
    for (const std::string& candidate : long_names) {
      const std::size_t bound = candidate.size() <= 4 ? 1 : 2;
      const std::size_t distance = edit_distance(wanted, candidate);
      if (distance <= bound && (best == nullptr || distance < best_distance)) {
        best = &candidate;
        best_distance = distance;
      }
    }
    if (best != nullptr) return "--" + *best;
  }
  return std::nullopt;
}

} // namespace dateline
