// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth: a diagnostic command for the questions people ask when
// Kerberos fails. See Help() below, or run `crossauth --help`.

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "crossauth/crossauth.h"
#include "peer/common.h"
#include "peer/peer.h"
#include "tools/diagnose.h"

namespace {

constexpr char kHelp[] =
    "Usage: crossauth COMMAND [OPTIONS]\n"
    "\n"
    "Answers the questions people ask when Kerberos fails, with crossauth's\n"
    "own error messages and hints.\n"
    "\n"
    "Commands:\n"
    "  whoami              Shows the default credential (after kinit, or the\n"
    "                      Windows logon): principal, expiry and backend.\n"
    "  check SERVICE@HOST  Gets a ticket for the service and says why not.\n"
    "  serve               Runs the example server: accepts clients, echoes\n"
    "                      their protected messages (MIT gss-client too).\n"
    "  connect             Runs the example client against `crossauth serve`,\n"
    "                      or against MIT's gss-server (--protocol "
    "gss-sample).\n"
    "  help [COMMAND]      Shows this text, or a command's.\n"
    "  --version           Shows crossauth's version and backend.\n"
    "\n"
    "Run `crossauth COMMAND --help` for a command's options and exit codes.\n"
    "Exit status: 0 success, 1 failure, 2 usage error; `check` reports the\n"
    "failure's class in its exit status (see `crossauth check --help`).\n";

constexpr char kWhoamiHelp[] =
    "Usage: crossauth whoami [--mech kerberos|negotiate]\n"
    "\n"
    "Acquires the default initiator credential and prints its principal,\n"
    "when it expires and the backend (gssapi or sspi). With GSS-API the\n"
    "credential comes from the default credential cache (KRB5CCNAME).\n"
    "\n"
    "  --mech M   the mechanism to acquire it for (default kerberos)\n"
    "\n"
    "Exit status: 0 a usable credential, 1 none (the error and a hint, such\n"
    "as \"run kinit\", go to stderr) or an expired one, 2 usage error.\n";

constexpr char kCheckHelp[] =
    "Usage: crossauth check SERVICE@HOST [--mech kerberos|negotiate]\n"
    "\n"
    "Acquires the default credential and starts a client session to the\n"
    "service, which gets a service ticket from the KDC; nothing is sent to\n"
    "the service. Prints \"OK: ...\" with the service principal, or the\n"
    "exact failure and crossauth's hint. SERVICE@HOST may also be a full\n"
    "principal, such as HTTP/web.example.com@EXAMPLE.COM.\n"
    "\n"
    "  --mech M   kerberos (default) or negotiate\n"
    "\n"
    "Exit status:\n"
    "  0  OK: a ticket for the service was obtained\n"
    "  1  another failure (the message says which)\n"
    "  2  usage error\n"
    "  3  no ticket: no credential cache or no TGT in it (run kinit)\n"
    "  4  the ticket or credential has expired (run kinit again)\n"
    "  5  unknown service principal: the KDC does not know SERVICE/HOST\n"
    "  6  realm or DNS: the realm is unknown or cannot be resolved\n"
    "  7  clock skew between this machine and the KDC\n"
    "  8  no KDC answered\n";

constexpr char kServeHelp[] =
    "Usage: crossauth serve [OPTIONS]\n"
    "\n"
    "Runs the example server (crossauth-example-server): authenticates each\n"
    "client mutually, echoes its protected messages and verifies its MIC.\n"
    "It also serves MIT's gss-client.\n"
    "\n";

constexpr char kConnectHelp[] =
    "Usage: crossauth connect --port PORT [OPTIONS]\n"
    "\n"
    "Runs the example client (crossauth-example-client) with the default\n"
    "credential: authenticates mutually and exchanges protected messages.\n"
    "\n";

constexpr char kPeerExit[] =
    "\nExit status: 0 success, 1 failure, 2 usage error.\n";

bool IsHelp(const char* arg) {
  return std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0;
}

int Usage(const char* why, const std::string& help) {
  std::fprintf(stderr, "crossauth: %s\n\n%s", why, help.c_str());
  return crossauth_tool::kUsage;
}

std::string PeerHelp(absl::string_view head, absl::string_view flags) {
  return std::string(head) + std::string(flags) + kPeerExit;
}

// Parses whoami's and check's options: --mech, and for check one target.
bool ParseDiagnoseArgs(int argc, char** argv, bool wants_target,
                       std::string* target, crossauth::Mechanism* mechanism) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mech") == 0 && i + 1 < argc) {
      std::optional<crossauth::Mechanism> parsed =
          crossauth::MechanismFromName(argv[++i]);
      if (!parsed || *parsed == crossauth::Mechanism::kNtlm) return false;
      *mechanism = *parsed;
    } else if (wants_target && target->empty() && argv[i][0] != '-' &&
               argv[i][0] != '\0') {
      *target = argv[i];
    } else {
      return false;
    }
  }
  return !wants_target || !target->empty();
}

int Run(int argc, char** argv) {
  if (argc < 2) return Usage("no command given", kHelp);
  const std::string command = argv[1];
  if (IsHelp(argv[1])) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (command == "--version") {
    if (argc > 2) return Usage("--version takes no arguments", kHelp);
    const absl::string_view version = crossauth::Version();
    const absl::string_view backend = crossauth::BackendName();
    std::printf("crossauth %.*s (%.*s)\n", static_cast<int>(version.size()),
                version.data(), static_cast<int>(backend.size()),
                backend.data());
    return 0;
  }
  // The command's own arguments, with the command in argv[0].
  const int sub_argc = argc - 1;
  char** sub_argv = argv + 1;
  const std::string help =
      command == "whoami"  ? kWhoamiHelp
      : command == "check" ? kCheckHelp
      : command == "serve" ? PeerHelp(kServeHelp, example::ServerFlagsHelp())
      : command == "connect"
          ? PeerHelp(kConnectHelp, example::ClientFlagsHelp())
      : command == "help" ? kHelp
                          : "";
  if (help.empty()) {
    return Usage(("unknown command: " + command).c_str(), kHelp);
  }
  if (command == "help") {
    if (argc > 3) return Usage("help takes at most one command", kHelp);
    if (argc == 2) {
      std::fputs(kHelp, stdout);
      return 0;
    }
    char* again[] = {argv[0], argv[2], const_cast<char*>("--help")};
    return Run(3, again);
  }
  for (int i = 1; i < sub_argc; ++i) {
    if (IsHelp(sub_argv[i])) {
      std::fputs(help.c_str(), stdout);
      return 0;
    }
  }

  if (command == "whoami" || command == "check") {
    std::string target;
    crossauth::Mechanism mechanism = crossauth::Mechanism::kKerberos;
    if (!ParseDiagnoseArgs(sub_argc, sub_argv, command == "check", &target,
                           &mechanism)) {
      return Usage(command == "check" && target.empty()
                       ? "check needs one SERVICE@HOST"
                       : "invalid arguments",
                   help);
    }
    return command == "check" ? crossauth_tool::Check(target, mechanism)
                              : crossauth_tool::Whoami(mechanism);
  }
  if (command == "serve") {
    std::optional<example::ServerConfig> config =
        example::ParseServerFlags(sub_argc, sub_argv);
    if (!config) return Usage("invalid arguments", help);
    return example::RunServer(*config);
  }
  std::optional<example::ClientConfig> config =
      example::ParseClientFlags(sub_argc, sub_argv);
  if (!config) return Usage("invalid arguments", help);
  return example::RunClient(*config);
}

}  // namespace

int main(int argc, char** argv) {
  example::WriteLinesAsTheyCome();
  return Run(argc, argv);
}
