// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_status.h: turning GSS-API status codes into absl::Status values.
//
// One mapping function per native call. Each splits the major status into
// its calling error, routine error and supplementary bits, looks at the
// minor code where the mechanism is Kerberos, and returns the most specific
// canonical code with a NativeError payload (codes, the library's own text
// from a bounded gss_display_status loop, and a hint where the cause is a
// known one).

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_STATUS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "backends/gssapi/gss_library.h"

namespace crossauth {
namespace internal {

absl::Status MapImportNameStatus(const GssProvider& provider, OM_uint32 major,
                                 OM_uint32 minor, absl::string_view name);
absl::Status MapDisplayNameStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor);
absl::Status MapAcquireCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor);
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
absl::Status MapInitSecContextStatus(const GssProvider& provider,
                                     OM_uint32 major, OM_uint32 minor,
                                     gss_OID mech, absl::string_view target);
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
