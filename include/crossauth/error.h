// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// error.h: what a crossauth failure carries besides its absl::Status code.
//
// Every crossauth call that can fail returns an `absl::Status` (or
// `absl::StatusOr<T>`) with the most specific canonical code and a message
// that reads on its own:
//
//   gss_init_sec_context: Server HTTP/web.example@EXAMPLE.COM not found in
//   Kerberos database (KDC_ERR_S_PRINCIPAL_UNKNOWN); check the service name
//   and its keytab
//
// Failures that come from the native library (GSS-API or SSPI) also carry a
// `NativeError` payload with the raw codes, so that nothing is lost:
//
//   absl::StatusOr<crossauth::StepResult> step = session.Step(token);
//   if (!step.ok()) {
//     if (std::optional<crossauth::NativeError> native =
//             crossauth::GetNativeError(step.status())) {
//       std::cerr << native->call << " major=" << native->major << "\n";
//     }
//     // A failed accept may still have a token (a KRB-ERROR) for the peer.
//     if (std::optional<std::vector<uint8_t>> token =
//             crossauth::GetErrorToken(step.status())) {
//       Send(*token);
//     }
//   }

#ifndef CROSSAUTH_ERROR_H_
#define CROSSAUTH_ERROR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace crossauth {

// NativeError
//
// The native library's own account of a failure. For GSS-API, `major` and
// `minor` are the GSS major and minor status codes and `mechanism` is the
// dotted OID of the mechanism that produced the minor code (empty when none).
// For SSPI, `major` holds the SECURITY_STATUS (as an unsigned 32-bit value)
// and `minor` is 0. `text` is what the native library says about the codes
// (gss_display_status or FormatMessage). `hint` is crossauth's advice when the
// cause is a known one (service name, DNS, realm, clock skew, expired ticket,
// missing keytab entry, replay); it is empty otherwise.
struct NativeError {
  std::string backend;    // "gssapi" or "sspi"
  std::string call;       // for example "gss_init_sec_context"
  uint32_t major = 0;     // GSS major status, or SECURITY_STATUS
  uint32_t minor = 0;     // GSS minor status; 0 for SSPI
  std::string mechanism;  // dotted OID, or empty
  std::string text;       // the native library's text
  std::string hint;       // crossauth's advice, or empty
};

// GetNativeError()
//
// Returns the `NativeError` payload of `status`, or std::nullopt when the
// failure did not come from a native call (for example an invalid option
// rejected before any native call was made).
std::optional<NativeError> GetNativeError(const absl::Status& status);

// SetNativeError()
//
// Attaches `error` to `status` as its payload, replacing any earlier one. Used
// by the backends; exposed so that applications and tests can build statuses
// of the same shape.
void SetNativeError(absl::Status& status, const NativeError& error);

// GetErrorToken()
//
// Returns the token that a failed session step produced for the peer (for
// example a KRB-ERROR after a replayed or expired authenticator), or
// std::nullopt when there is none. Sending it lets the peer report the real
// cause instead of a timeout.
std::optional<std::vector<uint8_t>> GetErrorToken(const absl::Status& status);

// SetErrorToken()
//
// Attaches `token` to `status`. Used by the backends.
void SetErrorToken(absl::Status& status, const std::vector<uint8_t>& token);

}  // namespace crossauth

#endif  // CROSSAUTH_ERROR_H_
