/** @file signals.hpp
 *  @brief SIGINT/SIGTERM turn into a stop flag; the run commits what is whole and exits 130/143.
 */
#pragma once

#include <atomic>

namespace dateline::indexer {

/// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& install_stop_handlers();

/// The signal that set the flag (SIGINT or SIGTERM), 0 if none.
[[nodiscard]] int stop_signal() noexcept;

} // namespace dateline::indexer
