// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "src/core/target_name.h"

#include <string>
#include <string_view>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "src/platform/host_names.h"

namespace crossauth {
namespace internal {
namespace {

// Long enough for any real principal, short enough to keep hostile input
// away from the native parsers.
constexpr size_t kMaxTargetLength = 1024;

constexpr absl::string_view kForms =
    "use \"service@host\" (for example \"HTTP@web.example.com\") or a "
    "principal \"service/host@REALM\"";

ABSL_ATTRIBUTE_COLD absl::Status Malformed(absl::string_view target,
                                           absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("target \"", target, "\" ", why, "; ", kForms));
}

}  // namespace

absl::StatusOr<TargetName> ParseTargetName(absl::string_view target) {
  if (target.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("target is empty; ", kForms));
  }
  if (target.size() > kMaxTargetLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("target is ", target.size(), " bytes long; at most ",
                     kMaxTargetLength, " are allowed"));
  }
  // Searched as a std::string_view: inline, where Debian's absl::string_view
  // calls into libabsl_strings for each find (cold code on every Start).
  const std::string_view text(target.data(), target.size());
  if (text.find('\0') != std::string_view::npos) {
    // The native call would see only the part before it.
    return absl::InvalidArgumentError(
        "ClientOptions.target contains a NUL byte");
  }
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      // Do not echo the raw bytes: they may be terminal control codes.
      return absl::InvalidArgumentError(absl::StrCat(
          "target contains a space or control character; ", kForms));
    }
  }
  TargetName name;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    std::string_view service = text.substr(0, slash);
    std::string_view rest = text.substr(slash + 1);
    // host[@realm], split by hand rather than into a vector (one
    // allocation fewer per ClientSession::Start).
    const size_t at = rest.find('@');
    if (service.empty()) return Malformed(target, "has no service");
    if (service.find('@') != std::string_view::npos) {
      return Malformed(target, "has '@' before '/'");
    }
    if (at != std::string_view::npos &&
        rest.find('@', at + 1) != std::string_view::npos) {
      return Malformed(target, "has more than one '@'");
    }
    if (rest.substr(0, at).empty()) return Malformed(target, "has no host");
    if (at != std::string_view::npos && at + 1 == rest.size()) {
      return Malformed(target, "has an empty realm");
    }
    name.kind = TargetName::Kind::kPrincipal;
    name.principal = std::string(target);
    return name;
  }
  // service@host, split by hand rather than into a vector (one allocation
  // fewer per ClientSession::Start).
  const size_t at = text.find('@');
  if (at == std::string_view::npos) return Malformed(target, "has no host");
  if (text.find('@', at + 1) != std::string_view::npos) {
    return Malformed(target, "has more than one '@'");
  }
  const std::string_view service = text.substr(0, at);
  const std::string_view host = text.substr(at + 1);
  if (service.empty()) return Malformed(target, "has no service");
  if (host.empty()) return Malformed(target, "has no host");
  name.kind = TargetName::Kind::kHostBased;
  name.service = std::string(service);
  name.host = std::string(host);
  return name;
}

absl::StatusOr<TargetName> ResolveTargetName(const ClientOptions& options) {
  absl::StatusOr<TargetName> name = ParseTargetName(options.target);
  if (!name.ok() || name->kind != TargetName::Kind::kHostBased) return name;
  if (!options.allow_ip_literal && IsIpLiteral(name->host)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "target \"", options.target,
        "\" names an IP address; Kerberos "
        "service principals name hosts, so use the host's name (or set "
        "ClientOptions.allow_ip_literal for a realm that registers IP "
        "principals)"));
  }
  absl::AsciiStrToLower(&name->host);  // in place: no allocation
  if (options.canonicalization == HostCanonicalization::kForwardDns &&
      !IsIpLiteral(name->host)) {
    absl::StatusOr<std::string> canonical = CanonicalHostName(name->host);
    if (!canonical.ok()) return canonical.status();
    name->host = *std::move(canonical);
  }
  return name;
}

}  // namespace internal
}  // namespace crossauth
