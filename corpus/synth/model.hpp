/** @file model.hpp
 *  @brief What dateline-synth-archive learns from the public corpora: word
 *  chains for English headlines and bodies (Reuters-21578, BBC), character
 *  chains for Chinese ones (xwlb), and the lengths seen, all read in a fixed
 *  order so that the same corpora give the same model.
 */
#pragma once

#include "corpus/synth/chain.hpp"

#include <cstddef>
#include <filesystem>
#include <vector>

namespace dateline::synth {

/// One language's chains and the empirical length distributions.
struct LanguageModel {
  Chain titles;
  Chain bodies;
  std::vector<std::uint32_t> title_lengths;  ///< tokens per headline, one entry per story
  std::vector<std::uint32_t> body_lengths;   ///< tokens per body (paragraph breaks included)
  std::size_t stories = 0;
  [[nodiscard]] bool usable() const { return stories > 0 && !titles.empty() && !bodies.empty(); }
};

struct Model {
  LanguageModel english;
  LanguageModel chinese;
};

/// Learns from `corpora` (the folder holding reuters21578/, bbc/, xwlb/);
/// absent collections are skipped. Throws std::runtime_error when no English
/// text was found at all.
Model learn(const std::filesystem::path& corpora);

/// The training entry points (also used by the unit tests on small texts).
/// English: whitespace-separated words, blank lines separate paragraphs.
void add_english_story(LanguageModel& model, std::string_view title, std::string_view body);
/// Chinese: one token per code point, newlines separate paragraphs.
void add_chinese_story(LanguageModel& model, std::string_view title, std::string_view body);
/// Freezes both chains; call once after the last add_*_story.
void finish(LanguageModel& model);

}  // namespace dateline::synth
