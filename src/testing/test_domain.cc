// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// test_domain.cc: TestDomain, Samba's AD DC in private namespaces.

#include "crossauth/testing/test_domain.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/testing/realm_files.h"
#include "src/testing/subprocess.h"
#include "src/testing/test_realm_state.h"

namespace crossauth_testing {
namespace {

constexpr char kRealm[] = "AD.CROSSAUTH.TEST";
constexpr char kNetbios[] = "ADTEST";
constexpr char kDnsDomain[] = "ad.crossauth.test";
constexpr char kDcHost[] = "dc1.ad.crossauth.test";
constexpr char kAdminPassword[] = "Admin-Pa55word!";
// The DC's fixed home inside the private tmpfs over /var/lib/samba: the
// provisioned files name it, so the cache is copied back to the same path.
constexpr char kDcDirectory[] = "/var/lib/samba/dc";
constexpr char kSmbConf[] = "/var/lib/samba/dc/etc/smb.conf";
constexpr char kHostsFile[] = "/run/samba/crossauth-hosts";
// Set by crossauth-test-domain in its COMMAND's environment.
constexpr char kRunningVariable[] = "CROSSAUTH_TEST_DOMAIN_RUNNING";
constexpr char kSambaHint[] =
    "install Debian's samba, samba-dsdb-modules, samba-ad-provision, "
    "samba-vfs-modules, winbind and krb5-user packages (apt-get install "
    "--no-install-recommends ...)";
constexpr absl::Duration kToolTimeout = absl::Seconds(60);
constexpr absl::Duration kProvisionTimeout = absl::Seconds(180);
constexpr absl::Duration kStartTimeout = absl::Seconds(60);

const char* const kTmpfsDirectories[] = {"/run/samba", "/var/lib/samba",
                                         "/var/cache/samba", "/var/log/samba",
                                         "/etc/samba"};

bool entered_namespaces = false;

std::string Errno(absl::string_view what) {
  return absl::StrCat(what, ": ", strerror(errno));
}

int CountThreads() {
  std::error_code error;
  int count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/task", error), end;
       !error && it != end && count < 100000; it.increment(error)) {
    ++count;
  }
  return error ? -1 : count;
}

absl::Status BringLoopbackUp() {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(Errno("socket"));
  struct ifreq request;
  memset(&request, 0, sizeof(request));
  strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  absl::Status status;
  if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
    status = absl::InternalError(Errno("SIOCGIFFLAGS lo"));
  } else {
    request.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) {
      status = absl::InternalError(Errno("SIOCSIFFLAGS lo"));
    }
  }
  close(fd);
  return status;
}

bool PortAnswers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  struct sockaddr_in address;
  memset(&address, 0, sizeof(address));
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<struct sockaddr*>(&address),
                    sizeof(address)) == 0;
  close(fd);
  return ok;
}

// Names that travel as samba-tool arguments.
absl::Status CheckName(absl::string_view what, absl::string_view name) {
  if (name.empty() || name.size() > 200 || name[0] == '-') {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be 1-200 characters, not starting with '-'"));
  }
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x21 || u == 0x7f || c == '"' || c == '\'' || c == '\\' ||
        c == ',' || c == ';' || c == '=') {
      return absl::InvalidArgumentError(absl::StrCat(
          what, " \"", absl::CEscape(name),
          "\" contains a blank, quote, control or special character"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPassword(absl::string_view password) {
  if (password.empty() || password.size() > 256 || password[0] == '-') {
    return absl::InvalidArgumentError(
        "the password must be 1-256 characters, not starting with '-'");
  }
  for (char c : password) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return absl::InvalidArgumentError(
          "the password contains a control character");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status EnterDomainNamespaces() {
  if (entered_namespaces) return absl::OkStatus();
  if (geteuid() != 0) {
    return absl::FailedPreconditionError(
        "TestDomain needs root: it runs Samba's AD DC in private network and "
        "mount namespaces (unshare(CLONE_NEWNET | CLONE_NEWNS))");
  }
  int threads = CountThreads();
  if (threads != 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "TestDomain must enter its namespaces while the process has one "
        "thread, but it has ",
        threads, ": start the domain first (from main() or SetUpTestSuite())"));
  }
  if (unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) {
    return absl::InternalError(Errno("unshare(CLONE_NEWNET | CLONE_NEWNS)"));
  }
  entered_namespaces = true;
  // From here on nothing reaches the host's mount table.
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return absl::InternalError(Errno("making / private"));
  }
  absl::Status status = BringLoopbackUp();
  if (!status.ok()) return status;
  for (const char* directory : kTmpfsDirectories) {
    std::error_code ignored;
    std::filesystem::create_directories(directory, ignored);
    if (mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") !=
        0) {
      return absl::InternalError(
          Errno(absl::StrCat("mounting tmpfs on ", directory)));
    }
  }
  status = internal::WriteFile(
      kHostsFile, absl::StrCat("127.0.0.1\tlocalhost\n::1\tlocalhost\n",
                               "127.0.0.1\t", kDcHost, " dc1\n"));
  if (!status.ok()) return status;
  chmod(kHostsFile, 0644);
  if (mount(kHostsFile, "/etc/hosts", nullptr, MS_BIND, nullptr) != 0) {
    return absl::InternalError(Errno("bind-mounting the private /etc/hosts"));
  }
  return absl::OkStatus();
}

struct TestDomain::State {
  TestDomainOptions options;
  std::string realm = kRealm;
  std::string netbios = kNetbios;
  std::string dc_host = kDcHost;
  std::string smb_conf = kSmbConf;
  std::string directory;
  std::string krb5_conf;
  std::string service_keytab;
  std::string ccache;
  std::string rcache_dir;
  std::string gss_mech;
  std::string samba_log;
  std::string samba;
  std::string samba_tool;
  std::string kinit;
  pid_t samba_pid = -1;

  internal::Environment ToolEnvironment() const {
    return {{"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"},
            {"LC_ALL", "C"},
            {"HOME", directory},
            {"KRB5_CONFIG", krb5_conf},
            {"KRB5CCNAME", ccache},
            {"GSS_MECH_CONFIG", gss_mech}};
  }

  absl::StatusOr<internal::ToolResult> Run(const std::string& program,
                                           std::vector<std::string> args,
                                           absl::string_view input,
                                           absl::Duration timeout) const {
    return internal::RunTool(
        internal::Command(program, std::move(args), ToolEnvironment()), input,
        timeout);
  }

  std::string SambaLogTail() const {
    absl::StatusOr<std::string> text = internal::ReadFile(samba_log);
    if (!text.ok() || text->empty()) return "(samba wrote no log)";
    return internal::Tail(*text, 15);
  }
};

namespace {

// Maps samba-tool's failure text to a status.
absl::Status SambaToolError(const std::vector<std::string>& args,
                            const internal::ToolResult& result,
                            const std::vector<std::string>& secrets) {
  std::string text = internal::ToolOutput(result, secrets);
  std::string what =
      absl::StrCat("samba-tool ", args.empty() ? "" : args[0],
                   args.size() > 1 ? absl::StrCat(" ", args[1]) : "",
                   " failed (", result.status.Describe(), "): ", text);
  if (absl::StrContains(text, "already exists")) {
    return absl::AlreadyExistsError(what);
  }
  if (absl::StrContains(text, "Unable to find") ||
      absl::StrContains(text, "No such object")) {
    return absl::NotFoundError(what);
  }
  if (absl::StrContains(text, "check_password_restrictions") ||
      absl::StrContains(text, "password is too short") ||
      absl::StrContains(text, "complexity")) {
    return absl::InvalidArgumentError(what);
  }
  return absl::InternalError(what);
}

absl::StatusOr<std::string> MakeRunDirectory(std::string parent) {
  if (parent.empty()) {
    const char* tmpdir = getenv("TMPDIR");
    parent = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  }
  std::string pattern =
      absl::StrCat(absl::StripSuffix(parent, "/"), "/crossauth-domain-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(
        Errno(absl::StrCat("cannot create a directory in ", parent)));
  }
  return pattern;
}

std::string CacheDirectory(const TestDomainOptions& options) {
  if (!options.cache_directory.empty()) return options.cache_directory;
  const char* cache = getenv("CROSSAUTH_TEST_DOMAIN_CACHE");
  if (cache != nullptr && *cache != '\0') return cache;
  const char* tmpdir = getenv("TMPDIR");
  std::string parent = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  return absl::StrCat(absl::StripSuffix(parent, "/"),
                      "/crossauth-test-domain-cache");
}

// The cache is copied into the DC's directory and run as root, so only a
// directory of this user's that nobody else can write is trusted: one that
// another local user made first at the predictable default path could
// plant any smb.conf. Creates it (mode 0700) when missing.
absl::Status CheckCacheDirectory(const std::string& cache) {
  if (mkdir(cache.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::FailedPreconditionError(
        Errno(absl::StrCat("cannot create the cache directory ", cache)));
  }
  struct stat info;
  if (lstat(cache.c_str(), &info) != 0) {
    return absl::FailedPreconditionError(
        Errno(absl::StrCat("cannot inspect the cache directory ", cache)));
  }
  if (!S_ISDIR(info.st_mode) || info.st_uid != geteuid() ||
      (info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the TestDomain cache directory ", cache, " is not a directory of uid ",
        geteuid(),
        " that only it can write (a symbolic link, another owner, or group "
        "or world write permission); remove it, or set "
        "CROSSAUTH_TEST_DOMAIN_CACHE or TestDomainOptions::cache_directory"));
  }
  return absl::OkStatus();
}

}  // namespace

TestDomain::TestDomain(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

TestDomain::~TestDomain() {
  Stop().IgnoreError();
  std::error_code ignored;
  std::filesystem::remove_all(state_->directory, ignored);
}

absl::StatusOr<std::unique_ptr<TestDomain>> TestDomain::Start(
    TestDomainOptions options) {
  auto state = std::make_unique<State>();
  std::vector<std::string> dirs = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};
  state->samba = internal::FindExecutable("samba", dirs);
  state->samba_tool = internal::FindExecutable("samba-tool", dirs);
  state->kinit = internal::FindExecutable("kinit", dirs);
  if (state->samba.empty() || state->samba_tool.empty() ||
      state->kinit.empty()) {
    return absl::NotFoundError(
        absl::StrCat("samba, samba-tool or kinit is missing: ", kSambaHint));
  }
  const char* running = getenv(kRunningVariable);
  if (running != nullptr && absl::string_view(running) == "1") {
    return absl::FailedPreconditionError(
        "a TestDomain already runs around this process (crossauth-test-domain "
        "run set CROSSAUTH_TEST_DOMAIN_RUNNING): use its environment "
        "(KRB5_CONFIG, CROSSAUTH_TEST_DOMAIN_SMB_CONF) instead of a second DC");
  }
  // Before anything changes: a refused cache leaves the process as it was.
  // (Without root, EnterDomainNamespaces() refuses first.)
  if (geteuid() == 0) {
    if (absl::Status trusted = CheckCacheDirectory(CacheDirectory(options));
        !trusted.ok()) {
      return trusted;
    }
  }
  absl::Status status = EnterDomainNamespaces();
  if (!status.ok()) return status;
  state->options = options;

  absl::StatusOr<std::string> directory =
      MakeRunDirectory(options.parent_directory);
  if (!directory.ok()) return directory.status();
  auto domain = std::unique_ptr<TestDomain>(new TestDomain(std::move(state)));
  State& s = *domain->state_;
  s.directory = *directory;
  s.krb5_conf = s.directory + "/krb5.conf";
  s.service_keytab = s.directory + "/service.keytab";
  s.ccache = "FILE:" + s.directory + "/ccache";
  s.rcache_dir = s.directory + "/rcache";
  s.gss_mech = s.directory + "/gss-mech";
  s.samba_log = s.directory + "/samba.log";
  std::filesystem::create_directories(s.rcache_dir);
  status = internal::WriteFile(s.gss_mech, "");
  if (!status.ok()) return status;
  status = internal::WriteFile(
      s.krb5_conf,
      absl::StrCat("[libdefaults]\n  default_realm = ", kRealm,
                   "\n  dns_lookup_kdc = false\n  dns_lookup_realm = false\n"
                   "  rdns = false\n  dns_canonicalize_hostname = false\n"
                   "  forwardable = true\n"
                   "  udp_preference_limit = 1\n\n[realms]\n  ",
                   kRealm, " = {\n    kdc = 127.0.0.1\n    admin_server = ",
                   "127.0.0.1\n  }\n\n[domain_realm]\n  .", kDnsDomain, " = ",
                   kRealm, "\n  ", kDnsDomain, " = ", kRealm, "\n"));
  if (!status.ok()) return status;

  // The DC's files: a copy of the cache, or a new provision that fills it.
  std::error_code error;
  std::filesystem::remove_all(kDcDirectory, error);
  std::string cache = CacheDirectory(options);
  // The name changes whenever the provisioning options change, so that an
  // older cache is never used.
  std::string cached = cache + "/dc-1";
  if (!std::filesystem::exists(cached + "/etc/smb.conf", error)) {
    std::vector<std::string> args = {
        "domain",
        "provision",
        absl::StrCat("--realm=", kRealm),
        absl::StrCat("--domain=", kNetbios),
        "--server-role=dc",
        "--dns-backend=NONE",
        "--use-rfc2307",
        absl::StrCat("--targetdir=", kDcDirectory),
        "--host-name=dc1",
        "--host-ip=127.0.0.1",
        absl::StrCat("--adminpass=", kAdminPassword),
        "--option=interfaces = lo",
        "--option=bind interfaces only = yes",
        "--option=server services = s3fs, rpc, cldap, kdc, ldap, winbindd"};
    absl::StatusOr<internal::ToolResult> result =
        s.Run(s.samba_tool, args, "", kProvisionTimeout);
    if (!result.ok()) return result.status();
    if (!result->status.Success()) {
      return absl::InternalError(absl::StrCat(
          "samba-tool domain provision failed (", result->status.Describe(),
          "): ", internal::ToolOutput(*result, {kAdminPassword})));
    }
    // Passwords that never expire, whenever the cache was made.
    absl::StatusOr<std::string> settings =
        domain->SambaTool({"domain", "passwordsettings", "set",
                           "--max-pwd-age=0", "--min-pwd-age=0"});
    if (!settings.ok()) return settings.status();
    std::filesystem::create_directories(cache, error);
    std::string temporary =
        absl::StrCat(cache, "/dc.tmp.", static_cast<long>(getpid()));
    std::filesystem::remove_all(temporary, error);
    result = s.Run("/bin/cp", {"-a", kDcDirectory, temporary}, "",
                   kProvisionTimeout);
    if (!result.ok()) return result.status();
    if (!result->status.Success() ||
        rename(temporary.c_str(), cached.c_str()) != 0) {
      // Another suite filled the cache first, or the cache is unusable:
      // this run still has its own provision.
      std::filesystem::remove_all(temporary, error);
    }
  } else {
    absl::StatusOr<internal::ToolResult> result =
        s.Run("/bin/cp", {"-a", cached, kDcDirectory}, "", kProvisionTimeout);
    if (!result.ok()) return result.status();
    if (!result->status.Success()) {
      return absl::InternalError(
          absl::StrCat("copying the cached domain ", cached,
                       " failed: ", internal::ToolOutput(*result, {})));
    }
  }

  internal::SpawnOptions spawn;
  spawn.output_path = s.samba_log;
  spawn.null_stdin = true;
  spawn.new_process_group = true;
  spawn.terminate_with_parent = true;
  absl::StatusOr<pid_t> pid = internal::Spawn(
      internal::Command(s.samba, {"-i", "-M", "single", "-s", kSmbConf},
                        s.ToolEnvironment()),
      spawn);
  if (!pid.ok()) return pid.status();
  s.samba_pid = *pid;
  absl::Time deadline = absl::Now() + kStartTimeout;
  while (!PortAnswers(88)) {
    absl::StatusOr<internal::ExitStatus> ended =
        internal::WaitForChild(s.samba_pid, absl::Milliseconds(50));
    if (ended.ok()) {
      s.samba_pid = -1;
      return absl::InternalError(
          absl::StrCat("samba ended (", ended->Describe(),
                       ") before its KDC answered:\n", s.SambaLogTail()));
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "samba's KDC did not answer on 127.0.0.1:88 within ",
          absl::FormatDuration(kStartTimeout), ":\n", s.SambaLogTail()));
    }
  }
  return domain;
}

absl::Status TestDomain::Stop() {
  if (state_->samba_pid < 0) return absl::OkStatus();
  bool killed = false;
  absl::StatusOr<internal::ExitStatus> status =
      internal::TerminateChild(state_->samba_pid, absl::Seconds(10), &killed);
  state_->samba_pid = -1;
  if (!status.ok()) return status.status();
  if (killed) {
    return absl::InternalError(
        absl::StrCat("samba had to be killed:\n", state_->SambaLogTail()));
  }
  return absl::OkStatus();
}

const std::string& TestDomain::realm() const { return state_->realm; }
const std::string& TestDomain::netbios_domain() const {
  return state_->netbios;
}
const std::string& TestDomain::dc_host() const { return state_->dc_host; }
const std::string& TestDomain::directory() const { return state_->directory; }
const std::string& TestDomain::krb5_config() const { return state_->krb5_conf; }
const std::string& TestDomain::service_keytab() const {
  return state_->service_keytab;
}
const std::string& TestDomain::default_ccache() const { return state_->ccache; }
const std::string& TestDomain::smb_conf() const { return state_->smb_conf; }

std::string TestDomain::Principal(absl::string_view name) const {
  return absl::StrCat(name, "@", state_->realm);
}

std::string TestDomain::HostName(absl::string_view short_name) {
  std::string host = absl::StrContains(short_name, '.')
                         ? std::string(short_name)
                         : absl::StrCat(short_name, ".", kDnsDomain);
  absl::StatusOr<std::string> hosts = internal::ReadFile(kHostsFile);
  std::string line = absl::StrCat("127.0.0.1\t", host, "\n");
  if (hosts.ok() && !absl::StrContains(*hosts, line)) {
    // Appended in place: /etc/hosts is bound to this file's inode, which a
    // rename would replace.
    int fd = open(kHostsFile, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd >= 0) {
      ssize_t written = write(fd, line.data(), line.size());
      (void)written;
      close(fd);
    }
  }
  return host;
}

absl::StatusOr<std::string> TestDomain::SambaTool(
    const std::vector<std::string>& args) {
  std::vector<std::string> full = args;
  full.push_back("-s");
  full.push_back(state_->smb_conf);
  absl::StatusOr<internal::ToolResult> result =
      state_->Run(state_->samba_tool, full, "", kToolTimeout);
  if (!result.ok()) return result.status();
  if (!result->status.Success()) return SambaToolError(args, *result, {});
  return result->out;
}

absl::Status TestDomain::AddUser(absl::string_view name,
                                 absl::string_view password) {
  absl::Status status = CheckName("the user name", name);
  if (!status.ok()) return status;
  status = CheckPassword(password);
  if (!status.ok()) return status;
  std::vector<std::string> args = {
      "user", "add",           std::string(name), std::string(password),
      "-s",   state_->smb_conf};
  absl::StatusOr<internal::ToolResult> result =
      state_->Run(state_->samba_tool, args, "", kToolTimeout);
  if (!result.ok()) return result.status();
  if (!result->status.Success()) {
    return SambaToolError({"user", "add"}, *result, {std::string(password)});
  }
  return absl::OkStatus();
}

absl::Status TestDomain::AddGroup(absl::string_view name) {
  absl::Status status = CheckName("the group name", name);
  if (!status.ok()) return status;
  return SambaTool({"group", "add", std::string(name)}).status();
}

absl::Status TestDomain::AddGroupMember(absl::string_view group,
                                        absl::string_view member) {
  absl::Status status = CheckName("the group name", group);
  if (!status.ok()) return status;
  status = CheckName("the member name", member);
  if (!status.ok()) return status;
  return SambaTool(
             {"group", "addmembers", std::string(group), std::string(member)})
      .status();
}

absl::Status TestDomain::ExportKeytab(absl::string_view principal,
                                      absl::string_view path) {
  absl::Status status = CheckName("the principal", principal);
  if (!status.ok()) return status;
  return SambaTool({"domain", "exportkeytab", std::string(path),
                    absl::StrCat("--principal=", principal)})
      .status();
}

absl::StatusOr<std::string> TestDomain::AddServiceAccount(
    absl::string_view account, absl::string_view spn) {
  absl::Status status = CheckName("the account name", account);
  if (!status.ok()) return status;
  status = CheckName("the SPN", spn);
  if (!status.ok()) return status;
  std::vector<absl::string_view> parts = absl::StrSplit(spn, '/');
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the SPN must be SERVICE/HOST, for example HTTP/web, not ", spn));
  }
  std::string full_spn = absl::StrCat(parts[0], "/", HostName(parts[1]));
  absl::StatusOr<std::string> out =
      SambaTool({"user", "add", std::string(account), "--random-password"});
  if (!out.ok()) return out.status();
  out = SambaTool({"spn", "add", full_spn, std::string(account)});
  if (!out.ok()) return out.status();
  // msDS-SupportedEncryptionTypes = 24 (AES128 | AES256): without it, the
  // KDC issues RC4 tickets for the account. samba-tool has no command for
  // it, so Samba's own Python bindings apply an LDIF modification.
  absl::StatusOr<std::string> dn =
      SambaTool({"user", "show", std::string(account), "--attributes=dn"});
  if (!dn.ok()) return dn.status();
  std::string account_dn;
  for (absl::string_view line : absl::StrSplit(*dn, '\n')) {
    if (absl::ConsumePrefix(&line, "dn: ")) {
      account_dn = std::string(absl::StripAsciiWhitespace(line));
    }
  }
  if (account_dn.empty()) {
    return absl::InternalError(
        absl::StrCat("samba-tool user show printed no dn for ", account));
  }
  status = ModifyLdif(absl::StrCat(
      "dn: ", account_dn,
      "\nchangetype: modify\nreplace: msDS-SupportedEncryptionTypes\n"
      "msDS-SupportedEncryptionTypes: 24\n"));
  if (!status.ok()) return status;
  status = ExportKeytab(full_spn, state_->service_keytab);
  if (!status.ok()) return status;
  status = ExportKeytab(Principal(account), state_->service_keytab);
  if (!status.ok()) return status;
  return Principal(full_spn);
}

absl::Status TestDomain::ModifyLdif(absl::string_view ldif) {
  static constexpr char kScript[] =
      "import sys\n"
      "from samba.samdb import SamDB\n"
      "from samba.param import LoadParm\n"
      "from samba.auth import system_session\n"
      "lp = LoadParm()\n"
      "lp.load(sys.argv[1])\n"
      "db = SamDB(lp.samdb_url(), session_info=system_session(), lp=lp)\n"
      "db.modify_ldif(sys.stdin.read())\n";
  absl::StatusOr<internal::ToolResult> result =
      state_->Run("/usr/bin/python3", {"-c", kScript, state_->smb_conf}, ldif,
                  kToolTimeout);
  if (!result.ok()) return result.status();
  if (!result->status.Success()) {
    std::string text = internal::ToolOutput(*result, {});
    std::string what = absl::StrCat("the LDIF modification failed (",
                                    result->status.Describe(), "): ", text);
    if (absl::StrContains(text, "No such object")) {
      return absl::NotFoundError(what);
    }
    return absl::InternalError(what);
  }
  return absl::OkStatus();
}

absl::Status TestDomain::AllowDelegation(absl::string_view account,
                                         absl::string_view target_spn,
                                         bool any_protocol) {
  absl::Status status = CheckName("the account name", account);
  if (!status.ok()) return status;
  status = CheckName("the target SPN", target_spn);
  if (!status.ok()) return status;
  absl::StatusOr<std::string> out =
      SambaTool({"delegation", "add-service", std::string(account),
                 std::string(target_spn)});
  if (!out.ok()) return out.status();
  if (any_protocol) {
    out = SambaTool(
        {"delegation", "for-any-protocol", std::string(account), "on"});
    if (!out.ok()) return out.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> TestDomain::Sid(absl::string_view name) {
  absl::Status status = CheckName("the name", name);
  if (!status.ok()) return status;
  // `user show` finds users and computer accounts, `group show` groups.
  absl::StatusOr<std::string> out =
      SambaTool({"user", "show", std::string(name), "--attributes=objectSid"});
  if (absl::IsNotFound(out.status())) {
    out = SambaTool(
        {"group", "show", std::string(name), "--attributes=objectSid"});
  }
  if (!out.ok()) return out.status();
  for (absl::string_view line : absl::StrSplit(*out, '\n')) {
    if (absl::ConsumePrefix(&line, "objectSid: ")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return absl::NotFoundError(absl::StrCat(name, " has no objectSid"));
}

absl::StatusOr<std::string> TestDomain::DomainSid() {
  // Domain Users is <domain SID>-513 in every domain.
  absl::StatusOr<std::string> out =
      SambaTool({"group", "show", "Domain Users", "--attributes=objectSid"});
  if (!out.ok()) return out.status();
  for (absl::string_view line : absl::StrSplit(*out, '\n')) {
    if (absl::ConsumePrefix(&line, "objectSid: ") &&
        absl::ConsumeSuffix(&line, "-513")) {
      return std::string(line);
    }
  }
  return absl::InternalError("Domain Users has no objectSid ending in -513");
}

absl::Status TestDomain::Kinit(absl::string_view name,
                               absl::string_view password,
                               absl::string_view ccache) {
  absl::Status status = CheckName("the principal", name);
  if (!status.ok()) return status;
  status = CheckPassword(password);
  if (!status.ok()) return status;
  std::string cache = ccache.empty() ? state_->ccache : std::string(ccache);
  absl::StatusOr<internal::ToolResult> result =
      state_->Run(state_->kinit, {"-c", cache, std::string(name)},
                  absl::StrCat(password, "\n"), kToolTimeout);
  if (!result.ok()) return result.status();
  if (result->status.Success()) return absl::OkStatus();
  std::string text = internal::ToolOutput(*result, {std::string(password)});
  std::string what = absl::StrCat("kinit ", name, " failed: ", text);
  if (absl::StrContains(text, "Password incorrect") ||
      absl::StrContains(text, "Preauthentication failed")) {
    return absl::UnauthenticatedError(what);
  }
  if (absl::StrContains(text, "not found in Kerberos database")) {
    return absl::NotFoundError(what);
  }
  if (absl::StrContains(text, "Cannot contact")) {
    return absl::UnavailableError(what);
  }
  return absl::InternalError(what);
}

absl::Status TestDomain::KinitWithKeytab(absl::string_view name,
                                         absl::string_view keytab_path,
                                         absl::string_view ccache) {
  absl::Status status = CheckName("the principal", name);
  if (!status.ok()) return status;
  std::string cache = ccache.empty() ? state_->ccache : std::string(ccache);
  absl::StatusOr<internal::ToolResult> result =
      state_->Run(state_->kinit,
                  {"-f", "-k", "-t", std::string(keytab_path), "-c", cache,
                   std::string(name)},
                  "", kToolTimeout);
  if (!result.ok()) return result.status();
  if (result->status.Success()) return absl::OkStatus();
  std::string text = internal::ToolOutput(*result, {});
  std::string what = absl::StrCat("kinit -k ", name, " failed: ", text);
  if (absl::StrContains(text, "not found in Kerberos database") ||
      absl::StrContains(text, "No key table entry")) {
    return absl::NotFoundError(what);
  }
  return absl::InternalError(what);
}

std::vector<std::pair<std::string, std::string>> TestDomain::Environment()
    const {
  const State& s = *state_;
  return {{"KRB5_CONFIG", s.krb5_conf},
          {"KRB5CCNAME", s.ccache},
          {"KRB5_KTNAME", "FILE:" + s.service_keytab},
          {"KRB5_CLIENT_KTNAME", "FILE:" + s.directory + "/client.keytab"},
          {"KRB5RCACHEDIR", s.rcache_dir},
          {"GSS_MECH_CONFIG", s.gss_mech},
          {"CROSSAUTH_TEST_DOMAIN_REALM", s.realm},
          {"CROSSAUTH_TEST_DOMAIN_DIR", s.directory}};
}

absl::Status TestDomain::ExportEnvironment() const {
  for (const auto& [name, value] : Environment()) {
    if (setenv(name.c_str(), value.c_str(), 1) != 0) {
      return absl::InternalError(Errno(absl::StrCat("setenv ", name)));
    }
  }
  return absl::OkStatus();
}

absl::Status TestDomain::WriteEnvironmentFile(absl::string_view path) const {
  return internal::WriteFile(std::string(path),
                             internal::EnvironmentFileText(Environment()));
}

}  // namespace crossauth_testing
