// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// raw_gss.h: the benchmark's baseline, MIT GSS-API called directly, as a
// careful C programmer would: the credentials are acquired once (the client
// from a password, the server from its keytab), the target name is imported
// once, every handshake requests the flags crossauth requests by default
// (mutual, replay, sequence, confidentiality, integrity) and checks that
// they were granted, and SPNEGO credentials are restricted to Kerberos with
// gss_set_neg_mechs, as crossauth's are (backends/gssapi/gss_credential.cc).
// Nothing asks for names the application did not ask for.

#ifndef CROSSAUTH_BENCH_RAW_GSS_H_
#define CROSSAUTH_BENCH_RAW_GSS_H_

#include <gssapi/gssapi.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace bench {

// RawPair
//
// An established client and server context. Deletes both. Move-only.
class RawPair {
 public:
  RawPair() = default;
  RawPair(RawPair&& other) noexcept;
  RawPair& operator=(RawPair&& other) noexcept;
  RawPair(const RawPair&) = delete;
  RawPair& operator=(const RawPair&) = delete;
  ~RawPair();

  // Deletes the client's context only (the server's is kept).
  void EndClient();
  // Deletes the server's context only.
  void EndServer();

  gss_ctx_id_t client = GSS_C_NO_CONTEXT;
  gss_ctx_id_t server = GSS_C_NO_CONTEXT;
};

// RawGssOptions
//
// What the baseline's credentials and targets are.
struct RawGssOptions {
  bool spnego = false;            // SPNEGO restricted to Kerberos, else krb5
  std::string user;               // "alice@REALM" (GSS_C_NT_USER_NAME)
  std::string password;           // the user's
  std::string acceptor;           // "host@localhost" (host-based)
  std::string keytab;             // the acceptor's keytab
  std::string target_principal;   // "host/localhost@REALM"
  std::string target_host_based;  // "host@localhost"
};

// RawGss
//
// Credentials and imported targets for one mechanism. Thread-safe: the
// handles are only read after Create().
class RawGss {
 public:
  static absl::StatusOr<std::unique_ptr<RawGss>> Create(
      const RawGssOptions& options);
  RawGss(const RawGss&) = delete;
  RawGss& operator=(const RawGss&) = delete;
  ~RawGss();

  // Establish()
  //
  // One handshake to `pair` (which must be empty), to the principal target
  // or the host-based one.
  absl::Status Establish(bool host_based, RawPair& pair) const;

  // Handshake()
  //
  // One handshake; both contexts deleted.
  absl::Status Handshake(bool host_based) const;

 private:
  RawGss() = default;
  gss_OID mech_ = GSS_C_NO_OID;
  gss_cred_id_t client_cred_ = GSS_C_NO_CREDENTIAL;
  gss_cred_id_t server_cred_ = GSS_C_NO_CREDENTIAL;
  gss_name_t target_principal_ = GSS_C_NO_NAME;
  gss_name_t target_host_based_ = GSS_C_NO_NAME;
};

// RawWrapUnwrap()
//
// gss_wrap on the client, gss_unwrap on the server, each output released.
absl::Status RawWrapUnwrap(const RawPair& pair,
                           absl::Span<const uint8_t> message, bool conf);

// RawMic()
//
// gss_get_mic on the client, gss_verify_mic on the server.
absl::Status RawMic(const RawPair& pair, absl::Span<const uint8_t> message);

// RawWrapUnwrapIov()
//
// The zero-copy path: gss_wrap_iov with a caller-allocated header, data
// and padding (sized once by gss_wrap_iov_length) into `wire`, then
// gss_unwrap_iov on a STREAM buffer over `wire` in place. `wire` is the
// caller's reusable buffer.
absl::Status RawWrapUnwrapIov(const RawPair& pair,
                              absl::Span<const uint8_t> message,
                              std::string& wire);

// RawWrapUnwrapIovBuffers()
//
// The scatter/gather path: gss_wrap_iov as above, then gss_unwrap_iov on
// the same four buffers (header, data, padding, trailer) in place.
absl::Status RawWrapUnwrapIovBuffers(const RawPair& pair,
                                     absl::Span<const uint8_t> message,
                                     std::string& wire);

// GssError()
//
// "call: <major text>; <minor text>" as an Internal status.
absl::Status GssError(const char* call, OM_uint32 major, OM_uint32 minor);

}  // namespace bench

#endif  // CROSSAUTH_BENCH_RAW_GSS_H_
