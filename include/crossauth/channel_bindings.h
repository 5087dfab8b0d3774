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
//   crossauth::ChannelBindings bindings =
//       crossauth::ChannelBindings::FromApplicationData(tls_unique_bytes);
//   client_options.channel_bindings = bindings;
//   server_options.channel_bindings = bindings;
//   server_options.channel_binding_policy =
//       crossauth::ChannelBindingPolicy::kRequire;

#ifndef CROSSAUTH_CHANNEL_BINDINGS_H_
#define CROSSAUTH_CHANNEL_BINDINGS_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace crossauth {

// ChannelBindings
//
// The application data of a channel binding. Addresses are not used (they are
// meaningless across NAT and are ignored by modern peers). A value type;
// thread-compatible.
class ChannelBindings {
 public:
  // ChannelBindings::FromApplicationData()
  //
  // Wraps raw application data, for example the bytes
  // "tls-server-end-point:" followed by the certificate hash (RFC 5929), or
  // "tls-exporter:" followed by exported keying material (RFC 9266).
  static ChannelBindings FromApplicationData(absl::Span<const uint8_t> data);

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
