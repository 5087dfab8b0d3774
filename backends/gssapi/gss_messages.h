// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_messages.h: message protection on an established GSS-API context
// (gss_wrap, gss_unwrap, gss_get_mic, gss_verify_mic, their IOV forms and
// gss_wrap_size_limit), behind NativeContext's message calls. The context
// code (gss_context.cc) owns the handle; these only use it.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_MESSAGES_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_MESSAGES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/session.h"

namespace crossauth {
namespace internal {

// ReadOnlyInput()
//
// Caller bytes, for a native call that only reads them. GSS-API declares
// every input buffer non-const, so the const is dropped here, and only for
// the calls below, each checked in MIT krb5 1.20's source and gss-ntlmssp
// 1.2's (the NTLM mechanism):
// - gss_init_sec_context, gss_accept_sec_context: the mechglue reads the
//   token's OID; SPNEGO parses it in place and copies each inner token out
//   (get_input_token); NegoEx takes a gss_const_buffer_t; the krb5
//   mechanism hands the AP-REQ or AP-REP to krb5_rd_req or krb5_rd_rep,
//   which take const krb5_data; gss-ntlmssp copies every message first (it
//   zeroes the MIC field of its own copy of the AUTHENTICATE message).
// - gss_wrap, gss_get_mic: the message is copied into the new token.
// - gss_verify_mic: the message is copied before checksumming, and the
//   token is only read (krb5 RFC 1964 and RFC 4121 tokens, gss-ntlmssp).
// gss_unwrap writes into its input (see gss_messages.cc). The
// read-only-input suite (tests/hostile_input/readonly_input_test.cc) passes
// every input from a read-only page, so a library that writes into one
// faults there.
inline gss_buffer_desc ReadOnlyInput(absl::Span<const uint8_t> bytes) {
  return {bytes.size(),
          const_cast<void*>(static_cast<const void*>(bytes.data()))};
}

// GssMessages
//
// The message calls of one established context. Holds no handle of its own:
// `context` is the context owner's, valid for as long as this is used. The
// common checks (state, negotiated protection, replay protection, layout,
// the minimum protection, wiping on errors) are SessionCore's; these only
// translate. Not thread-safe, as the context is not.
//
// MIT's krb5 mechanism, and SPNEGO over it, have every IOV call. gss-ntlmssp
// (NTLM, raw or under SPNEGO) has none: the mechglue answers
// GSS_S_UNAVAILABLE before it touches a buffer, and the calls below fall
// back on gss_wrap and gss_unwrap where they can.
class GssMessages {
 public:
  GssMessages(const std::shared_ptr<const GssProvider>& provider,
              const gss_ctx_id_t& context)
      : provider_(provider), context_(context) {}

  // Wrap(): the token in a new vector, made by WrapAppend(), so that it is
  // built in place rather than copied out of a library buffer.
  absl::StatusOr<std::vector<uint8_t>> Wrap(absl::Span<const uint8_t> message,
                                            Protection protection) const;

  // WrapAppend(): gss_wrap_iov_length sizes HEADER | DATA | PADDING |
  // TRAILER, `out` grows by their sum, the message is copied into the data
  // slot and gss_wrap_iov protects it there; parts MIT left shorter than it
  // asked for are closed up. The concatenation is the token gss_wrap makes
  // (RFC 4121 with RRC 0, or RFC 1964), which plain gss_unwrap accepts. No
  // allocation once `out` has the capacity. Without IOV support: gss_wrap,
  // then the token is appended. On an error what was written is wiped and
  // `out` has its old size again. `message` may point into `out`.
  absl::Status WrapAppend(absl::Span<const uint8_t> message,
                          Protection protection,
                          std::vector<uint8_t>& out) const;

  // Unwrap(): gss_unwrap on a private, wiped copy of `token`.
  absl::StatusOr<UnwrappedMessage> Unwrap(
      absl::Span<const uint8_t> token) const;

  // UnwrapInPlace(): gss_unwrap_iov with STREAM (the token) and DATA
  // buffers; MIT rotates a non-zero RRC away and decrypts inside the token,
  // and the result points into it. Without IOV support: gss_unwrap on the
  // token, the plaintext copied to its front and the library's buffer wiped.
  // On an error the token is wiped (replays decrypt all the same).
  absl::StatusOr<UnwrappedSpan> UnwrapInPlace(absl::Span<uint8_t> token) const;

  // MaxMessageSize(): gss_wrap_size_limit, with `token_limit` clamped to
  // what an OM_uint32 holds. MIT's answer is exact for RFC 4121 tokens (a
  // message one byte longer makes a token over the limit); gss-ntlmssp
  // subtracts its 16-byte signature.
  absl::StatusOr<size_t> MaxMessageSize(size_t token_limit,
                                        Protection protection) const;

  // WrapIovSizes(): gss_wrap_iov_length on the caller's types and data and
  // sign-only sizes. Without a trailer buffer MIT puts the trailer in the
  // header and sets RRC to its length (the layout Windows uses). RFC 4121
  // tokens need no padding (0). Unimplemented without IOV support.
  absl::StatusOr<IovSizes> WrapIovSizes(absl::Span<const IovBuffer> buffers,
                                        Protection protection) const;

  // WrapIov(): WrapIovSizes(), a check that the caller's header, padding and
  // trailer spans are at least that long (InvalidArgument naming the
  // buffer), then gss_wrap_iov into the caller's buffers (never
  // GSS_IOV_BUFFER_FLAG_ALLOCATE). Returns the lengths MIT wrote.
  absl::StatusOr<IovSizes> WrapIov(absl::Span<IovBuffer> buffers,
                                   Protection protection) const;

  // UnwrapIov(): gss_unwrap_iov on the caller's buffers as given. MIT
  // checks a trailer-less token's RRC against the trailer length (what
  // Windows sends) and refuses a non-empty padding buffer for RFC 4121
  // tokens. Unimplemented without IOV support.
  absl::StatusOr<Protection> UnwrapIov(absl::Span<IovBuffer> buffers) const;

  absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message) const;
  absl::Status VerifyMic(absl::Span<const uint8_t> message,
                         absl::Span<const uint8_t> mic) const;

 private:
  // The fallbacks for mechanisms without IOV calls.
  absl::Status WrapCopy(absl::Span<const uint8_t> message,
                        Protection protection, std::vector<uint8_t>& out) const;
  absl::StatusOr<UnwrappedSpan> UnwrapCopy(absl::Span<uint8_t> token) const;

  // References to the owner's members: the handle changes while the
  // handshake runs.
  const std::shared_ptr<const GssProvider>& provider_;
  const gss_ctx_id_t& context_;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_MESSAGES_H_
