// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-test-domain: a throwaway Active Directory domain (Samba's AD
// DC) from the shell, in private namespaces, around one command.

#include <signal.h>
#include <stdio.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "crossauth/testing/test_domain.h"
#include "src/testing/subprocess.h"

namespace crossauth_testing {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitDomainFailed = 125;
constexpr int kExitCannotExecute = 126;
constexpr int kExitCommandNotFound = 127;

constexpr char kHelp[] =
    R"(Usage:
  crossauth-test-domain run [OPTIONS] -- COMMAND [ARGS...]
  crossauth-test-domain --help

Runs a throwaway Active Directory domain for tests: Samba's AD DC (realm
AD.CROSSAUTH.TEST, NetBIOS domain ADTEST, DC dc1.ad.crossauth.test) on
loopback, in private network and mount namespaces that COMMAND shares, so
nothing on the host changes. Needs root and Debian's samba,
samba-dsdb-modules, samba-ad-provision, samba-vfs-modules, winbind and
krb5-user packages. The first run provisions the domain into a cache
($CROSSAUTH_TEST_DOMAIN_CACHE, else $TMPDIR/crossauth-test-domain-cache);
later runs copy it.

Options:
  --user NAME:PASSWORD     Adds the user NAME (AD's password complexity
                           rules apply). Repeatable. Test passwords only.
  --group NAME             Adds a global security group. Repeatable.
  --member GROUP:NAME      Adds NAME to GROUP. Repeatable.
  --service ACCOUNT:SVC/HOST
                           Adds the service account ACCOUNT with the SPN
                           SVC/HOST.ad.crossauth.test, AES keys only, its keys
                           in the service keytab ($KRB5_KTNAME). Repeatable.
  --delegate ACCOUNT:SPN   Lets ACCOUNT reach SPN as a user (constrained
                           delegation, for any protocol). Repeatable.
  --kinit NAME             Gets a ticket for --user NAME into $KRB5CCNAME.
  -h, --help               Shows this help.
Options take their value as the next argument or after '='. They apply in
the order users, groups, members, services, delegations, kinit.

Environment given to COMMAND:
  KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME, KRB5_CLIENT_KTNAME, KRB5RCACHEDIR,
  GSS_MECH_CONFIG                 point Kerberos and GSS-API at the domain
  CROSSAUTH_TEST_DOMAIN_REALM     the realm, AD.CROSSAUTH.TEST
  CROSSAUTH_TEST_DOMAIN_DIR       the per-run directory
  CROSSAUTH_TEST_DOMAIN_SMB_CONF  the DC's smb.conf (for samba-tool -s)
  CROSSAUTH_TEST_DOMAIN_RUNNING   1 (TestDomain::Start() refuses to start a
                                  second DC inside)

Exit status:
  COMMAND's exit status, or 128+N when a signal N killed it; 126 when
  COMMAND cannot be executed, 127 when it is not found; 2 usage error;
  125 the domain could not be set up (the reason is on stderr).

Example:
  crossauth-test-domain run --user alice:Alice-Pa55word! --group staff \
      --member staff:alice --service websvc:HTTP/web --kinit alice -- klist
)";

struct Options {
  std::vector<std::pair<std::string, std::string>> users;
  std::vector<std::string> groups;
  std::vector<std::pair<std::string, std::string>> members;
  std::vector<std::pair<std::string, std::string>> services;
  std::vector<std::pair<std::string, std::string>> delegations;
  std::string kinit;
  std::vector<std::string> command;
  bool help = false;
};

void Fail(absl::string_view message) {
  fprintf(stderr, "crossauth-test-domain: %.*s\n",
          static_cast<int>(message.size()), message.data());
}

absl::StatusOr<std::pair<std::string, std::string>> Pair(
    absl::string_view option, absl::string_view value, absl::string_view form) {
  size_t colon = value.find(':');
  if (colon == absl::string_view::npos || colon == 0 ||
      colon + 1 == value.size()) {
    return absl::InvalidArgumentError(absl::StrCat(option, " needs ", form));
  }
  return std::make_pair(std::string(value.substr(0, colon)),
                        std::string(value.substr(colon + 1)));
}

absl::Status Apply(absl::string_view name, absl::string_view value,
                   Options& o) {
  absl::StatusOr<std::pair<std::string, std::string>> pair;
  if (name == "--user") {
    pair = Pair(name, value, "NAME:PASSWORD");
    if (!pair.ok()) return pair.status();
    o.users.push_back(*pair);
  } else if (name == "--group") {
    if (value.empty()) return absl::InvalidArgumentError("--group needs NAME");
    o.groups.emplace_back(value);
  } else if (name == "--member") {
    pair = Pair(name, value, "GROUP:NAME");
    if (!pair.ok()) return pair.status();
    o.members.push_back(*pair);
  } else if (name == "--service") {
    pair = Pair(name, value, "ACCOUNT:SERVICE/HOST");
    if (!pair.ok()) return pair.status();
    o.services.push_back(*pair);
  } else if (name == "--delegate") {
    pair = Pair(name, value, "ACCOUNT:SPN");
    if (!pair.ok()) return pair.status();
    o.delegations.push_back(*pair);
  } else if (name == "--kinit") {
    if (!o.kinit.empty())
      return absl::InvalidArgumentError("--kinit given twice");
    if (value.empty()) return absl::InvalidArgumentError("--kinit needs NAME");
    o.kinit = std::string(value);
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown option ", name));
  }
  return absl::OkStatus();
}

absl::StatusOr<Options> Parse(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") {
      o.help = true;
      return o;
    }
  }
  if (args.empty()) return absl::InvalidArgumentError("missing command: run");
  if (args[0] != "run") {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown command \"", args[0], "\": use run"));
  }
  bool separator = false;
  for (size_t i = 1; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--") {
      o.command.assign(args.begin() + i + 1, args.end());
      separator = true;
      break;
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unexpected argument \"", arg, "\" (put COMMAND after --)"));
    }
    size_t eq = arg.find('=');
    absl::string_view name = arg.substr(0, eq);
    std::string value;
    if (eq != absl::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat(name, " needs a value"));
    }
    absl::Status status = Apply(name, value, o);
    if (!status.ok()) return status;
  }
  if (!separator || o.command.empty()) {
    return absl::InvalidArgumentError("run needs -- COMMAND [ARGS...]");
  }
  if (!o.kinit.empty()) {
    bool found = false;
    for (const auto& user : o.users) found = found || user.first == o.kinit;
    if (!found) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--kinit ", o.kinit, " needs --user ", o.kinit, ":PASSWORD"));
    }
  }
  return o;
}

absl::Status Step(const absl::Status& status, absl::string_view what) {
  if (status.ok()) return status;
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

absl::Status SetUp(TestDomain& domain, const Options& o) {
  for (const auto& [name, password] : o.users) {
    absl::Status s = Step(domain.AddUser(name, password),
                          absl::StrCat("cannot add user ", name));
    if (!s.ok()) return s;
  }
  for (const std::string& group : o.groups) {
    absl::Status s =
        Step(domain.AddGroup(group), absl::StrCat("cannot add group ", group));
    if (!s.ok()) return s;
  }
  for (const auto& [group, member] : o.members) {
    absl::Status s =
        Step(domain.AddGroupMember(group, member),
             absl::StrCat("cannot add ", member, " to group ", group));
    if (!s.ok()) return s;
  }
  for (const auto& [account, spn] : o.services) {
    absl::Status s = Step(domain.AddServiceAccount(account, spn).status(),
                          absl::StrCat("cannot add service account ", account));
    if (!s.ok()) return s;
  }
  for (const auto& [account, spn] : o.delegations) {
    absl::Status s =
        Step(domain.AllowDelegation(account, spn),
             absl::StrCat("cannot let ", account, " delegate to ", spn));
    if (!s.ok()) return s;
  }
  for (const auto& [name, password] : o.users) {
    if (name != o.kinit) continue;
    absl::Status s =
        Step(domain.Kinit(name, password), absl::StrCat("cannot kinit ", name));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string Resolve(const std::string& word, const internal::Environment& env) {
  if (absl::StrContains(word, '/')) return word;
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& [name, value] : env) {
    if (name == "PATH") path = value;
  }
  std::vector<std::string> directories;
  for (absl::string_view d : absl::StrSplit(path, ':')) {
    directories.emplace_back(d.empty() ? "." : d);
  }
  return internal::FindExecutable(word, directories);
}

int Run(const Options& o) {
  absl::StatusOr<std::unique_ptr<TestDomain>> domain = TestDomain::Start();
  if (!domain.ok()) {
    Fail(absl::StrCat("cannot start the domain: ", domain.status().message()));
    return kExitDomainFailed;
  }
  absl::Status status = SetUp(**domain, o);
  if (!status.ok()) {
    Fail(status.message());
    return kExitDomainFailed;
  }
  internal::Environment env = internal::CurrentEnvironment();
  for (const auto& [name, value] : (*domain)->Environment()) {
    internal::SetVariable(env, name, value);
  }
  internal::SetVariable(env, "CROSSAUTH_TEST_DOMAIN_SMB_CONF",
                        (*domain)->smb_conf());
  internal::SetVariable(env, "CROSSAUTH_TEST_DOMAIN_RUNNING", "1");
  internal::Command command;
  command.argv0 = o.command[0];
  command.program = Resolve(o.command[0], env);
  command.args.assign(o.command.begin() + 1, o.command.end());
  command.env = std::move(env);
  if (command.program.empty()) {
    Fail(absl::StrCat(o.command[0], ": command not found"));
    return kExitCommandNotFound;
  }
  // COMMAND gets the signals a terminal sends; this process ignores them,
  // waits for it and then stops the DC. COMMAND gets their default action
  // back, unless whoever started us ignored them already (a background
  // job's SIGINT and SIGQUIT).
  internal::SpawnOptions spawn_options;
  for (int terminal_signal : {SIGINT, SIGQUIT}) {
    if (signal(terminal_signal, SIG_IGN) != SIG_IGN) {
      spawn_options.default_signals.push_back(terminal_signal);
    }
  }
  absl::StatusOr<pid_t> pid = internal::Spawn(command, spawn_options);
  if (!pid.ok()) {
    Fail(pid.status().message());
    return absl::IsNotFound(pid.status()) ? kExitCommandNotFound
                                          : kExitCannotExecute;
  }
  absl::StatusOr<internal::ExitStatus> ended =
      internal::WaitForChild(*pid, absl::InfiniteDuration());
  absl::Status stopped = (*domain)->Stop();
  if (!stopped.ok()) Fail(absl::StrCat("warning: ", stopped.message()));
  if (!ended.ok()) {
    Fail(ended.status().message());
    return kExitDomainFailed;
  }
  return ended->ShellCode();
}

}  // namespace
}  // namespace crossauth_testing

int main(int argc, char** argv) {
  absl::StatusOr<crossauth_testing::Options> options =
      crossauth_testing::Parse(argc, argv);
  if (!options.ok()) {
    crossauth_testing::Fail(options.status().message());
    fprintf(stderr, "Try 'crossauth-test-domain --help'.\n");
    return crossauth_testing::kExitUsage;
  }
  if (options->help) {
    fputs(crossauth_testing::kHelp, stdout);
    return fflush(stdout) == 0 ? crossauth_testing::kExitOk
                               : crossauth_testing::kExitDomainFailed;
  }
  return crossauth_testing::Run(*options);
}
