// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Tests of the subprocess runner under TestRealm: captured output, explicit
// environment, stdin, bounded waits, and no leaked descriptors.

#include "src/testing/subprocess.h"

#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace crossauth_testing {
namespace internal {
namespace {

using ::testing::HasSubstr;

Command Shell(const std::string& script, Environment env = {}) {
  return Command{"/bin/sh", {"-c", script}, std::move(env)};
}

TEST(RunToolTest, CapturesStdoutStderrAndExitStatus) {
  absl::StatusOr<ToolResult> result =
      RunTool(Shell("echo out; echo err >&2; exit 3"), "", absl::Seconds(10));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->out, "out\n");
  EXPECT_EQ(result->err, "err\n");
  EXPECT_TRUE(result->status.exited);
  EXPECT_EQ(result->status.code, 3);
  EXPECT_FALSE(result->status.Success());
  EXPECT_EQ(result->status.Describe(), "exit status 3");
}

TEST(RunToolTest, FeedsInputOnStdin) {
  absl::StatusOr<ToolResult> result = RunTool(
      Command{"/bin/cat", {}, {}}, "line one\nline two\n", absl::Seconds(10));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->out, "line one\nline two\n");
  EXPECT_TRUE(result->status.Success());
}

TEST(RunToolTest, InputIgnoredByAToolThatExitsRaisesNoSigpipe) {
  absl::StatusOr<ToolResult> result = RunTool(
      Command{"/bin/true", {}, {}}, std::string(4096, 'x'), absl::Seconds(10));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->status.Success());
}

TEST(RunToolTest, RejectsInputLargerThanAPipeSurelyHolds) {
  absl::StatusOr<ToolResult> result = RunTool(
      Command{"/bin/true", {}, {}}, std::string(4097, 'x'), absl::Seconds(10));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RunToolTest, UsesOnlyTheGivenEnvironment) {
  ASSERT_EQ(setenv("CROSSAUTH_SUBPROCESS_TEST_LEAK", "leaked", 1), 0);
  absl::StatusOr<ToolResult> result =
      RunTool(Shell("echo \"$FOO|${CROSSAUTH_SUBPROCESS_TEST_LEAK-unset}\"",
                    {{"FOO", "bar baz"}}),
              "", absl::Seconds(10));
  unsetenv("CROSSAUTH_SUBPROCESS_TEST_LEAK");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->out, "bar baz|unset\n");
}

TEST(RunToolTest, KillsAToolThatOutlivesItsTimeout) {
  absl::Time start = absl::Now();
  absl::StatusOr<ToolResult> result =
      RunTool(Shell("exec sleep 30"), "", absl::Milliseconds(200));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(result.status().message(), HasSubstr("did not finish within"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(RunToolTest, MissingProgramIsNotFound) {
  absl::StatusOr<ToolResult> result = RunTool(
      Command{"/nonexistent/crossauth-tool", {}, {}}, "", absl::Seconds(10));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(result.status().message(),
              HasSubstr("cannot execute /nonexistent/crossauth-tool"));
}

TEST(RunToolTest, DescriptorsAboveTwoAreNotInherited) {
  int fd = open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  ASSERT_GE(fd, 3);
  absl::StatusOr<ToolResult> result =
      RunTool(Shell(absl::StrCat("test -e /proc/self/fd/", fd,
                                 " && echo leaked", " || echo closed")),
              "", absl::Seconds(10));
  close(fd);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->out, "closed\n");
}

TEST(SpawnTest, WritesOutputToAFileAndTerminates) {
  char dir_template[] = "/tmp/crossauth-subprocess-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  std::string output = absl::StrCat(dir_template, "/out");
  SpawnOptions options;
  options.output_path = output;
  options.null_stdin = true;
  options.new_process_group = true;
  absl::StatusOr<pid_t> pid =
      Spawn(Shell("echo started; exec sleep 30"), options);
  ASSERT_TRUE(pid.ok()) << pid.status();
  EXPECT_EQ(WaitForChild(*pid, absl::Milliseconds(50)).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  bool killed = true;
  absl::StatusOr<ExitStatus> status =
      TerminateChild(*pid, absl::Seconds(5), &killed);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_FALSE(killed);
  EXPECT_FALSE(status->exited);
  EXPECT_EQ(status->signal, SIGTERM);
  EXPECT_EQ(status->ShellCode(), 128 + SIGTERM);
  EXPECT_EQ(kill(*pid, 0), -1);  // reaped: the pid is gone
  char buffer[64] = {};
  int fd = open(output.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read(fd, buffer, sizeof buffer - 1), 8);
  close(fd);
  EXPECT_STREQ(buffer, "started\n");
  unlink(output.c_str());
  rmdir(dir_template);
}

// The first line the child wrote to `path` (with its newline), waiting up
// to 10 s for it; "" if none came.
std::string WaitForLine(const std::string& path) {
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    char buffer[64] = {};
    int fd = open(path.c_str(), O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buffer, sizeof buffer - 1) : -1;
    if (fd >= 0) close(fd);
    if (n > 0) {
      const char* end = static_cast<const char*>(memchr(buffer, '\n', n));
      if (end != nullptr) return std::string(buffer, end - buffer + 1);
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  return "";
}

TEST(SpawnTest, TerminateEscalatesToSigkill) {
  char dir_template[] = "/tmp/crossauth-subprocess-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  SpawnOptions options;
  options.output_path = absl::StrCat(dir_template, "/out");
  absl::StatusOr<pid_t> pid =
      Spawn(Shell("trap '' TERM; echo ready; exec sleep 30"), options);
  ASSERT_TRUE(pid.ok()) << pid.status();
  // SIGTERM must arrive after the trap, however slow the machine is.
  EXPECT_EQ(WaitForLine(options.output_path), "ready\n");
  bool killed = false;
  absl::StatusOr<ExitStatus> status =
      TerminateChild(*pid, absl::Milliseconds(200), &killed);
  unlink(options.output_path.c_str());
  rmdir(dir_template);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(killed);
  EXPECT_EQ(status->signal, SIGKILL);
}

// Whether `pid` has ended (gone, or a zombie waiting for its new parent).
bool Ended(pid_t pid) {
  std::string path = absl::StrCat("/proc/", pid, "/stat");
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return true;
  char buffer[256] = {};
  ssize_t n = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  if (n <= 0) return true;
  // "pid (comm) S ...": the state follows the last ')'.
  const char* paren = strrchr(buffer, ')');
  return paren == nullptr || paren[1] == '\0' || paren[2] == 'Z' ||
         paren[2] == 'X';
}

// A group leader's own child, which ignores SIGTERM, does not outlive it.
TEST(SpawnTest, TerminateLeavesNothingOfTheGroup) {
  char dir_template[] = "/tmp/crossauth-subprocess-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  SpawnOptions options;
  options.output_path = absl::StrCat(dir_template, "/out");
  options.new_process_group = true;
  absl::StatusOr<pid_t> pid =
      Spawn(Shell("trap '' TERM; sleep 30 & echo $!; wait"), options);
  ASSERT_TRUE(pid.ok()) << pid.status();
  const pid_t grandchild = atoi(WaitForLine(options.output_path).c_str());
  ASSERT_GT(grandchild, 0);
  bool killed = false;
  absl::StatusOr<ExitStatus> status =
      TerminateChild(*pid, absl::Milliseconds(200), &killed);
  unlink(options.output_path.c_str());
  rmdir(dir_template);
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(killed);
  EXPECT_EQ(status->signal, SIGKILL);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (!Ended(grandchild) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(Ended(grandchild))
      << "the leader's child " << grandchild << " is still running";
  if (!Ended(grandchild)) kill(grandchild, SIGKILL);
}

// The child's ignored signals, from /proc/self/status (the SigIgn mask).
uint64_t IgnoredSignalsOfAChild(const SpawnOptions& base) {
  char dir_template[] = "/tmp/crossauth-subprocess-test-XXXXXX";
  EXPECT_NE(mkdtemp(dir_template), nullptr);
  SpawnOptions options = base;
  options.output_path = absl::StrCat(dir_template, "/out");
  absl::StatusOr<pid_t> pid = Spawn(
      Command{"/bin/grep", {"^SigIgn:", "/proc/self/status"}, {}}, options);
  EXPECT_TRUE(pid.ok()) << pid.status();
  uint64_t mask = ~uint64_t{0};
  if (pid.ok()) {
    absl::StatusOr<ExitStatus> ended = WaitForChild(*pid, absl::Seconds(30));
    EXPECT_TRUE(ended.ok() && ended->Success());
    char buffer[64] = {};
    int fd = open(options.output_path.c_str(), O_RDONLY);
    EXPECT_GE(fd, 0);
    if (fd >= 0) {
      EXPECT_GT(read(fd, buffer, sizeof buffer - 1), 8);
      close(fd);
    }
    EXPECT_EQ(sscanf(buffer, "SigIgn: %" SCNx64, &mask), 1) << buffer;
  }
  unlink(options.output_path.c_str());
  rmdir(dir_template);
  return mask;
}

TEST(SpawnTest, DefaultSignalsAreNotIgnoredByTheChild) {
  constexpr uint64_t kSigint = uint64_t{1} << (SIGINT - 1);
  constexpr uint64_t kSigquit = uint64_t{1} << (SIGQUIT - 1);
  struct sigaction ignore = {}, old_int, old_quit;
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(sigaction(SIGINT, &ignore, &old_int), 0);
  ASSERT_EQ(sigaction(SIGQUIT, &ignore, &old_quit), 0);
  uint64_t inherited = IgnoredSignalsOfAChild({});
  SpawnOptions options;
  options.default_signals = {SIGINT};
  uint64_t reset = IgnoredSignalsOfAChild(options);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGQUIT, &old_quit, nullptr);
  EXPECT_EQ(inherited & (kSigint | kSigquit), kSigint | kSigquit);
  EXPECT_EQ(reset & (kSigint | kSigquit), kSigquit);
}

TEST(SpawnTest, ReportsAFailedExecSynchronously) {
  absl::StatusOr<pid_t> pid =
      Spawn(Command{"/nonexistent/crossauth-tool", {}, {}}, SpawnOptions{});
  EXPECT_EQ(pid.status().code(), absl::StatusCode::kNotFound);
}

TEST(SpawnTest, Argv0DefaultsToTheProgram) {
  Command command{"/bin/sh", {"-c", "echo \"$0\""}, {}};
  absl::StatusOr<ToolResult> result = RunTool(command, "", absl::Seconds(10));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->out, "/bin/sh\n");
  command.argv0 = "custom-name";
  result = RunTool(command, "", absl::Seconds(10));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->out, "custom-name\n");
}

TEST(EnvironmentTest, SetVariableReplacesAnEarlierValue) {
  Environment env = {{"A", "1"}, {"B", "2"}};
  SetVariable(env, "A", "3");
  SetVariable(env, "C", "4");
  EXPECT_EQ(env, (Environment{{"B", "2"}, {"A", "3"}, {"C", "4"}}));
}

TEST(EnvironmentTest, FindExecutableSkipsDirectoriesAndPlainFiles) {
  EXPECT_EQ(FindExecutable("sh", {"/nonexistent", "/bin"}), "/bin/sh");
  EXPECT_EQ(FindExecutable("passwd", {"/etc"}), "");  // not executable
  EXPECT_EQ(FindExecutable("bin", {"/usr"}), "");     // a directory
}

}  // namespace
}  // namespace internal
}  // namespace crossauth_testing
