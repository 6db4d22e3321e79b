/** @file synonyms.cpp
 *  @brief Synonym file parsing, analysis of entries and the table they make.
 */
#include "indexer/synonyms.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/schema.hpp"

#include <algorithm>
#include <fstream>

namespace dateline::indexer {
namespace {

/// Largest synonym file read (a hand-written list is a few KB).
constexpr std::size_t k_max_synonym_file_bytes = 16U << 20U;

std::string_view trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

/// @p entry's words as the analyzer makes them, joined by one space ("" when none).
std::string analyse_entry(std::string_view entry, const TextAnalyzer& analyzer) {
  std::string out;
  for (const Token& token : analyzer.tokenize(entry)) {
    if (!out.empty()) out += ' ';
    out += token.term;
  }
  return out;
}

std::string shown(std::string_view entry) {
  return "'" + neutralize_for_terminal(entry.substr(0, std::min<std::size_t>(entry.size(), 80))) + "'";
}

} // namespace

SynonymFile parse_synonyms(std::string_view content, const std::string& file_name, const TextAnalyzer& analyzer) {
  SynonymFile out;
  out.file_name = file_name;
  std::size_t pairs = 0;  // key -> synonym pairs so far (k_max_synonym_pairs)
  std::size_t line_number = 0;
  std::vector<std::string> lines;
  while (!content.empty()) {
    const std::size_t newline = content.find('\n');
    std::string_view line = content.substr(0, newline);
    content = newline == std::string_view::npos ? std::string_view{} : content.substr(newline + 1);
    ++line_number;
    const auto bad = [&](const std::string& why) {
      return UsageError(file_name + ":" + std::to_string(line_number) + ": " + why);
    };
    if (!is_valid_utf8(line)) throw bad("not valid UTF-8");
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    if (trim(line).empty()) continue;
    SynonymGroup group;
    group.line = line_number;
    while (true) {
      const std::size_t comma = line.find(',');
      const std::string_view raw = trim(line.substr(0, comma));
      if (raw.empty()) throw bad("empty entry (two commas in a row, or a comma at the start or end)");
      std::string entry = analyse_entry(raw, analyzer);
      if (entry.empty()) throw bad("the entry " + shown(raw) + " has no word that can be searched");
      if (std::find(group.entries.begin(), group.entries.end(), entry) == group.entries.end()) {
        if (group.entries.size() == k_max_synonym_group_entries) {
          throw bad("a group has more than " + std::to_string(k_max_synonym_group_entries) +
                    " entries (a table grows with the square of a group's size)");
        }
        group.entries.push_back(std::move(entry));
      }
      if (comma == std::string_view::npos) break;
      line = line.substr(comma + 1);
    }
    if (group.entries.size() < 2) {
      throw bad(std::string("a group needs at least two different entries, separated by commas") +
                " (entries that differ only in case, accents or punctuation are one)");
    }
    pairs += group.entries.size() * (group.entries.size() - 1);
    if (pairs > k_max_synonym_pairs) {
      throw bad("the file makes more than " + std::to_string(k_max_synonym_pairs) +
                " synonym pairs (each group of n entries makes n * (n - 1))");
    }
    std::string normalised;
    for (const auto& entry : group.entries) {
      if (!normalised.empty()) normalised += ',';
      normalised += entry;
    }
    lines.push_back(std::move(normalised));
    out.groups.push_back(std::move(group));
  }
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  for (const auto& line : lines) {
    out.normalised += line;
    out.normalised += '\n';
  }
  out.hash = schema::content_hash(analyzer.language() + "\n" + out.normalised);
  return out;
}

std::string read_synonym_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--synonyms " + escape_for_terminal(path) + ": cannot be read");
  std::string content;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (content.size() > k_max_synonym_file_bytes) {
      throw UsageError("--synonyms " + escape_for_terminal(path) + ": larger than 16 MB");
    }
  }
  if (in.bad()) throw UsageError("--synonyms " + escape_for_terminal(path) + ": cannot be read");
  return content;
}

SynonymTable synonym_table(const SynonymFile& file, const TextAnalyzer& analyzer) {
  const auto too_many = [&](const std::string& who) {
    return UsageError(file.file_name + ": " + who + " more than " + std::to_string(k_max_synonyms_per_key) +
                      " synonyms over all groups (a search for it would look for all of them)");
  };
  SynonymTable table;
  for (const SynonymGroup& group : file.groups) {
    for (const std::string& key : group.entries) {
      std::set<std::string>& values = table[key];
      for (const std::string& value : group.entries) {
        if (value != key) values.insert(value);
      }
      if (values.size() > k_max_synonyms_per_key) throw too_many(shown(key) + " has");
    }
  }
  // Stemmed keys: only for one-word entries, and never where the word itself
  // is a key (QueryParser looks the stem up only when the word has none).
  SynonymTable stemmed;
  std::map<std::string, std::size_t> forms;  // stemmed key -> forms merged into it
  for (const auto& [key, values] : table) {
    if (key.find(' ') != std::string::npos) continue;
    Token token;
    token.term = key;
    const std::string stem = analyzer.stem(token);
    if (stem.empty()) continue;
    std::set<std::string>& into = stemmed[std::string(schema::k_prefix_stem) + stem];
    into.insert(values.begin(), values.end());
    into.insert(key);
    if (into.size() - ++forms[stem] > k_max_synonyms_per_key) throw too_many("the forms of " + shown(stem) + " have");
  }
  for (auto& [key, values] : stemmed) {
    table.emplace(key, std::move(values));
  }
  return table;
}

} // namespace dateline::indexer
