// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_status.h: turning GSS-API status codes into absl::Status values.
//
// One table-driven mapping for every call (MapGssStatus), and a function of
// its own only for the calls whose mapping differs. The mapping splits the
// major status into its calling error, routine error and supplementary bits,
// looks at the minor code where the mechanism is Kerberos, turns them into a
// Cause, and takes the code, ErrorReason and hint for that cause in the
// caller's Phase from the shared table (backends/common/hints.h). The status
// carries a NativeError payload (codes, the library's own text from a
// bounded gss_display_status loop, the hint and the reason).

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "backends/common/hints.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/credential.h"

namespace crossauth {
namespace internal {

// MapGssStatus()
//
// The status for `major` and `minor` from `call` (its name, as shown: for
// example "gss_inquire_cred"), with `hints` (the phase, a fallback hint, a
// detail) from the caller. `mech` is the mechanism of the minor code
// (GSS_C_NO_OID when the call has none). OK only when `major` holds no
// error. The calls whose mapping differs have their own functions below.
ABSL_ATTRIBUTE_COLD absl::Status MapGssStatus(const GssProvider& provider,
                                              absl::string_view call,
                                              OM_uint32 major, OM_uint32 minor,
                                              gss_OID mech = GSS_C_NO_OID,
                                              const MapHints& hints = {});

// MapMessageCheck()
//
// For gss_unwrap and gss_verify_mic (`call`): also an error when the call
// succeeded but flagged the token as a duplicate, too old, out of order or
// after a gap (the supplementary bits), because the caller asked for replay
// and sequence detection. Failures are in Phase::kMessage.
absl::Status MapMessageCheck(const GssProvider& provider,
                             absl::string_view call, OM_uint32 major,
                             OM_uint32 minor);

// MapImportNameStatus()
//
// gss_import_name: a failure that has no hint of its own names `name`.
ABSL_ATTRIBUTE_COLD absl::Status MapImportNameStatus(
    const GssProvider& provider, OM_uint32 major, OM_uint32 minor,
    absl::string_view name);

// MapAcquireCredStatus()
//
// gss_acquire_cred_from: `options` tell the side (an acceptor's failure is
// about its keytab, an initiator's about its tickets) and the keytab file to
// check.
ABSL_ATTRIBUTE_COLD absl::Status MapAcquireCredStatus(
    const GssProvider& provider, OM_uint32 major, OM_uint32 minor,
    const CredentialOptions& options);

// MapInitSecContextStatus()
//
// gss_init_sec_context: `server_token` says the call was given the server's
// token (a later step, which checks the server's reply) rather than starting
// the exchange; every failure names `target` (InitiatorHints()).
ABSL_ATTRIBUTE_COLD absl::Status MapInitSecContextStatus(
    const GssProvider& provider, OM_uint32 major, OM_uint32 minor, gss_OID mech,
    absl::string_view target, bool server_token);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_
