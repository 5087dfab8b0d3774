// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_names.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"

namespace crossauth {
namespace internal {
namespace {

absl::Status Krb5Error(const GssLibrary& lib, krb5_context context,
                       absl::string_view call, krb5_error_code code) {
  const char* text = lib.get_error_message(context, code);
  // The text may quote the host name, which came from the caller.
  absl::Status status = ReasonedError(
      absl::StatusCode::kNotFound,
      absl::StrCat(call, ": ", ShownText(text), "; ", kHintUnknownRealm),
      ErrorReason::kUnknownRealm);
  lib.free_error_message(context, text);
  return status;
}

// The realm of `host`, with the context held by Krb5Context::Run().
absl::StatusOr<std::string> HostRealm(const GssLibrary& lib,
                                      krb5_context context,
                                      const std::string& host) {
  std::string realm;
  char** realms = nullptr;
  krb5_error_code code = lib.get_host_realm(context, host.c_str(), &realms);
  if (code == 0 && realms != nullptr && realms[0] != nullptr) {
    realm = realms[0];
  }
  if (realms != nullptr) lib.free_host_realm(context, realms);
  if (code != 0) return Krb5Error(lib, context, "krb5_get_host_realm", code);
  // No [domain_realm] mapping (the referral realm ""): the default realm.
  if (realm.empty()) {
    char* default_realm = nullptr;
    code = lib.get_default_realm(context, &default_realm);
    if (code != 0) {
      return Krb5Error(lib, context, "krb5_get_default_realm", code);
    }
    realm = default_realm;
    lib.free_default_realm(context, default_realm);
  }
  return realm;
}

}  // namespace

absl::string_view PrincipalRealm(absl::string_view principal) {
  for (size_t at = principal.rfind('@'); at != absl::string_view::npos;
       at = at == 0 ? absl::string_view::npos : principal.rfind('@', at - 1)) {
    size_t backslashes = 0;
    while (backslashes < at && principal[at - 1 - backslashes] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) return principal.substr(at + 1);
  }
  return {};
}

absl::StatusOr<std::string> TargetPrincipal(const GssProvider& provider,
                                            const TargetName& target) {
  if (target.kind == TargetName::Kind::kPrincipal) return target.principal;
  const GssLibrary& lib = *provider.library;
  absl::StatusOr<std::string> realm;
  krb5_error_code code = provider.krb5.Run([&](krb5_context context) {
    realm = HostRealm(lib, context, target.host);
  });
  if (code != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("krb5_init_context failed (", code,
                     "); check KRB5_CONFIG and krb5.conf"));
  }
  if (!realm.ok()) return realm.status();
  return absl::StrCat(target.service, "/", target.host, "@", *realm);
}

}  // namespace internal
}  // namespace crossauth
