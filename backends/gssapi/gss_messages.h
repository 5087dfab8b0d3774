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
// `context` is the context owner's, valid for as long as this is used.
class GssMessages {
 public:
  GssMessages(const std::shared_ptr<const GssProvider>& provider,
              const gss_ctx_id_t& context)
      : provider_(provider), context_(context) {}

  absl::StatusOr<std::vector<uint8_t>> Wrap(absl::Span<const uint8_t> message,
                                            Protection protection) const;
  absl::Status WrapAppend(absl::Span<const uint8_t> message,
                          Protection protection,
                          std::vector<uint8_t>& out) const;
  absl::StatusOr<UnwrappedMessage> Unwrap(
      absl::Span<const uint8_t> token) const;
  absl::StatusOr<UnwrappedSpan> UnwrapInPlace(absl::Span<uint8_t> token) const;
  absl::StatusOr<size_t> MaxMessageSize(size_t token_limit,
                                        Protection protection) const;
  absl::StatusOr<IovSizes> WrapIovSizes(absl::Span<const IovBuffer> buffers,
                                        Protection protection) const;
  absl::StatusOr<IovSizes> WrapIov(absl::Span<IovBuffer> buffers,
                                   Protection protection) const;
  absl::StatusOr<Protection> UnwrapIov(absl::Span<IovBuffer> buffers) const;
  absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message) const;
  absl::Status VerifyMic(absl::Span<const uint8_t> message,
                         absl::Span<const uint8_t> mic) const;

 private:
  // References to the owner's members: the handle changes while the
  // handshake runs.
  const std::shared_ptr<const GssProvider>& provider_;
  const gss_ctx_id_t& context_;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_MESSAGES_H_
