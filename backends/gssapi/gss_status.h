// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_status.h: turning GSS-API status codes into absl::Status values.
//
// One mapping function per native call. Each splits the major status into
// its calling error, routine error and supplementary bits, looks at the
// minor code where the mechanism is Kerberos, turns them into a Cause, and
// takes the code and hint for that cause in the call's Phase from the shared
// table (backends/common/hints.h). The status carries a NativeError payload
// (codes, the library's own text from a bounded gss_display_status loop, and
// the hint).

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/credential.h"

namespace crossauth {
namespace internal {

absl::Status MapImportNameStatus(const GssProvider& provider, OM_uint32 major,
                                 OM_uint32 minor, absl::string_view name);
absl::Status MapDisplayNameStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor);
// `options` tell the side (an acceptor's failure is about its keytab, an
// initiator's about its tickets) and the keytab file to check.
absl::Status MapAcquireCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor,
                                  const CredentialOptions& options);
absl::Status MapInquireCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor);
absl::Status MapSetNegMechsStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor);
absl::Status MapStoreCredStatus(const GssProvider& provider, OM_uint32 major,
                                OM_uint32 minor);
absl::Status MapIndicateMechsStatus(const GssProvider& provider,
                                    OM_uint32 major, OM_uint32 minor);
absl::Status MapReleaseCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor);
// `server_token`: the call was given the server's token (a later step, which
// checks the server's reply) rather than starting the exchange.
absl::Status MapInitSecContextStatus(const GssProvider& provider,
                                     OM_uint32 major, OM_uint32 minor,
                                     gss_OID mech, absl::string_view target,
                                     bool server_token);
absl::Status MapAcceptSecContextStatus(const GssProvider& provider,
                                       OM_uint32 major, OM_uint32 minor,
                                       gss_OID mech);
absl::Status MapInquireContextStatus(const GssProvider& provider,
                                     OM_uint32 major, OM_uint32 minor);
absl::Status MapDeleteSecContextStatus(const GssProvider& provider,
                                       OM_uint32 major, OM_uint32 minor);
absl::Status MapWrapStatus(const GssProvider& provider, OM_uint32 major,
                           OM_uint32 minor);
absl::Status MapGetMicStatus(const GssProvider& provider, OM_uint32 major,
                             OM_uint32 minor);
// For gss_unwrap and gss_verify_mic: also an error when the call succeeded
// but flagged the token as a duplicate, too old, out of order or after a
// gap (the supplementary bits), because the caller asked for replay and
// sequence detection.
absl::Status MapUnwrapStatus(const GssProvider& provider, OM_uint32 major,
                             OM_uint32 minor);
absl::Status MapVerifyMicStatus(const GssProvider& provider, OM_uint32 major,
                                OM_uint32 minor);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_
