// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/platform/host_names.h"

#include <cstring>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "backends/common/native_status.h"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <sys/socket.h>
#include <sys/types.h>
#endif

namespace crossauth {
namespace internal {

bool IsIpLiteral(absl::string_view host) {
  // Host names never contain ':', IPv6 addresses always do.
  if (host.find(':') != absl::string_view::npos) return true;
  std::vector<absl::string_view> parts = absl::StrSplit(host, '.');
  if (parts.size() != 4) return false;
  for (absl::string_view part : parts) {
    int value = 0;
    if (part.empty() || part.size() > 3 || !absl::SimpleAtoi(part, &value) ||
        value < 0 || value > 255 || !absl::ascii_isdigit(part[0])) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> CanonicalHostName(absl::string_view host) {
#ifdef _WIN32
  static const bool started = [] {
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  if (!started) return absl::UnavailableError("WSAStartup failed");
#endif
  addrinfo hints;
  std::memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_CANONNAME;
  addrinfo* result = nullptr;
  const std::string name(host);
  int error = getaddrinfo(name.c_str(), nullptr, &hints, &result);
  if (error != 0 || result == nullptr || result->ai_canonname == nullptr) {
    if (result != nullptr) freeaddrinfo(result);
    return internal::ReasonedError(
        absl::StatusCode::kNotFound,
        absl::StrCat("forward DNS lookup of \"", host, "\" failed (",
                     error != 0 ? gai_strerror(error) : "no canonical name",
                     "); check the host name and DNS, or use "
                     "HostCanonicalization::kNone"),
        ErrorReason::kUnknownHost);
  }
  std::string canonical = absl::AsciiStrToLower(result->ai_canonname);
  freeaddrinfo(result);
  return canonical;
}

}  // namespace internal
}  // namespace crossauth
