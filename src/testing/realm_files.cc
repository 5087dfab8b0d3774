// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/testing/realm_files.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace crossauth_testing {
namespace internal {
namespace {

absl::Status ErrnoStatus(absl::string_view what, int error) {
  return absl::InternalError(absl::StrCat(what, ": ", strerror(error)));
}

// A socket that closes itself.
class Socket {
 public:
  explicit Socket(int type) : fd_(socket(AF_INET, type | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // Bind(): binds 127.0.0.1:`port`; false on any error.
  bool Bind(int port) {
    if (fd_ < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) ==
           0;
  }

  // Port(): the bound port, or 0.
  int Port() const {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      return 0;
    return ntohs(address.sin_port);
  }

 private:
  int fd_;
};

}  // namespace

RealmPaths RealmPaths::ForDirectory(const std::string& directory) {
  RealmPaths paths;
  paths.directory = directory;
  auto in = [&](absl::string_view name) {
    return absl::StrCat(directory, "/", name);
  };
  paths.krb5_conf = in("krb5.conf");
  paths.kdc_conf = in("kdc.conf");
  paths.database = in("principal");
  paths.stash = in("stash");
  paths.acl = in("kadm5.acl");
  paths.kdc_log = in("kdc.log");
  paths.admin_log = in("kadmin.log");
  paths.kdc_output = in("kdc.out");
  paths.kdc_pid_file = in("krb5kdc.pid");
  paths.service_keytab = in("service.keytab");
  paths.client_keytab = in("client.keytab");
  paths.ccache = absl::StrCat("FILE:", in("ccache"));
  paths.rcache_dir = in("rcache");
  paths.gss_mech = in("gss-mech");
  return paths;
}

std::string Krb5Conf(const RealmPaths& paths, const RealmSettings& settings) {
  // The client side must never consult DNS or the host's search domain:
  // every name resolves to this realm and this KDC only. TCP only
  // (udp_preference_limit = 1) keeps large tickets from being truncated.
  return absl::StrCat(
      "# Written by crossauth_testing::TestRealm.\n"
      "[libdefaults]\n"
      "  default_realm = ",
      settings.realm,
      "\n"
      "  dns_lookup_kdc = false\n"
      "  dns_lookup_realm = false\n"
      "  dns_canonicalize_hostname = false\n"
      "  rdns = false\n"
      "  qualify_shortname = \"\"\n"
      "  udp_preference_limit = 1\n"
      "  clockskew = ",
      settings.clock_skew_seconds, "\n",
      settings.kdc_clock_offset_seconds != 0 ? "  kdc_timesync = 0\n" : "",
      "  forwardable = true\n"
      "  ticket_lifetime = ",
      settings.max_life_seconds,
      "\n"
      "  default_ccache_name = ",
      paths.ccache,
      "\n"
      "  default_keytab_name = FILE:",
      paths.service_keytab,
      "\n"
      "  default_client_keytab_name = FILE:",
      paths.client_keytab,
      "\n"
      "\n"
      "[realms]\n"
      "  ",
      settings.realm,
      " = {\n"
      "    kdc = 127.0.0.1:",
      settings.port,
      "\n"
      "  }\n"
      "\n"
      "[domain_realm]\n"
      "  localhost = ",
      settings.realm,
      "\n"
      "  .localhost = ",
      settings.realm, "\n");
}

std::string KdcConf(const RealmPaths& paths, const RealmSettings& settings) {
  // +preauth as in real deployments: a wrong password then fails at the KDC
  // (KDC_ERR_PREAUTH_FAILED) instead of in the client's decryption.
  return absl::StrCat(
      "# Written by crossauth_testing::TestRealm.\n"
      "[kdcdefaults]\n"
      "  kdc_listen = 127.0.0.1:",
      settings.port,
      "\n"
      "  kdc_tcp_listen = 127.0.0.1:",
      settings.port,
      "\n"
      "\n"
      "[realms]\n"
      "  ",
      settings.realm,
      " = {\n"
      "    database_name = ",
      paths.database,
      "\n"
      "    key_stash_file = ",
      paths.stash,
      "\n"
      "    acl_file = ",
      paths.acl,
      "\n"
      "    max_life = ",
      settings.max_life_seconds,
      "\n"
      "    master_key_type = aes256-cts-hmac-sha1-96\n"
      "    supported_enctypes = aes256-cts-hmac-sha1-96:normal\n"
      "    default_principal_flags = +preauth\n"
      "  }\n"
      "\n"
      "[logging]\n"
      "  kdc = FILE:",
      paths.kdc_log,
      "\n"
      "  admin_server = FILE:",
      paths.admin_log,
      "\n"
      "  default = FILE:",
      paths.admin_log, "\n");
}

std::string ShellQuote(absl::string_view text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "'\\''"}}), "'");
}

std::string EnvironmentFileText(const Environment& env) {
  std::string text;
  for (const auto& [name, value] : env) {
    absl::StrAppend(&text, "export ", name, "=", ShellQuote(value), "\n");
  }
  return text;
}

absl::Status WriteFile(const std::string& path, absl::string_view contents) {
  std::string temporary = absl::StrCat(path, ".tmp.", getpid());
  int fd =
      open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(absl::StrCat("create ", temporary), errno);
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      absl::Status status =
          ErrnoStatus(absl::StrCat("write ", temporary), errno);
      close(fd);
      unlink(temporary.c_str());
      return status;
    }
    written += static_cast<size_t>(n);
  }
  if (close(fd) != 0 || rename(temporary.c_str(), path.c_str()) != 0) {
    absl::Status status = ErrnoStatus(absl::StrCat("write ", path), errno);
    unlink(temporary.c_str());
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    absl::Status status = ErrnoStatus(absl::StrCat("open ", path), errno);
    if (errno == ENOENT) return absl::NotFoundError(status.message());
    return status;
  }
  std::string contents;
  char buffer[4096];
  while (contents.size() < (1u << 20)) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      absl::Status status = ErrnoStatus(absl::StrCat("read ", path), errno);
      close(fd);
      return status;
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return contents;
}

absl::StatusOr<int> PickLoopbackPort() {
  for (int attempt = 0; attempt < 20; ++attempt) {
    Socket tcp(SOCK_STREAM);
    if (!tcp.Bind(0)) return ErrnoStatus("bind 127.0.0.1:0", errno);
    int port = tcp.Port();
    if (port == 0) return ErrnoStatus("getsockname", errno);
    Socket udp(SOCK_DGRAM);  // the KDC needs the UDP port too
    if (udp.Bind(port)) return port;
  }
  return absl::UnavailableError(
      "no loopback port was free for both TCP and UDP after 20 tries");
}

int CountTcpListeners(int port) {
  absl::StatusOr<std::string> table = ReadFile("/proc/net/tcp");
  if (!table.ok()) return -1;
  int count = 0;
  bool header = true;
  for (absl::string_view line : absl::StrSplit(*table, '\n')) {
    if (header) {
      header = false;
      continue;
    }
    // "  sl  local_address rem_address   st ...": "0100007F:1F90 ... 0A"
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (fields.size() < 4 || fields[3] != "0A") continue;  // 0A: LISTEN
    size_t colon = fields[1].rfind(':');
    uint32_t local_port = 0;
    if (colon != absl::string_view::npos &&
        absl::SimpleHexAtoi(fields[1].substr(colon + 1), &local_port) &&
        static_cast<int>(local_port) == port) {
      ++count;
    }
  }
  return count;
}

std::string Redact(absl::string_view text,
                   const std::vector<std::string>& secrets) {
  std::string result(text);
  for (const std::string& secret : secrets) {
    if (!secret.empty()) {
      result = absl::StrReplaceAll(result, {{secret, "<redacted>"}});
    }
  }
  return result;
}

absl::StatusOr<std::string> RandomToken() {
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open /dev/urandom", errno);
  char bytes[16];
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = read(fd, bytes + got, sizeof bytes - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return ErrnoStatus("read /dev/urandom", errno);
    }
    got += static_cast<size_t>(n);
  }
  close(fd);
  return absl::BytesToHexString(absl::string_view(bytes, sizeof bytes));
}

}  // namespace internal
}  // namespace crossauth_testing
