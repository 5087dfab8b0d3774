// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// `crossauth-test-realm start` and `stop`.
//
// start forks a keeper process that owns the TestRealm: the KDC stays the
// keeper's child, is reaped by it, and dies with it (PR_SET_PDEATHSIG).
// The keeper leaves the session, points its stdio at /dev/null (so a CTest
// fixture is not held open by its pipes), reports "ready" through a pipe,
// and waits for SIGTERM. stop checks that the pid in DIR/realm is still
// that keeper (start time and command line) before it signals it; the
// keeper's TestRealm destructor then stops the KDC and removes the realm's
// directory. Should the keeper be gone, stop falls back to the KDC (checked
// by its command line, which names the realm's directory) and to removing
// the directory itself.

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "crossauth/testing/test_realm.h"
#include "src/testing/realm_files.h"
#include "src/testing/subprocess.h"
#include "src/testing/test_realm_cli.h"

namespace crossauth_testing {
namespace cli {
namespace {

constexpr absl::Duration kStartTimeout = absl::Seconds(120);
constexpr absl::Duration kKeeperStopTimeout = absl::Seconds(20);
constexpr absl::Duration kKdcStopGrace = absl::Seconds(5);
constexpr char kReady[] = "ready";

struct StateFiles {
  std::string env;
  std::string realm;
};

StateFiles FilesIn(const std::string& state_dir) {
  return {state_dir + "/env", state_dir + "/realm"};
}

// The fields of /proc/PID/stat after the command name: [0] is the state,
// [19] the start time. Empty when the process does not exist.
std::vector<std::string> ProcStat(pid_t pid) {
  absl::StatusOr<std::string> stat =
      internal::ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  if (!stat.ok()) return {};
  size_t paren = stat->rfind(')');
  if (paren == std::string::npos) return {};
  return absl::StrSplit(absl::string_view(*stat).substr(paren + 1), ' ',
                        absl::SkipEmpty());
}

std::string StartTime(pid_t pid) {
  std::vector<std::string> fields = ProcStat(pid);
  return fields.size() > 19 ? fields[19] : "";
}

// Alive and not a zombie: a stopped keeper or KDC may stay a zombie until
// its parent (possibly a container's init that never reaps) collects it.
bool IsAlive(pid_t pid) {
  if (pid <= 0 || kill(pid, 0) != 0) return false;
  std::vector<std::string> fields = ProcStat(pid);
  if (fields.empty()) return access("/proc/self/stat", R_OK) != 0;
  return fields[0] != "Z" && fields[0] != "X";
}

// The arguments of `pid`: /proc/PID/cmdline, or ps(1) where there is no
// /proc (split at blanks, which is enough for the checks below).
std::vector<std::string> CommandLine(pid_t pid) {
  if (pid <= 0) return {};
  absl::StatusOr<std::string> text =
      internal::ReadFile(absl::StrCat("/proc/", pid, "/cmdline"));
  if (text.ok()) {
    return absl::StrSplit(absl::StripSuffix(*text, absl::string_view("\0", 1)),
                          '\0');
  }
  if (access("/proc/self/cmdline", R_OK) == 0) return {};
  std::string ps = internal::FindExecutable("ps", {"/bin", "/usr/bin"});
  if (ps.empty()) return {};
  absl::StatusOr<internal::ToolResult> result = internal::RunTool(
      {ps, {"-o", "args=", "-p", absl::StrCat(pid)}, {{"LC_ALL", "C"}}}, "",
      absl::Seconds(10));
  if (!result.ok() || !result->status.Success()) return {};
  return absl::StrSplit(absl::StripAsciiWhitespace(result->out), ' ',
                        absl::SkipEmpty());
}

absl::string_view BaseName(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

bool WaitUntilGone(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (IsAlive(pid)) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

// SIGTERM, a bounded wait, then SIGKILL; true when the process is gone.
bool Terminate(pid_t pid, absl::Duration grace) {
  kill(pid, SIGTERM);
  if (WaitUntilGone(pid, grace)) return true;
  kill(pid, SIGKILL);
  return WaitUntilGone(pid, absl::Seconds(5));
}

// Only a directory that TestRealm made is ever removed.
bool IsRealmDirectory(const std::string& dir) {
  struct stat info;
  return absl::StartsWith(BaseName(dir), "crossauth-realm-") &&
         stat((dir + "/krb5.conf").c_str(), &info) == 0 &&
         stat((dir + "/kdc.conf").c_str(), &info) == 0;
}

void WriteAll(int fd, absl::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

// The keeper: sets the realm up, reports on `report_fd`, then holds it
// until SIGTERM (or SIGINT, SIGHUP). Returns its exit status.
int Keep(const CliOptions& options, const StateFiles& files, int report_fd,
         const sigset_t& stop_signals) {
  absl::StatusOr<std::unique_ptr<TestRealm>> realm = SetUpRealm(options);
  if (!realm.ok()) {
    WriteAll(report_fd, realm.status().message());
    return kExitRealmFailed;
  }
  absl::StatusOr<std::string> kdc_pid =
      internal::ReadFile(absl::StrCat((*realm)->directory(), "/krb5kdc.pid"));
  std::string state = absl::StrCat(
      "keeper_pid=", getpid(), "\nkeeper_start=", StartTime(getpid()),
      "\nkdc_pid=", kdc_pid.ok() ? absl::StripAsciiWhitespace(*kdc_pid) : "",
      "\nrealm=", (*realm)->realm(), "\nrealm_dir=", (*realm)->directory(),
      "\nkdc_port=", (*realm)->kdc_port(), "\n");
  absl::Status status = internal::WriteFile(
      files.env, internal::EnvironmentFileText(CommandEnvironment(**realm)));
  if (status.ok()) status = internal::WriteFile(files.realm, state);
  if (!status.ok()) {
    unlink(files.env.c_str());
    WriteAll(report_fd, status.message());
    return kExitRealmFailed;
  }
  WriteAll(report_fd, kReady);
  close(report_fd);
  int signal = 0;
  while (sigwait(&stop_signals, &signal) != 0) {
  }
  realm->reset();  // stops the KDC, removes the directory
  return kExitOk;
}

// Waits (bounded) for the keeper's report; returns the exit status.
int AwaitReport(pid_t keeper, int report_fd) {
  std::string report;
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (true) {
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      kill(keeper, SIGTERM);  // the keeper cleans up what it made
      Fail(absl::StrCat("the realm was not ready within ",
                        absl::FormatDuration(kStartTimeout)));
      return kExitRealmFailed;
    }
    struct pollfd poll_fd = {report_fd, POLLIN, 0};
    int ready = poll(&poll_fd, 1,
                     static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buffer[1024];
    ssize_t n = read(report_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    report.append(buffer, static_cast<size_t>(n));
  }
  if (report == kReady) return kExitOk;
  // The keeper failed and is cleaning up; that is bounded by the KDC's stop.
  absl::StatusOr<internal::ExitStatus> ended =
      internal::WaitForChild(keeper, kKeeperStopTimeout);
  if (report.empty()) {
    report = absl::StrCat("the realm's keeper process ended (",
                          ended.ok() ? ended->Describe() : "still running",
                          ") without a report");
  }
  Fail(report);
  return kExitRealmFailed;
}

absl::StatusOr<std::string> AbsoluteStateDir(const std::string& dir) {
  std::error_code error;
  std::filesystem::path path = std::filesystem::absolute(dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot resolve ", dir, ": ", error.message()));
  }
  return path.lexically_normal().string();
}

}  // namespace

int StartMode(const CliOptions& options) {
  absl::StatusOr<std::string> state_dir = AbsoluteStateDir(options.state_dir);
  if (!state_dir.ok()) {
    Fail(std::string(state_dir.status().message()));
    return kExitRealmFailed;
  }
  std::error_code error;
  std::filesystem::create_directories(*state_dir, error);
  if (error) {
    Fail(absl::StrCat("cannot create ", *state_dir, ": ", error.message()));
    return kExitRealmFailed;
  }
  StateFiles files = FilesIn(*state_dir);
  if (std::filesystem::exists(files.realm, error)) {
    Fail(absl::StrCat(files.realm, " exists: a realm was started for ",
                      *state_dir, " already; stop it first"));
    return kExitRealmFailed;
  }
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    Fail(absl::StrCat("pipe2: ", strerror(errno)));
    return kExitRealmFailed;
  }
  // Blocked before fork(), so that a stop request can never be lost.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&stop_signals, s);
  fflush(nullptr);
  pid_t keeper = fork();
  if (keeper < 0) {
    Fail(absl::StrCat("fork: ", strerror(errno)));
    return kExitRealmFailed;
  }
  if (keeper == 0) {
    close(report[0]);
    sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
    setsid();
    int null_fd = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3 && null_fd >= 0; ++fd) dup2(null_fd, fd);
    if (null_fd > 2) close(null_fd);
    if (chdir("/") != 0) _exit(kExitRealmFailed);
    _exit(Keep(options, files, report[1], stop_signals));
  }
  close(report[1]);
  int code = AwaitReport(keeper, report[0]);
  close(report[0]);
  return code;
}

int StopMode(const CliOptions& options) {
  absl::StatusOr<std::string> state_dir = AbsoluteStateDir(options.state_dir);
  if (!state_dir.ok()) {
    Fail(std::string(state_dir.status().message()));
    return kExitRealmFailed;
  }
  StateFiles files = FilesIn(*state_dir);
  absl::StatusOr<std::string> text = internal::ReadFile(files.realm);
  if (!text.ok()) {
    Fail(absl::StrCat("nothing to stop: ", text.status().message()));
    return kExitNothingToStop;
  }
  std::map<std::string, std::string> fields;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(line, '=');
    if (!kv.first.empty()) fields[kv.first] = kv.second;
  }
  int keeper = 0, kdc = 0;
  if (!absl::SimpleAtoi(fields["keeper_pid"], &keeper)) keeper = 0;
  if (!absl::SimpleAtoi(fields["kdc_pid"], &kdc)) kdc = 0;
  const std::string& realm_dir = fields["realm_dir"];

  bool stopped = false, failed = false;
  std::vector<std::string> keeper_line = CommandLine(keeper);
  if (IsAlive(keeper) && StartTime(keeper) == fields["keeper_start"] &&
      keeper_line.size() > 1 &&
      absl::StartsWith(BaseName(keeper_line[0]), "crossauth-test-realm") &&
      keeper_line[1] == "start") {
    stopped = true;
    failed |= !Terminate(keeper, kKeeperStopTimeout);
  }
  std::vector<std::string> kdc_line = CommandLine(kdc);
  std::string pid_file = realm_dir + "/krb5kdc.pid";
  if (IsAlive(kdc) && !realm_dir.empty() && !kdc_line.empty() &&
      BaseName(kdc_line[0]) == "krb5kdc" &&
      std::find(kdc_line.begin(), kdc_line.end(), pid_file) != kdc_line.end()) {
    stopped = true;
    failed |= !Terminate(kdc, kKdcStopGrace);
  }
  if (!realm_dir.empty() && IsRealmDirectory(realm_dir)) {
    std::error_code error;
    std::filesystem::remove_all(realm_dir, error);
    stopped = true;
    if (error) {
      Fail(absl::StrCat("cannot remove ", realm_dir, ": ", error.message()));
      failed = true;
    }
  }
  unlink(files.env.c_str());
  unlink(files.realm.c_str());
  if (failed) {
    Fail("the realm did not stop cleanly");
    return kExitRealmFailed;
  }
  if (!stopped) {
    Fail(absl::StrCat("nothing to stop: the realm of ", *state_dir,
                      " was not running"));
    return kExitNothingToStop;
  }
  return kExitOk;
}

}  // namespace cli
}  // namespace crossauth_testing
