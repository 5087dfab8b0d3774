// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_message_layout.h"

#include <memory>
#include <optional>
#include <vector>

#include "backends/sspi/wrap_token.h"

namespace crossauth {
namespace internal {
namespace {

// Windows: TOKEN || DATA || PADDING, unwrapped from one STREAM buffer.
class StreamLayout : public KerberosMessageLayout {
 public:
  unsigned long trailer_headroom() const override { return 0; }

  std::vector<uint8_t> JoinWrapped(const SecBuffer (&buffers)[3],
                                   size_t /*message_size*/) override {
    std::vector<uint8_t> wire;
    for (const SecBuffer& buffer : buffers) {
      std::vector<uint8_t> part = SecBufferBytes(buffer);
      wire.insert(wire.end(), part.begin(), part.end());
    }
    return wire;
  }

  void SplitWrapped(absl::Span<uint8_t> copy,
                    SecBuffer (&buffers)[2]) override {
    buffers[0] = {static_cast<unsigned long>(copy.size()), SECBUFFER_STREAM,
                  copy.data()};
    buffers[1] = {0, SECBUFFER_DATA, nullptr};
  }

  std::vector<uint8_t> Unwrapped(const SecBuffer (&buffers)[2],
                                 absl::Span<const uint8_t> /*wire*/) override {
    // DecryptMessage points DATA into the STREAM buffer.
    return SecBufferBytes(buffers[1]);
  }

  bool data_before_token() const override { return false; }
  bool padding_on_wire() const override { return true; }

  absl::Span<uint8_t> UnwrappedInPlace(
      const SecBuffer (&buffers)[2], absl::Span<uint8_t> token,
      absl::Span<const uint8_t> /*header*/) override {
    auto* data = static_cast<uint8_t*>(buffers[1].pvBuffer);
    if (data == nullptr || data < token.data() ||
        data > token.data() + token.size() ||
        buffers[1].cbBuffer >
            static_cast<size_t>(token.data() + token.size() - data)) {
      return {};
    }
    return absl::Span<uint8_t>(data, buffers[1].cbBuffer);
  }

  size_t WrapOverhead(const SecPkgContext_Sizes& sizes,
                      bool /*sealed*/) const override {
    // TOKEN takes at most cbSecurityTrailer, PADDING at most one block.
    return sizes.cbSecurityTrailer +
           (sizes.cbBlockSize > 1 ? sizes.cbBlockSize : 0);
  }
};

// Extra TOKEN bytes beyond SECPKG_ATTR_SIZES: Wine reports a trailer of 49
// bytes, but its sealed AES token needs 60 (and 72 with SHA-384).
constexpr unsigned long kWineTrailerHeadroom = 64;
// aes128/256-cts-hmac-sha1-96.
constexpr size_t kDefaultChecksumSize = 12;

// Wine: gss_wrap's token split as DATA || TOKEN (see the header).
class WineSplitTokenLayout : public KerberosMessageLayout {
 public:
  unsigned long trailer_headroom() const override {
    return kWineTrailerHeadroom;
  }

  std::vector<uint8_t> JoinWrapped(const SecBuffer (&buffers)[3],
                                   size_t message_size) override {
    // DATA || TOKEN; Wine leaves PADDING untouched.
    std::vector<uint8_t> wire = SecBufferBytes(buffers[1]);
    std::vector<uint8_t> tail = SecBufferBytes(buffers[0]);
    wire.insert(wire.end(), tail.begin(), tail.end());
    Learn(wire, message_size);
    return wire;
  }

  void SplitWrapped(absl::Span<uint8_t> copy,
                    SecBuffer (&buffers)[2]) override {
    // DATA gets the plaintext's length; with no RFC 4121 header, DATA stays
    // empty so that Wine copies nothing back, and gss_unwrap judges it.
    size_t data_size = 0;
    if (std::optional<Rfc4121Header> header = ParseRfc4121Header(copy);
        header.has_value() && header->wrap) {
      size_t overhead = Rfc4121WrapOverhead(*header, checksum_size_);
      if (overhead <= copy.size()) data_size = copy.size() - overhead;
    }
    buffers[0] = {static_cast<unsigned long>(data_size), SECBUFFER_DATA,
                  copy.data()};
    buffers[1] = {static_cast<unsigned long>(copy.size() - data_size),
                  SECBUFFER_TOKEN, copy.data() + data_size};
    plaintext_size_ = data_size;
  }

  std::vector<uint8_t> Unwrapped(const SecBuffer (&buffers)[2],
                                 absl::Span<const uint8_t> wire) override {
    // Wine copied exactly the DATA length of plaintext back into it.
    const auto* data = static_cast<const uint8_t*>(buffers[0].pvBuffer);
    std::vector<uint8_t> plaintext;
    if (data != nullptr) plaintext.assign(data, data + plaintext_size_);
    Learn(wire, plaintext_size_);
    return plaintext;
  }

  void NoteMic(absl::Span<const uint8_t> mic) override { Learn(mic, 0); }

  bool data_before_token() const override { return true; }
  bool padding_on_wire() const override { return false; }

  void NoteWrapped(absl::Span<const uint8_t> wire,
                   size_t message_size) override {
    Learn(wire, message_size);
  }

  absl::Span<uint8_t> UnwrappedInPlace(
      const SecBuffer (&buffers)[2], absl::Span<uint8_t> token,
      absl::Span<const uint8_t> header) override {
    // Wine copied exactly the DATA length of plaintext back into it, which
    // SplitWrapped() placed at the token's start.
    if (buffers[0].pvBuffer != token.data()) return {};
    Learn(ParseRfc4121Header(header), token.size(), plaintext_size_);
    return token.first(plaintext_size_);
  }

  size_t WrapOverhead(const SecPkgContext_Sizes& /*sizes*/,
                      bool sealed) const override {
    // gss_wrap's token (RFC 4121): the header, then for a sealed message
    // the confounder, the encrypted header copy and the checksum (EC is 0
    // with the AES enctypes), for a signed one the checksum (EC).
    Rfc4121Header header;
    header.wrap = true;
    header.sealed = sealed;
    header.ec = sealed ? 0 : static_cast<uint16_t>(checksum_size_);
    return Rfc4121WrapOverhead(header, checksum_size_);
  }

 private:
  // Learns the checksum size from a token of this context.
  void Learn(absl::Span<const uint8_t> wire, size_t plaintext_size) {
    Learn(ParseRfc4121Header(wire), wire.size(), plaintext_size);
  }
  void Learn(const std::optional<Rfc4121Header>& header, size_t wire_size,
             size_t plaintext_size) {
    if (!header.has_value()) return;
    if (!header->wrap) {
      checksum_size_ = wire_size - kRfc4121HeaderSize;
    } else if (!header->sealed) {
      checksum_size_ = header->ec;
    } else if (wire_size >= plaintext_size + Rfc4121WrapOverhead(*header, 0)) {
      checksum_size_ =
          wire_size - plaintext_size - Rfc4121WrapOverhead(*header, 0);
    }
  }

  size_t checksum_size_ = kDefaultChecksumSize;
  size_t plaintext_size_ = 0;  // of the token SplitWrapped() last laid out
};

}  // namespace

std::unique_ptr<KerberosMessageLayout> NewKerberosMessageLayout(
    const SspiQuirks& quirks) {
  if (quirks.wrap_token_split_across_buffers) {
    return std::make_unique<WineSplitTokenLayout>();
  }
  return std::make_unique<StreamLayout>();
}

std::vector<uint8_t> SecBufferBytes(const SecBuffer& buffer) {
  const auto* data = static_cast<const uint8_t*>(buffer.pvBuffer);
  if (data == nullptr) return {};
  return std::vector<uint8_t>(data, data + buffer.cbBuffer);
}

}  // namespace internal
}  // namespace crossauth
