/** @file systemd_units_test.cpp
 *  @brief The example units (packaging/systemd/: dateline-index@.service and
 *  .timer) pass `systemd-analyze verify` without a word of complaint, as an
 *  instance (dateline-index@news), with ExecStart naming the built
 *  dateline-index (the build's test copy, DATELINE_UNIT_TEST_DIR), and keep
 *  their hardening: an unprivileged user, a read-only system but for the
 *  database directory, no new privileges, a private /tmp.
 */
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace dateline::test {
namespace {

namespace fs = std::filesystem;

const fs::path k_units = DATELINE_UNIT_TEST_DIR;

std::string systemd_analyze() {
  for (const char* path : {"/usr/bin/systemd-analyze", "/bin/systemd-analyze"}) {
    if (fs::exists(path)) return path;
  }
  return {};
}

TEST(SystemdUnits, VerifyWithoutWarnings) {
  const std::string analyze = systemd_analyze();
  if (analyze.empty()) GTEST_SKIP() << "systemd-analyze is not installed (apt-get install systemd)";
  TempDir dir;
  fs::copy_file(k_units / "dateline-index@.service", dir / "dateline-index@news.service");
  fs::copy_file(k_units / "dateline-index@.timer", dir / "dateline-index@news.timer");
  const ProcessResult result = run_process({analyze, "verify", "--man=no", (dir / "dateline-index@news.service").string(),
                                            (dir / "dateline-index@news.timer").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(result.out, "");
}

TEST(SystemdUnits, ServiceIsHardened) {
  const std::string unit = read_file(k_units / "dateline-index@.service");
  for (const char* line : {"\nUser=dateline\n", "\nProtectSystem=strict\n", "\nReadWritePaths=/var/lib/dateline/%i\n",
                           "\nNoNewPrivileges=yes\n", "\nPrivateTmp=yes\n", "\nPrivateNetwork=yes\n",
                           "\nCapabilityBoundingSet=\n", "--db /var/lib/dateline/%i/dateline.db",
                           "--if-locked=skip"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << "dateline-index@.service lacks " << line;
  }
}

} // namespace
} // namespace dateline::test
