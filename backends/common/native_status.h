// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// native_status.h: building the statuses that backends and the core return
// (their NativeError, error token and ErrorReason payloads, which the public
// crossauth/error.h only reads), and the one routine that makes a text from a
// peer or a native library safe to show.

#ifndef CROSSAUTH_BACKENDS_COMMON_NATIVE_STATUS_H_
#define CROSSAUTH_BACKENDS_COMMON_NATIVE_STATUS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "crossauth/error.h"

namespace crossauth {
namespace internal {

// kMaxShownText
//
// How much of one quoted text (a native library's message, a peer's name) an
// error message shows by default, in bytes after escaping.
inline constexpr size_t kMaxShownText = 1024;

// ShownText()
//
// `text` as it may go into an error message or a log line, whoever wrote it:
// printable ASCII and well-formed UTF-8 stay as they are; every other byte
// becomes an escape ("\n", "\r", "\t", or "\xNN"). Escaped too, byte by
// byte: the C1 controls (U+0080 to U+009F), the line and paragraph
// separators and the bidirectional-text controls, which terminals and
// viewers act on. So a NUL, ESC or CR LF from a peer can neither cut a
// message short, nor drive a terminal, nor forge a log line. Backslashes
// stay, so ShownText(ShownText(x)) == ShownText(x).
//
// A result longer than `limit` (plus a little room for the note) keeps at
// most `limit` bytes, never splitting an escape or a character, and ends
// with "... (N more bytes)", N counting the bytes of `text` not shown.
std::string ShownText(absl::string_view text, size_t limit = kMaxShownText);

// SetNativeError()
//
// Attaches `error` to `status` as its payload, replacing any earlier one;
// `error.reason` becomes the status's reason.
void SetNativeError(absl::Status& status, const NativeError& error);

// SetErrorToken()
//
// Attaches `token`, a token the peer should still receive (a KRB-ERROR from
// a failed accept), to `status`.
void SetErrorToken(absl::Status& status, const std::vector<uint8_t>& token);

// SetErrorReason()
//
// Makes `reason` the reason GetErrorReason() reads from `status`: in its
// NativeError if it has one, else in a payload of its own. Nothing for an OK
// status.
void SetErrorReason(absl::Status& status, ErrorReason reason);

// ReasonedError()
//
// A status with `code`, `message` and `reason`, for the failures the core
// finds before or without a native call (an invalid option, a session used
// in the wrong state, a protection that was not negotiated):
//
//   return ReasonedError(absl::StatusCode::kInvalidArgument,
//                        "Unwrap(): the token is empty",
//                        ErrorReason::kInvalidArgument);
ABSL_ATTRIBUTE_COLD absl::Status ReasonedError(absl::StatusCode code,
                                               absl::string_view message,
                                               ErrorReason reason);

// NativeStatus()
//
// A status with `code`, the message "<call>: <text>; <hint>" (the hint part
// only when there is one), and `error` as its NativeError payload (so
// `error.reason` is its reason). The text
// and the hint go through ShownText(), in the message and in the payload
// alike: they may quote a peer (a ticket's service name, say).
ABSL_ATTRIBUTE_COLD absl::Status NativeStatus(absl::StatusCode code,
                                              const NativeError& error);

// kMaxShownMessage
//
// The most Restated() keeps of its message.
inline constexpr size_t kMaxShownMessage = 4 * kMaxShownText;

// Restated()
//
// A status with `code` and `message` that keeps `cause`'s NativeError
// payload, if it has one: for a backend that reports a native failure as
// the more specific thing it knows it to be. `message` goes through
// ShownText() (at most kMaxShownMessage bytes), since it usually quotes
// `cause`'s message or a peer. The reason is `reason`, or `cause`'s when
// `reason` is kUnspecified.
ABSL_ATTRIBUTE_COLD absl::Status Restated(
    absl::StatusCode code, absl::string_view message, const absl::Status& cause,
    ErrorReason reason = ErrorReason::kUnspecified);

// StatusObserver, SetStatusObserver()
//
// For tests only: `observer` sees every status that NativeStatus() and
// Restated() build (nullptr, the default: none). The suites use it to fail
// any test during which a failure got no specific code (kUnknown). Set it
// before the first session or credential exists; the observer may be called
// from any thread.
using StatusObserver = void (*)(const absl::Status& status);
void SetStatusObserver(StatusObserver observer);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_COMMON_NATIVE_STATUS_H_
