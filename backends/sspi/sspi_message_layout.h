// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_message_layout.h: how a Kerberos wrap token sits in SSPI's buffers.
//
// A wrap token on the wire is what the peer's gss_unwrap or DecryptMessage
// takes: an RFC 4121 token. Windows' Kerberos package writes it as
// TOKEN || DATA || PADDING and reads it back from one STREAM buffer. Wine's
// Kerberos package (8.0, dlls/kerberos/unixlib.c) calls gss_wrap and puts the
// first len(DATA) bytes of the token into DATA and the rest into TOKEN; its
// DecryptMessage concatenates DATA || TOKEN, calls gss_unwrap and copies
// len(DATA) bytes of plaintext back. So under Wine the wire token is
// DATA || TOKEN, and unwrapping needs the exact plaintext length up front.
// The RFC 4121 header gives it (wrap_token.h), except for the checksum size
// of a sealed token: that is learnt from this context's own tokens, and is
// 12 bytes (aes*-cts-hmac-sha1-96, the MIT and Active Directory default)
// until then. Wine also under-reports SECPKG_ATTR_SIZES for sealing, and its
// MakeSignature copies the MIC without checking the buffer size, so its
// TOKEN and signature buffers get headroom.
//
// KerberosMessageLayout is that difference as one strategy object, chosen
// once per context from the provider's quirks; the message code
// (sspi_messages.h) calls it and never asks which SSPI it runs on. NTLM's
// layout (signature, then data) is the same everywhere and is not here.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_MESSAGE_LAYOUT_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_MESSAGE_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/types/span.h"
#include "backends/sspi/sspi_library.h"
#include "backends/sspi/sspi_quirks.h"

namespace crossauth {
namespace internal {

// KerberosMessageLayout
//
// The buffer layout of one context's Kerberos (or Kerberos-in-Negotiate)
// messages. One per context, used by one thread at a time (it may learn from
// the context's tokens).
class KerberosMessageLayout {
 public:
  virtual ~KerberosMessageLayout() = default;

  // trailer_headroom()
  //
  // Bytes beyond SECPKG_ATTR_SIZES to give EncryptMessage's TOKEN buffer and
  // MakeSignature's signature buffer.
  virtual unsigned long trailer_headroom() const = 0;

  // JoinWrapped()
  //
  // The wire token, from EncryptMessage's TOKEN, DATA and PADDING buffers
  // (in that order) after it sealed or signed a `message_size`-byte
  // message.
  virtual std::vector<uint8_t> JoinWrapped(const SecBuffer (&buffers)[3],
                                           size_t message_size) = 0;

  // SplitWrapped()
  //
  // Lays `copy`, a copy of a wire token that DecryptMessage may overwrite,
  // out as DecryptMessage's two buffers. `copy` must outlive them.
  virtual void SplitWrapped(absl::Span<uint8_t> copy,
                            SecBuffer (&buffers)[2]) = 0;

  // Unwrapped()
  //
  // The plaintext, once DecryptMessage succeeded over SplitWrapped()'s
  // `buffers` for the wire token `wire`.
  virtual std::vector<uint8_t> Unwrapped(const SecBuffer (&buffers)[2],
                                         absl::Span<const uint8_t> wire) = 0;

  // NoteMic()
  //
  // Tells the layout of a MIC token this context made or verified.
  virtual void NoteMic(absl::Span<const uint8_t> mic) { (void)mic; }

  // The in-place calls (Wrap() appending, UnwrapInPlace()).
  //
  // data_before_token(): the wire token is DATA || TOKEN (else TOKEN ||
  // DATA || PADDING). padding_on_wire(): EncryptMessage's PADDING buffer is
  // part of the wire token.
  virtual bool data_before_token() const = 0;
  virtual bool padding_on_wire() const = 0;

  // NoteWrapped()
  //
  // Tells the layout of a wrap token this context made in place for a
  // `message_size`-byte message (JoinWrapped() does it for Wrap()).
  virtual void NoteWrapped(absl::Span<const uint8_t> wire,
                           size_t message_size) {
    (void)wire, (void)message_size;
  }

  // UnwrappedInPlace()
  //
  // The plaintext inside `token`, once DecryptMessage succeeded over
  // SplitWrapped(token)'s `buffers`; empty when the package pointed outside
  // `token`. `header` holds the token's first bytes as they were before
  // DecryptMessage overwrote them.
  virtual absl::Span<uint8_t> UnwrappedInPlace(
      const SecBuffer (&buffers)[2], absl::Span<uint8_t> token,
      absl::Span<const uint8_t> header) = 0;

  // WrapOverhead()
  //
  // How many bytes a wrap token with `sealed` adds to the message, at most:
  // what MaxMessageSize() subtracts from the token limit.
  virtual size_t WrapOverhead(const SecPkgContext_Sizes& sizes,
                              bool sealed) const = 0;
};

// NewKerberosMessageLayout()
//
// Wine's split layout when `quirks.wrap_token_split_across_buffers`, else
// Windows' stream layout.
std::unique_ptr<KerberosMessageLayout> NewKerberosMessageLayout(
    const SspiQuirks& quirks);

// SecBufferBytes()
//
// A copy of the bytes `buffer` describes; empty for a null buffer.
std::vector<uint8_t> SecBufferBytes(const SecBuffer& buffer);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_MESSAGE_LAYOUT_H_
