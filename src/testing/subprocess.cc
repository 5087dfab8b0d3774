// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/testing/subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace crossauth_testing {
namespace internal {
namespace {

constexpr size_t kMaxToolInput = 4096;  // fits the smallest pipe buffer
constexpr size_t kMaxToolOutput = 1 << 20;

// Closes a descriptor once; keeps errno, which callers may still report.
void CloseFd(int& fd) {
  if (fd >= 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    fd = -1;
  }
}

// Owns the descriptors of one spawn so every early return closes them.
struct Fds {
  std::vector<int> fds;
  ~Fds() {
    for (int& fd : fds) CloseFd(fd);
  }
};

absl::Status ErrnoStatus(absl::string_view what, int error) {
  return absl::InternalError(absl::StrCat(what, ": ", strerror(error)));
}

// Everything the child needs, prepared before fork(): after fork() in a
// multi-threaded process only async-signal-safe calls are allowed.
struct ExecPlan {
  std::vector<std::string> strings;
  std::vector<char*> argv;
  std::vector<char*> envp;
  const char* program = nullptr;
  int stdio[3] = {-1, -1, -1};  // -1: inherit
  bool new_process_group = false;
  bool terminate_with_parent = false;
  pid_t parent = 0;
  int max_fd = 0;
  sigset_t empty_mask;
  std::vector<int> default_signals;
};

void BuildPlan(const Command& command, ExecPlan& plan) {
  plan.strings.reserve(1 + command.args.size() + command.env.size());
  plan.strings.push_back(command.argv0.empty() ? command.program
                                               : command.argv0);
  for (const std::string& arg : command.args) plan.strings.push_back(arg);
  for (const auto& [name, value] : command.env) {
    plan.strings.push_back(absl::StrCat(name, "=", value));
  }
  size_t argc = 1 + command.args.size();
  for (size_t i = 0; i < plan.strings.size(); ++i) {
    char* s = plan.strings[i].data();
    (i < argc ? plan.argv : plan.envp).push_back(s);
  }
  plan.argv.push_back(nullptr);
  plan.envp.push_back(nullptr);
  plan.program = command.program.c_str();
  plan.parent = getpid();
  struct rlimit limit;
  plan.max_fd = 4096;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    plan.max_fd = static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 65536));
  sigemptyset(&plan.empty_mask);
}

// Marks every descriptor from 3 up close-on-exec.
void CloseOnExecFrom3(int max_fd) {
#if defined(SYS_close_range)
  constexpr unsigned kCloseRangeCloexec = 1U << 2;
  if (syscall(SYS_close_range, 3U, ~0U, kCloseRangeCloexec) == 0) return;
#endif
  for (int fd = 3; fd < max_fd; ++fd) fcntl(fd, F_SETFD, FD_CLOEXEC);
}

// Reports errno to the parent and ends the child.
[[noreturn]] void FailChild(int error_fd) {
  int e = errno;
  (void)!write(error_fd, &e, sizeof e);
  _exit(127);
}

// Runs in the child between fork() and execve(): async-signal-safe calls
// only. Reports a failed step as errno on `error_fd`.
[[noreturn]] void ExecChild(const ExecPlan& plan, int error_fd) {
  sigprocmask(SIG_SETMASK, &plan.empty_mask, nullptr);
  struct sigaction default_action = {};
  default_action.sa_handler = SIG_DFL;
  for (int signal : plan.default_signals) {
    sigaction(signal, &default_action, nullptr);
  }
  // Lift each source above 2 first, so no dup2() below overwrites a
  // source that happens to be 0, 1 or 2 already.
  int lifted[3] = {-1, -1, -1};
  for (int i = 0; i < 3; ++i) {
    if (plan.stdio[i] < 0) continue;
    lifted[i] = fcntl(plan.stdio[i], F_DUPFD, 3);
    if (lifted[i] < 0) FailChild(error_fd);
  }
  for (int i = 0; i < 3; ++i) {
    if (lifted[i] >= 0 && dup2(lifted[i], i) < 0) FailChild(error_fd);
  }
  if (plan.new_process_group) setpgid(0, 0);
#ifdef __linux__
  if (plan.terminate_with_parent) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != plan.parent) _exit(127);  // the parent is gone already
  }
#endif
  CloseOnExecFrom3(plan.max_fd);
  execve(plan.program, plan.argv.data(), plan.envp.data());
  FailChild(error_fd);
}

absl::StatusOr<pid_t> SpawnPlan(const ExecPlan& plan) {
  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) return ErrnoStatus("pipe2", errno);
  Fds guard{{error_pipe[0], error_pipe[1]}};
  pid_t pid = fork();
  if (pid < 0) return ErrnoStatus("fork", errno);
  if (pid == 0) ExecChild(plan, error_pipe[1]);
  CloseFd(guard.fds[1]);
  int child_errno = 0;
  size_t got = 0;
  while (got < sizeof child_errno) {
    ssize_t n = read(guard.fds[0], reinterpret_cast<char*>(&child_errno) + got,
                     sizeof child_errno - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  if (got == 0) return pid;  // EOF: execve() succeeded and closed the pipe
  int wait_status;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  std::string what = absl::StrCat("cannot execute ", plan.program);
  if (child_errno == ENOENT) {
    return absl::NotFoundError(absl::StrCat(what, ": ", strerror(ENOENT)));
  }
  return ErrnoStatus(what, child_errno);
}

// Reads what `fd` has into `out` (capped); false at EOF or error.
bool Drain(int fd, std::string& out) {
  char buffer[4096];
  ssize_t n = read(fd, buffer, sizeof buffer);
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  size_t room = kMaxToolOutput - std::min(kMaxToolOutput, out.size());
  out.append(buffer, std::min(room, static_cast<size_t>(n)));
  return true;
}

std::string SecondsText(absl::Duration d) {
  return absl::FormatDuration(absl::Trunc(d, absl::Milliseconds(1)));
}

}  // namespace

std::string ExitStatus::Describe() const {
  if (exited) return absl::StrCat("exit status ", code);
  return absl::StrCat("signal ", signal, " (", strsignal(signal), ")");
}

ExitStatus ExitStatus::FromWaitStatus(int wait_status) {
  ExitStatus status;
  if (WIFEXITED(wait_status)) {
    status.exited = true;
    status.code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    status.signal = WTERMSIG(wait_status);
  }
  return status;
}

absl::StatusOr<pid_t> Spawn(const Command& command,
                            const SpawnOptions& options) {
  Fds fds;
  ExecPlan plan;
  BuildPlan(command, plan);
  if (options.null_stdin) {
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("open /dev/null", errno);
    fds.fds.push_back(fd);
    plan.stdio[0] = fd;
  }
  if (!options.output_path.empty()) {
    int fd = open(options.output_path.c_str(),
                  O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      return ErrnoStatus(absl::StrCat("open ", options.output_path), errno);
    }
    fds.fds.push_back(fd);
    plan.stdio[1] = plan.stdio[2] = fd;
  }
  plan.new_process_group = options.new_process_group;
  plan.terminate_with_parent = options.terminate_with_parent;
  plan.default_signals = options.default_signals;
  return SpawnPlan(plan);
}

absl::StatusOr<ToolResult> RunTool(const Command& command,
                                   absl::string_view input,
                                   absl::Duration timeout) {
  if (input.size() > kMaxToolInput) {
    return absl::InvalidArgumentError("tool input larger than 4 KiB");
  }
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return ErrnoStatus("pipe2", errno);
  Fds fds{{in[0], in[1]}};
  if (pipe2(out, O_CLOEXEC) != 0) return ErrnoStatus("pipe2", errno);
  fds.fds.insert(fds.fds.end(), {out[0], out[1]});
  if (pipe2(err, O_CLOEXEC) != 0) return ErrnoStatus("pipe2", errno);
  fds.fds.insert(fds.fds.end(), {err[0], err[1]});
  // The whole input goes into the pipe before the tool exists, so writing
  // never blocks and a tool that exits early cannot raise SIGPIPE here.
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  size_t written = 0;
  while (written < input.size()) {
    ssize_t n = write(in[1], input.data() + written, input.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ErrnoStatus("write tool input", errno);
    written += static_cast<size_t>(n);
  }
  CloseFd(fds.fds[1]);

  ExecPlan plan;
  BuildPlan(command, plan);
  plan.stdio[0] = in[0];
  plan.stdio[1] = out[1];
  plan.stdio[2] = err[1];
  absl::StatusOr<pid_t> pid = SpawnPlan(plan);
  if (!pid.ok()) return pid.status();
  CloseFd(fds.fds[0]);
  CloseFd(fds.fds[3]);
  CloseFd(fds.fds[5]);

  ToolResult result;
  const absl::Time deadline = absl::Now() + timeout;
  struct pollfd polls[2] = {{fds.fds[2], POLLIN, 0}, {fds.fds[4], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  bool timed_out = false;
  while (polls[0].fd >= 0 || polls[1].fd >= 0) {
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      timed_out = true;
      break;
    }
    int ms = static_cast<int>(
        std::min<int64_t>(absl::ToInt64Milliseconds(left), 999) + 1);
    int ready = poll(polls, 2, ms);
    if (ready < 0 && errno != EINTR) {
      timed_out = true;  // cannot watch it any more; treat like a hang
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (polls[i].fd < 0 || polls[i].revents == 0) continue;
      if (!Drain(polls[i].fd, *sinks[i])) polls[i].fd = -1;
    }
  }
  absl::StatusOr<ExitStatus> status =
      timed_out ? absl::DeadlineExceededError("")
                : WaitForChild(*pid, deadline - absl::Now());
  if (!status.ok()) {
    kill(*pid, SIGKILL);
    int wait_status;
    while (waitpid(*pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    return absl::DeadlineExceededError(
        absl::StrCat(command.program, " did not finish within ",
                     SecondsText(timeout), "; killed it"));
  }
  result.status = *status;
  return result;
}

absl::StatusOr<ExitStatus> WaitForChild(pid_t pid, absl::Duration timeout) {
  const bool forever = timeout == absl::InfiniteDuration();
  const absl::Time deadline =
      forever ? absl::InfiniteFuture() : absl::Now() + timeout;
  absl::Duration nap = absl::Milliseconds(1);
  while (true) {
    int wait_status;
    pid_t r = waitpid(pid, &wait_status, forever ? 0 : WNOHANG);
    if (r == pid) return ExitStatus::FromWaitStatus(wait_status);
    if (r < 0 && errno != EINTR) {
      return ErrnoStatus(absl::StrCat("waitpid ", pid), errno);
    }
    if (forever) continue;
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat(
          "process ", pid, " still running after ", SecondsText(timeout)));
    }
    absl::SleepFor(std::min(nap, left));
    nap = std::min(nap * 2, absl::Milliseconds(20));
  }
}

absl::StatusOr<ExitStatus> TerminateChild(pid_t pid, absl::Duration grace,
                                          bool* killed) {
  if (killed != nullptr) *killed = false;
  // A child that leads its own process group (SpawnOptions::
  // new_process_group) may have children of its own (Samba's do): SIGTERM
  // goes to the leader, which stops them in order, but SIGKILL, and the
  // sweep once the leader is gone, go to the whole group, so that nothing
  // it started outlives it. While any member lives, no new process can
  // take the group's id.
  const bool group = getpgid(pid) == pid;
  kill(pid, SIGTERM);
  absl::StatusOr<ExitStatus> status = WaitForChild(pid, grace);
  if (absl::IsDeadlineExceeded(status.status())) {
    if (killed != nullptr) *killed = true;
    kill(group ? -pid : pid, SIGKILL);
    status = WaitForChild(pid, absl::Seconds(10));
  }
  if (group) kill(-pid, SIGKILL);
  return status;
}

std::string FindExecutable(absl::string_view name,
                           const std::vector<std::string>& directories) {
  for (const std::string& directory : directories) {
    if (directory.empty()) continue;
    std::string path = absl::StrCat(directory, "/", name);
    struct stat info;
    if (stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        access(path.c_str(), X_OK) == 0) {
      return path;
    }
  }
  return "";
}

std::vector<std::string> SearchPath() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  return absl::StrSplit(path, ':', absl::SkipEmpty());
}

Environment CurrentEnvironment() {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    absl::string_view text(*entry);
    size_t eq = text.find('=');
    if (eq == absl::string_view::npos || eq == 0) continue;
    env.emplace_back(std::string(text.substr(0, eq)),
                     std::string(text.substr(eq + 1)));
  }
  return env;
}

void SetVariable(Environment& env, absl::string_view name,
                 absl::string_view value) {
  env.erase(
      std::remove_if(env.begin(), env.end(),
                     [&](const auto& entry) { return entry.first == name; }),
      env.end());
  env.emplace_back(std::string(name), std::string(value));
}

}  // namespace internal
}  // namespace crossauth_testing
