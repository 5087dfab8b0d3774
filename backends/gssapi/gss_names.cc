// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_names.h"

#include <krb5/krb5.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"

namespace crossauth {
namespace internal {
namespace {

absl::Status Krb5Error(krb5_context context, absl::string_view call,
                       krb5_error_code code) {
  const char* text = krb5_get_error_message(context, code);
  // The text may quote the host name, which came from the caller.
  absl::Status status = ReasonedError(
      absl::StatusCode::kNotFound,
      absl::StrCat(call, ": ", ShownText(text), "; ", kHintUnknownRealm),
      ErrorReason::kUnknownRealm);
  krb5_free_error_message(context, text);
  return status;
}

}  // namespace

absl::StatusOr<std::string> TargetPrincipal(const TargetName& target) {
  if (target.kind == TargetName::Kind::kPrincipal) return target.principal;
  krb5_context context = nullptr;
  krb5_error_code code = krb5_init_context(&context);
  if (code != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("krb5_init_context failed (", code,
                     "); check KRB5_CONFIG and "
                     "krb5.conf"));
  }
  std::string realm;
  char** realms = nullptr;
  code = krb5_get_host_realm(context, target.host.c_str(), &realms);
  if (code == 0 && realms != nullptr && realms[0] != nullptr) {
    realm = realms[0];
  }
  if (realms != nullptr) krb5_free_host_realm(context, realms);
  if (code != 0) {
    absl::Status status = Krb5Error(context, "krb5_get_host_realm", code);
    krb5_free_context(context);
    return status;
  }
  // No [domain_realm] mapping (the referral realm ""): the default realm.
  if (realm.empty()) {
    char* default_realm = nullptr;
    code = krb5_get_default_realm(context, &default_realm);
    if (code != 0) {
      absl::Status status = Krb5Error(context, "krb5_get_default_realm", code);
      krb5_free_context(context);
      return status;
    }
    realm = default_realm;
    krb5_free_default_realm(context, default_realm);
  }
  krb5_free_context(context);
  return absl::StrCat(target.service, "/", target.host, "@", realm);
}

}  // namespace internal
}  // namespace crossauth
