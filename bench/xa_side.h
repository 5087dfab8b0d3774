// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// xa_side.h: the benchmark's crossauth side, written as an application
// would: one Credential per side acquired once, ClientSession::Start and
// ServerSession::Start per handshake, Step until both are complete.

#ifndef CROSSAUTH_BENCH_XA_SIDE_H_
#define CROSSAUTH_BENCH_XA_SIDE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"

namespace bench {

// Names
//
// The realm's principals, shared by both sides.
struct Names {
  std::string user;               // "bench@REALM"
  std::string password;           // the user's
  std::string acceptor;           // "host@localhost"
  std::string keytab;             // the acceptor's keytab
  std::string target_principal;   // "host/localhost@REALM"
  std::string target_host_based;  // "host@localhost"
};

// XaPair
//
// An established client and server session.
class XaPair {
 public:
  XaPair(crossauth::ClientSession client, crossauth::ServerSession server);

  // Client Wrap, server Unwrap (with `protection` as the minimum).
  absl::Status WrapUnwrap(absl::Span<const uint8_t> message,
                          crossauth::Protection protection);
  // Client GetMic, server VerifyMic.
  absl::Status Mic(absl::Span<const uint8_t> message);
  // Client Wrap appending into a reused buffer, server UnwrapInPlace on it.
  // Unimplemented until the backend implements them.
  absl::Status AppendInPlace(absl::Span<const uint8_t> message);
  // WrapIovSizes and WrapIov (header, data, padding, trailer) on the
  // client into a reused buffer, UnwrapIov on the same buffers on the
  // server.
  absl::Status Iov(absl::Span<const uint8_t> message);

  absl::Status EndClient() { return client_.End(); }
  absl::Status EndServer() { return server_.End(); }

  // The established sessions, moved out (for the heap table, which keeps
  // one side and destroys the rest, as a service would).
  crossauth::ClientSession TakeClient() { return std::move(client_); }
  crossauth::ServerSession TakeServer() { return std::move(server_); }

 private:
  crossauth::ClientSession client_;
  crossauth::ServerSession server_;
  std::vector<uint8_t> wire_;
};

// XaSide
//
// Credentials and client options for one mechanism (Kerberos, or SPNEGO
// restricted to Kerberos). Thread-safe.
class XaSide {
 public:
  static absl::StatusOr<std::unique_ptr<XaSide>> Create(bool spnego,
                                                        const Names& names);

  // One handshake to the principal target or the host-based one; both
  // sessions ended.
  absl::Status Handshake(bool host_based) const;

  // One handshake, the sessions kept.
  absl::StatusOr<std::unique_ptr<XaPair>> Establish(bool host_based) const;

 private:
  XaSide() = default;
  crossauth::Credential client_;
  crossauth::Credential server_;
  crossauth::ClientOptions principal_options_;
  crossauth::ClientOptions host_based_options_;
};

}  // namespace bench

#endif  // CROSSAUTH_BENCH_XA_SIDE_H_
