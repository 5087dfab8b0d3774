// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_names.h: the Kerberos principal a target names.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_NAMES_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "backends/gssapi/gss_library.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// PrincipalRealm()
//
// The realm of a principal's text: what follows its last unescaped '@'
// ("HTTP/web@R" gives "R", and so does "a\@b@R"); empty when it has none.
// A view into `principal`.
absl::string_view PrincipalRealm(absl::string_view principal);

// TargetPrincipal()
//
// "service/host@REALM" for a host-based target whose host was already
// canonicalized by crossauth's policy, with the realm from krb5.conf's
// [domain_realm] or, without a mapping, the default realm; a principal
// target unchanged. Importing this as a Kerberos principal name keeps MIT
// from canonicalizing the host again through DNS.
//
// The realm is looked up with the provider's one krb5 context (Krb5Context
// in gss_library.h), never a context of its own. The result is not cached
// here: GssCredential::Target() keeps it, with the imported name, for the
// credential's life.
absl::StatusOr<std::string> TargetPrincipal(const GssProvider& provider,
                                            const TargetName& target);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_NAMES_H_
