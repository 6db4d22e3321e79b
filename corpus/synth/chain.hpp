/** @file chain.hpp
 *  @brief A first-order Markov chain of tokens (words, or Chinese characters)
 *  learned from real text, for dateline-synth-archive: sampling from it gives
 *  the corpus's vocabulary, its Zipf-shaped word frequencies and its word
 *  bigrams. Deterministic: the same training input gives the same chain, and
 *  the same random stream gives the same output.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dateline::synth {

/// xoshiro256** seeded through splitmix64: small, fast, and the same on every
/// platform (unlike std:: distributions), so an archive is reproducible.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  /// Uniform in [0, bound); bound > 0.
  std::uint64_t below(std::uint64_t bound);
  /// Uniform in [0, 1).
  double unit();

 private:
  std::uint64_t s_[4];
};

/// The seed of item `index` of stream `stream` under a run's `seed`: every
/// article draws from its own generator, so output does not depend on threads.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

class Chain {
 public:
  static constexpr std::uint32_t k_start = 0;      ///< state before the first token
  static constexpr std::uint32_t k_paragraph = 1;  ///< a paragraph break

  Chain();
  std::uint32_t intern(std::string_view token);
  /// One training sequence (a title or an article body); k_paragraph allowed.
  void add(const std::vector<std::uint32_t>& sequence);
  /// Ends training: transitions are counted and frozen for sampling.
  void freeze();

  /// A token that follows `previous`, in proportion to how often it did.
  [[nodiscard]] std::uint32_t next(std::uint32_t previous, Rng& rng) const;
  [[nodiscard]] const std::string& token(std::uint32_t id) const { return tokens_[id]; }
  [[nodiscard]] std::size_t vocabulary() const { return tokens_.size() - 2; }
  [[nodiscard]] std::size_t transitions() const { return successors_.size(); }
  [[nodiscard]] bool empty() const { return successors_.empty(); }

 private:
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::uint64_t> pairs_;         ///< (previous << 32 | next), training only
  std::vector<std::uint64_t> offsets_;       ///< per token: its successors' range
  std::vector<std::uint32_t> successors_;    ///< sorted by id within a range
  std::vector<std::uint64_t> cumulative_;    ///< running counts within a range
};

}  // namespace dateline::synth
