/** @file progress_test.cpp
 *  @brief #9.17: no progress-bar escape sequences under TERM=dumb or NO_COLOR.
 */
#include "indexer/progress.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace dateline::indexer {
namespace {

/// Sets or unsets an environment variable for one scope.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (m_old) {
      ::setenv(m_name, m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

TEST(Progress, StyleFollowsTermAndNoColor) {
  EXPECT_EQ(progress_style("xterm-256color", nullptr), ProgressStyle::ansi);
  EXPECT_EQ(progress_style(nullptr, nullptr), ProgressStyle::ansi);
  EXPECT_EQ(progress_style("xterm", ""), ProgressStyle::ansi) << "an empty NO_COLOR does not count";
  EXPECT_EQ(progress_style("xterm", "1"), ProgressStyle::plain);
  EXPECT_EQ(progress_style("dumb", nullptr), ProgressStyle::none);
  EXPECT_EQ(progress_style("dumb", "1"), ProgressStyle::none);
}

std::string draw_all(const char* term, const char* no_color) {
  const ScopedEnv t("TERM", term);
  const ScopedEnv n("NO_COLOR", no_color);
  ::testing::internal::CaptureStderr();
  {
    Progress progress(true, 3);
    for (int i = 0; i < 3; ++i) progress.step();  // the last step always draws
  }
  return ::testing::internal::GetCapturedStderr();
}

TEST(Progress, DrawsEscapesOnlyWhereAllowed) {
  const std::string ansi = draw_all("xterm", nullptr);
  EXPECT_NE(ansi.find("3/3 files"), std::string::npos) << ansi;
  EXPECT_NE(ansi.find('\x1b'), std::string::npos) << "the normal bar erases with ESC [K";
  const std::string plain = draw_all("xterm", "1");
  EXPECT_NE(plain.find("3/3 files"), std::string::npos) << plain;
  EXPECT_EQ(plain.find('\x1b'), std::string::npos) << "NO_COLOR: no escape sequences";
  EXPECT_EQ(draw_all("dumb", nullptr), "") << "TERM=dumb: no bar";
}

} // namespace
} // namespace dateline::indexer
