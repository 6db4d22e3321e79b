/** @file systemd_units_test.cpp
 *  @brief The example units (packaging/systemd/: dateline-index@.service and
 *  .timer) pass `systemd-analyze verify` without a word of complaint, as an
 *  instance (dateline-index@news), with ExecStart naming the built
 *  dateline-index (the build's test copy, DATELINE_UNIT_TEST_DIR), and keep
 *  their hardening: an unprivileged user, a read-only system but for the
 *  database directory, no new privileges, a private /tmp. The same for
 *  dateline-shard@.service (xapian-tcpsrv serving a database read-only, #15.4).
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
                           "--if-locked=skip", "\nUMask=0027\n", "\nStateDirectoryMode=0750\n", "umask 027;"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << "dateline-index@.service lacks " << line;
  }
  // The database holds article text: never world-readable (docs/security.md).
  EXPECT_EQ(unit.find("UMask=0022"), std::string::npos);
  EXPECT_EQ(unit.find("StateDirectoryMode=0755"), std::string::npos);
}

// dateline-shard@.service (#15.4, docs/scaling.md): xapian-tcpsrv serving
// the database dateline-index@.service writes, read-only and confined.
TEST(SystemdUnits, ShardServiceVerifiesWithoutWarnings) {
  const std::string analyze = systemd_analyze();
  if (analyze.empty()) GTEST_SKIP() << "systemd-analyze is not installed (apt-get install systemd)";
  if (!fs::exists("/usr/bin/xapian-tcpsrv")) {
    GTEST_SKIP() << "xapian-tcpsrv is not installed (Debian package xapian-tools); the unit runs it";
  }
  TempDir dir;
  fs::copy_file(k_units / "dateline-shard@.service", dir / "dateline-shard@news.service");
  const ProcessResult result =
      run_process({analyze, "verify", "--man=no", (dir / "dateline-shard@news.service").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(result.out, "");
}

TEST(SystemdUnits, ShardServiceIsReadOnlyAndConfined) {
  const std::string unit = read_file(k_units / "dateline-shard@.service");
  // SupplementaryGroups: the database dateline-index@.service writes is
  // readable by user and group dateline only (UMask=0027).
  for (const char* line : {"\nDynamicUser=yes\n", "\nSupplementaryGroups=dateline\n", "\nProtectSystem=strict\n", "\nNoNewPrivileges=yes\n",
                           "\nCapabilityBoundingSet=\n", "\nRestrictAddressFamilies=AF_INET AF_INET6\n",
                           "--interface ${INTERFACE}", "/var/lib/dateline/%i/dateline.db"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << "dateline-shard@.service lacks " << line;
  }
  const std::size_t exec = unit.find("\nExecStart=");
  ASSERT_NE(exec, std::string::npos);
  EXPECT_EQ(unit.substr(exec, unit.find('\n', exec + 1) - exec).find("--writable"), std::string::npos);
}

} // namespace
} // namespace dateline::test
