/** @file chain.cpp
 *  @brief Markov chain training and sampling for dateline-synth-archive.
 */
#include "corpus/synth/chain.hpp"

#include <algorithm>
#include <stdexcept>

namespace dateline::synth {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& word : s_) word = splitmix64(seed);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17U;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t Rng::below(std::uint64_t bound) {
  // Modulo bias is below 2^-40 for the bounds used here: irrelevant for test data.
  return next() % bound;
}

double Rng::unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  std::uint64_t state = seed ^ (stream * 0xD1B54A32D192ED03ULL);
  (void)splitmix64(state);
  state ^= index * 0x9E3779B97F4A7C15ULL;
  return splitmix64(state);
}

Chain::Chain() {
  tokens_ = {"", "\n\n"};
}

std::uint32_t Chain::intern(std::string_view token) {
  const auto [it, inserted] = ids_.try_emplace(std::string(token), static_cast<std::uint32_t>(tokens_.size()));
  if (inserted) tokens_.emplace_back(token);
  return it->second;
}

void Chain::add(const std::vector<std::uint32_t>& sequence) {
  std::uint32_t previous = k_start;
  for (const std::uint32_t id : sequence) {
    if (id == k_paragraph && (previous == k_start || previous == k_paragraph)) continue;
    pairs_.push_back((static_cast<std::uint64_t>(previous) << 32U) | id);
    previous = id;
  }
}

void Chain::freeze() {
  std::sort(pairs_.begin(), pairs_.end());
  offsets_.assign(tokens_.size() + 1, 0);
  successors_.clear();
  cumulative_.clear();
  std::size_t i = 0;
  for (std::uint32_t token = 0; token < tokens_.size(); ++token) {
    offsets_[token] = successors_.size();
    std::uint64_t running = 0;
    while (i < pairs_.size() && (pairs_[i] >> 32U) == token) {
      const std::uint32_t current = static_cast<std::uint32_t>(pairs_[i] & 0xFFFFFFFFU);
      std::uint64_t count = 0;
      while (i < pairs_.size() && pairs_[i] == ((static_cast<std::uint64_t>(token) << 32U) | current)) {
        ++count;
        ++i;
      }
      running += count;
      successors_.push_back(current);
      cumulative_.push_back(running);
    }
  }
  offsets_[tokens_.size()] = successors_.size();
  pairs_.clear();
  pairs_.shrink_to_fit();
  ids_.clear();
}

std::uint32_t Chain::next(std::uint32_t previous, Rng& rng) const {
  if (successors_.empty()) throw std::logic_error("sampling from an empty chain");
  std::uint64_t first = offsets_[previous];
  std::uint64_t last = offsets_[previous + 1];
  if (first == last) {  // the corpus's very last token: start over
    first = offsets_[k_start];
    last = offsets_[k_start + 1];
  }
  // Counts run from the range's start: the last one is the range's total.
  const std::uint64_t pick = rng.below(cumulative_[last - 1]) + 1;
  const auto begin = cumulative_.begin() + static_cast<std::ptrdiff_t>(first);
  const auto end = cumulative_.begin() + static_cast<std::ptrdiff_t>(last);
  const auto found = std::lower_bound(begin, end, pick);
  return successors_[static_cast<std::size_t>(found - cumulative_.begin())];
}

}  // namespace dateline::synth
