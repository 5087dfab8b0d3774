// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// peer.h: the example client and server as functions, so that the example
// programs (examples/client.cc, examples/server.cc), the `crossauth connect`
// and `crossauth serve` commands (tools/) and the tests' peer programs run
// the same code. It lives in peer/, beside neither of its users, so that
// examples/ stays programs to copy and tools/ needs nothing from examples/
// (docs/architecture.md); the namespace stays `example`, the programs'.
//
// Two wire protocols share the gss-sample framing of wire.h:
//
// - kCrossauth, the examples' own: the server answers every handshake token
//   (possibly with an empty one), echoes each wrapped message wrapped, and
//   verifies a MIC the client sends over a clear "goodbye".
// - kGssSample, that of MIT's gss-client and gss-server (krb5-gss-samples):
//   the client opens with an empty NOOP|CONTEXT_NEXT frame, handshake tokens
//   travel only when non-empty, and each message is sent as
//   DATA|WRAPPED|ENCRYPTED|SEND_MIC; the server answers with a MIC frame over
//   the plaintext, which the client verifies, and a NOOP ends the exchange.
//
// The server tells the two apart by the client's first frame, so it talks to
// crossauth-example-client and to MIT's gss-client without a flag. Its
// gss-sample side also takes gss-client's -nx (integrity-only wrap), -nw
// (clear message) and -nm (no MIC: the server answers with an empty NOOP)
// messages. Unauthenticated clients (gss-client -na) and the old -v1 format
// are refused.
//
// Both functions print what happens on stdout, one line each, prefixed
// "client: " or "server: ", and return the process exit status: 0 success,
// 1 failure. Not thread-safe: they are whole programs.

#ifndef CROSSAUTH_PEER_PEER_H_
#define CROSSAUTH_PEER_PEER_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "crossauth/crossauth.h"

namespace example {

// Protocol
//
// The conversation the client holds (see the file comment).
enum class Protocol { kCrossauth, kGssSample };

// ClientConfig
//
// What RunClient() does; the fields mirror the client's flags.
struct ClientConfig {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string target = "HTTP@localhost";
  crossauth::Mechanism mechanism = crossauth::Mechanism::kNegotiate;
  int messages = 3;
  std::string expect_peer;  // empty: any server
  Protocol protocol = Protocol::kCrossauth;
  // Log on as `user` with the password in the first line of
  // `password_file`, instead of the default credential cache.
  std::string user;
  std::string password_file;
  bool allow_ntlm = false;  // add NTLM to the allow-list
  bool mutual = true;       // false: do not demand mutual authentication
  // Channel bindings (application data, as a TLS channel would give); empty:
  // none.
  std::string channel_bindings;
  // Ask to delegate the user's (forwardable) ticket to the server, so that
  // it can act as the user towards other services.
  bool delegate = false;
  // The crossauth protocol's messages with the in-place calls: Wrap()
  // appending into one reused buffer, UnwrapInPlace() on the received
  // frame, and a last message of MaxMessageSize(4096) bytes whose token
  // must fit in 4096.
  bool in_place = false;
  // The crossauth protocol's messages as scatter/gather pairs (WrapIov()
  // with a header and the data, sent as two frames; UnwrapIov() on the
  // echo's two); the peer must run with --iov too.
  bool iov = false;
};

// ServerConfig
//
// What RunServer() does; the fields mirror the server's flags.
struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string port_file;  // written once the server listens; empty: none
  bool once = false;
  std::string keytab;     // empty: the default keytab (KRB5_KTNAME)
  std::string principal;  // empty: any service in the keytab
  crossauth::Mechanism mechanism = crossauth::Mechanism::kNegotiate;
  std::string expect_peer;  // empty: any client
  // With kNegotiate: also accept raw Kerberos tokens (no SPNEGO), as Wine's
  // Negotiate package sends; the allow-list becomes {Negotiate, Kerberos}.
  bool accept_raw_kerberos = false;
  bool allow_ntlm = false;  // add NTLM to the allow-list
  // The channel bindings expected (empty: none) and what to do about them.
  std::string channel_bindings;
  crossauth::ChannelBindingPolicy channel_binding_policy =
      crossauth::ChannelBindingPolicy::kIgnore;
  // Open and echo the crossauth protocol's messages with UnwrapInPlace()
  // and Wrap() appending (see ClientConfig::in_place).
  bool in_place = false;
  // The messages as scatter/gather pairs (see ClientConfig::iov).
  bool iov = false;
};

// ParseClientFlags()
//
// Parses the client's flags from argv[1..argc); std::nullopt (after saying
// why on stderr) for unknown or malformed ones, or a missing --port.
std::optional<ClientConfig> ParseClientFlags(int argc, char** argv);

// ParseServerFlags()
//
// Parses the server's flags from argv[1..argc); std::nullopt (after saying
// why on stderr) for unknown or malformed ones.
std::optional<ServerConfig> ParseServerFlags(int argc, char** argv);

// ClientFlagsHelp(), ServerFlagsHelp()
//
// One line per flag, for usage and --help texts.
absl::string_view ClientFlagsHelp();
absl::string_view ServerFlagsHelp();

// RunClient()
//
// Acquires the default credential, connects, authenticates mutually and
// exchanges `messages` protected messages; returns 0 or 1.
int RunClient(const ClientConfig& config);

// RunServer()
//
// Acquires the acceptor credential, listens, and serves clients of either
// protocol until one has been served (`once`) or forever; returns 0 when
// every client was served without error, else 1.
int RunServer(const ServerConfig& config);

}  // namespace example

#endif  // CROSSAUTH_PEER_PEER_H_
