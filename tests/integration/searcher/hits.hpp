/** @file hits.hpp
 *  @brief The hits of a `dateline-search --format json` answer as the
 *  integration tests compare them: paths, file names, scores, in rank order.
 *  One copy where several test files each read them their own way.
 */
#pragma once

#include "tests/integration/searcher/json_value.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dateline::test {

/// Each hit's path, best first.
inline std::vector<std::string> hit_paths(const JsonValue& answer) {
  std::vector<std::string> out;
  for (const JsonValue& hit : answer.at("hits").array) out.push_back(hit.at("path").string);
  return out;
}

/// The file name (last part of the path) of @p hit.
inline std::string hit_name(const JsonValue& hit) {
  return std::filesystem::path(hit.at("path").string).filename().string();
}

/// Each hit's file name, best first.
inline std::vector<std::string> hit_names(const JsonValue& answer) {
  std::vector<std::string> out;
  for (const JsonValue& hit : answer.at("hits").array) out.push_back(hit_name(hit));
  return out;
}

/// Each hit's (file name, score), best first.
inline std::vector<std::pair<std::string, double>> hit_name_scores(const JsonValue& answer) {
  std::vector<std::pair<std::string, double>> out;
  for (const JsonValue& hit : answer.at("hits").array) out.emplace_back(hit_name(hit), hit.at("score").number);
  return out;
}

/// File name -> score of the hits (of two hits with one name, the later).
inline std::map<std::string, double> hit_score_map(const JsonValue& answer) {
  std::map<std::string, double> out;
  for (const JsonValue& hit : answer.at("hits").array) out[hit_name(hit)] = hit.at("score").number;
  return out;
}

} // namespace dateline::test
