// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_messages.h: message protection on an SSPI context.
//
// Wrap and Unwrap (EncryptMessage/DecryptMessage) and GetMic and VerifyMic
// (MakeSignature/VerifySignature) over a complete context. Every call works
// on copies of the caller's bytes: SSPI decrypts in place and takes every
// buffer non-const, and the caller's bytes may be read-only. The copies are
// wiped (SecureWipe) once they held plaintext.
//
// NTLM tokens are the signature, then the data, everywhere. Kerberos tokens
// are laid out by a KerberosMessageLayout (sspi_message_layout.h), which is
// where Windows and Wine differ.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_MESSAGES_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_MESSAGES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "backends/sspi/sspi_library.h"
#include "backends/sspi/sspi_message_layout.h"
#include "crossauth/session.h"

namespace crossauth {
namespace internal {

// SspiMessages
//
// The message protection of one context: the per-context state (the
// package's sizes, the layout, the highest sequence number accepted, which
// tells a replay from a corrupt token where the package cannot). One thread
// at a time, like the context.
class SspiMessages {
 public:
  explicit SspiMessages(std::shared_ptr<const SspiProvider> provider);
  SspiMessages(const SspiMessages&) = delete;
  SspiMessages& operator=(const SspiMessages&) = delete;

  // Each takes the live context and whether it speaks NTLM (raw, not in
  // SPNEGO: the messages are NTLM's then).
  absl::StatusOr<std::vector<uint8_t>> Wrap(CtxtHandle* context, bool ntlm,
                                            absl::Span<const uint8_t> message,
                                            Protection protection);
  absl::StatusOr<UnwrappedMessage> Unwrap(CtxtHandle* context, bool ntlm,
                                          absl::Span<const uint8_t> token);
  // The in-place and scatter/gather calls (see session.h).
  absl::Status WrapAppend(CtxtHandle* context, bool ntlm,
                          absl::Span<const uint8_t> message,
                          Protection protection, std::vector<uint8_t>& out);
  absl::StatusOr<UnwrappedSpan> UnwrapInPlace(CtxtHandle* context, bool ntlm,
                                              absl::Span<uint8_t> token);
  absl::StatusOr<size_t> MaxMessageSize(CtxtHandle* context, bool ntlm,
                                        size_t token_limit,
                                        Protection protection);
  absl::StatusOr<IovSizes> WrapIovSizes(CtxtHandle* context, bool ntlm,
                                        absl::Span<const IovBuffer> buffers,
                                        Protection protection);
  absl::StatusOr<IovSizes> WrapIov(CtxtHandle* context, bool ntlm,
                                   absl::Span<IovBuffer> buffers,
                                   Protection protection);
  absl::StatusOr<Protection> UnwrapIov(CtxtHandle* context, bool ntlm,
                                       absl::Span<IovBuffer> buffers);
  absl::StatusOr<std::vector<uint8_t>> GetMic(
      CtxtHandle* context, bool ntlm, absl::Span<const uint8_t> message);
  absl::Status VerifyMic(CtxtHandle* context, bool ntlm,
                         absl::Span<const uint8_t> message,
                         absl::Span<const uint8_t> mic);

 private:
  const SecurityFunctionTableW& table() const { return provider_->table(); }
  absl::StatusOr<SecPkgContext_Sizes> Sizes(CtxtHandle* context);
  // EncryptMessage over `count` buffers, one of which holds `data` (wiped
  // when it fails).
  absl::Status Encrypt(CtxtHandle* context, Protection protection,
                       SecBuffer* buffers, unsigned long count,
                       std::vector<uint8_t>& data);
  absl::StatusOr<std::vector<uint8_t>> WrapNtlm(
      CtxtHandle* context, absl::Span<const uint8_t> message,
      Protection protection);
  absl::StatusOr<UnwrappedMessage> UnwrapNtlm(CtxtHandle* context,
                                              absl::Span<const uint8_t> token);
  // The scatter/gather layouts this context's package can take (a trailer
  // never; Wine's limits, sspi_quirks.h).
  absl::Status IovSupported(bool ntlm, absl::string_view call,
                            absl::Span<const IovBuffer> buffers);
  // The SecBuffers of a scatter/gather message, on the stack.
  struct IovSecBufferList {
    std::array<SecBuffer, 16> buffers = {};
    size_t count = 0;
    size_t header = 0;    // index of the TOKEN buffer
    size_t padding = 16;  // index of the PADDING buffer; 16: none
  };
  absl::Status IovSecBuffers(bool ntlm, absl::Span<const IovBuffer> buffers,
                             IovSecBufferList& out);
  // Wine's Kerberos IOV, built on its Wrap (sspi_quirks.h).
  absl::StatusOr<IovSizes> WrapIovThroughGssWrap(CtxtHandle* context,
                                                 absl::Span<IovBuffer> buffers,
                                                 Protection protection);
  absl::StatusOr<Protection> UnwrapIovThroughGssWrap(
      CtxtHandle* context, absl::Span<IovBuffer> buffers);
  // Whether a rejected `token` carries a sequence number at or below one
  // this context accepted, and the record of accepted ones.
  bool Replayed(absl::Span<const uint8_t> token) const;
  void Accepted(absl::Span<const uint8_t> token);

  std::shared_ptr<const SspiProvider> provider_;
  std::unique_ptr<KerberosMessageLayout> layout_;
  std::optional<SecPkgContext_Sizes> sizes_;
  std::optional<uint64_t> highest_sequence_;
};

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_MESSAGES_H_
