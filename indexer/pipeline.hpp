/** @file pipeline.hpp
 *  @brief An ordered parallel map: N worker threads compute results for items
 *  0..count-1, one consumer takes them strictly in index order. A bounded
 *  window of results and a bound on the bytes of the items in flight keep
 *  memory flat; a stop flag ends everything promptly.
 */
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dateline::indexer {

/// The indexer's bound on the bytes of the files being analysed or waiting
/// for the writer, per --jobs thread. An article costs a few times its size
/// in memory while analysed (bytes, decoded text, stored text, its capped
/// terms), so a run holds about jobs x this x a small factor, whatever the
/// files: 256 results ahead of a slow writer were 256 x 16 MB before.
inline constexpr std::size_t k_in_flight_bytes_per_job = 32ULL * 1024 * 1024;

template <typename Result, typename WorkerState>
class OrderedPipeline {
public:
  using MakeState = std::function<WorkerState()>;
  using Work = std::function<Result(std::size_t index, WorkerState& state)>;
  /// An item's weight (e.g. its file's bytes), known before its work starts.
  using Weigh = std::function<std::size_t(std::size_t index)>;

  struct Params {
    std::size_t count = 0;
    unsigned threads = 1;
    std::size_t window = 256;  ///< results computed ahead of the consumer, at most
    const std::atomic<bool>* stop = nullptr;
    /// With weigh set: items started but not yet consumed weigh at most this
    /// much together, plus the item the consumer waits for, which always
    /// starts (so an item heavier than the bound still goes through).
    std::size_t max_weight = 0;
    Weigh weigh;
  };

  OrderedPipeline(const Params& params, MakeState make_state, Work work)
      : m_params(params), m_make_state(std::move(make_state)), m_work(std::move(work)),
        m_slots(std::max<std::size_t>(params.window, 1)) {
    const unsigned threads = std::max(1U, params.threads);
    m_threads.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
      m_threads.emplace_back([this] { worker(); });
    }
  }

  ~OrderedPipeline() {
    {
      std::lock_guard lock(m_mutex);
      m_shutdown = true;
    }
    m_cv.notify_all();
    for (auto& thread : m_threads) {
      thread.join();
    }
  }

  OrderedPipeline(const OrderedPipeline&) = delete;
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  /// The next result in index order, or nullopt when all are consumed or the
  /// stop flag is set. Rethrows an exception a worker's Work threw.
  std::optional<Result> next() {
    if (m_consumed >= m_params.count) {
      return std::nullopt;
    }
    std::unique_lock lock(m_mutex);
    Slot& slot = m_slots[m_consumed % m_slots.size()];
    for (;;) {
      if (slot.error) {
        std::rethrow_exception(slot.error);
      }
      if (slot.value) {
        break;
      }
      if (stopped()) {
        return std::nullopt;
      }
      m_cv.wait_for(lock, std::chrono::milliseconds(50));
    }
    std::optional<Result> out = std::move(slot.value);
    slot.value.reset();
    m_in_flight_weight -= slot.weight;
    slot.weight = 0;
    ++m_consumed;
    lock.unlock();
    m_cv.notify_all();
    return out;
  }

private:
  struct Slot {
    std::optional<Result> value;
    std::exception_ptr error;
    std::size_t weight = 0;  ///< counted in m_in_flight_weight until consumed
  };

  [[nodiscard]] bool stopped() const {
    return m_params.stop != nullptr && m_params.stop->load(std::memory_order_relaxed);
  }

  void worker() {
    std::optional<WorkerState> state;
    for (;;) {
      std::size_t index = 0;
      std::size_t weight = 0;
      {
        std::unique_lock lock(m_mutex);
        if (m_next >= m_params.count) {
          return;
        }
        index = m_next++;
        weight = m_params.weigh ? m_params.weigh(index) : 0;
        // Wait until the slot is free (the consumer is less than a window
        // behind) and the weight fits, or the consumer waits for this item.
        m_cv.wait(lock, [&] {
          return m_shutdown || stopped() ||
                 (index < m_consumed + m_slots.size() &&
                  (index == m_consumed || m_in_flight_weight + weight <= m_params.max_weight || !m_params.weigh));
        });
        if (m_shutdown || stopped()) {
          return;
        }
        m_in_flight_weight += weight;
      }
      Slot result;
      try {
        if (!state) {
          state.emplace(m_make_state());
        }
        result.value.emplace(m_work(index, *state));
      } catch (...) {
        result.error = std::current_exception();
      }
      {
        std::lock_guard lock(m_mutex);
        result.weight = weight;
        m_slots[index % m_slots.size()] = std::move(result);
      }
      m_cv.notify_all();
    }
  }

  Params m_params;
  MakeState m_make_state;
  Work m_work;
  std::vector<Slot> m_slots;
  std::vector<std::thread> m_threads;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::size_t m_next = 0;      // guarded by m_mutex
  std::size_t m_consumed = 0;  // written by the consumer under m_mutex
  std::size_t m_in_flight_weight = 0;  // guarded by m_mutex
  bool m_shutdown = false;
};

} // namespace dateline::indexer
