// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// channel_bindings.h: tie an authentication to the channel it runs over.
//
// Channel bindings (RFC 5056) let the acceptor check that the initiator
// authenticated over the same outer channel (usually TLS) as the one the
// acceptor sees, which defeats credential forwarding by a man in the middle.
// Both sides compute the same application data from the channel and pass it
// in their session options.
//
//   // Both sides: bind to the server's TLS certificate (RFC 5929).
//   absl::StatusOr<crossauth::ChannelBindings> bindings =
//       crossauth::ChannelBindings::TlsServerEndPoint(server_cert_der);
//   client_options.channel_bindings = *bindings;
//   server_options.channel_bindings = *bindings;
//   server_options.channel_binding_policy =
//       crossauth::ChannelBindingPolicy::kRequire;
//
// Wrong bindings fail the handshake with Unauthenticated on every backend; a
// client that sent none fails it too when the policy is kRequire.

#ifndef CROSSAUTH_CHANNEL_BINDINGS_H_
#define CROSSAUTH_CHANNEL_BINDINGS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crossauth/export.h"

namespace crossauth {

// ChannelBindings
//
// The application data of a channel binding. Addresses are not used (they are
// meaningless across NAT and are ignored by modern peers). A value type;
// thread-compatible.
class CROSSAUTH_EXPORT ChannelBindings {
 public:
  // ChannelBindings::FromApplicationData()
  //
  // Wraps raw application data, for example the bytes
  // "tls-server-end-point:" followed by the certificate hash (RFC 5929), or
  // "tls-exporter:" followed by exported keying material (RFC 9266).
  static ChannelBindings FromApplicationData(absl::Span<const uint8_t> data);

  // ChannelBindings::TlsServerEndPoint()
  //
  // RFC 5929 "tls-server-end-point" bindings for the server certificate
  // `der_certificate` (DER): "tls-server-end-point:" followed by the
  // certificate's hash. The hash is the one of the certificate's signature
  // algorithm, except that MD5 and SHA-1 become SHA-256. Computed with
  // OpenSSL's libcrypto on POSIX and with the system's CNG on Windows.
  // Errors: InvalidArgument for bytes that are not one DER certificate,
  // Unimplemented for a signature algorithm without a single hash (Ed25519,
  // for example), for which RFC 5929 defines no bindings.
  static absl::StatusOr<ChannelBindings> TlsServerEndPoint(
      absl::Span<const uint8_t> der_certificate);

  // ChannelBindings::TlsExporter()
  //
  // RFC 9266 "tls-exporter" bindings (TLS 1.3): "tls-exporter:" followed by
  // `exported`, the 32 bytes that the application's TLS library exported
  // with the label "EXPORTER-Channel-Binding" and no context. Errors:
  // InvalidArgument unless `exported` is 32 bytes long.
  static absl::StatusOr<ChannelBindings> TlsExporter(
      absl::Span<const uint8_t> exported);

  // application_data()
  //
  // The bytes that both sides bind to.
  const std::vector<uint8_t>& application_data() const { return data_; }

 private:
  std::vector<uint8_t> data_;
};

// ChannelBindingPolicy
//
// What an acceptor does with bindings. kIgnore passes none to the native
// library. kIfPresent checks them when the initiator sent some, and accepts an
// initiator that sent none (the native libraries' own behaviour). kRequire
// also refuses an initiator that sent none.
enum class ChannelBindingPolicy { kIgnore, kIfPresent, kRequire };

}  // namespace crossauth

#endif  // CROSSAUTH_CHANNEL_BINDINGS_H_
