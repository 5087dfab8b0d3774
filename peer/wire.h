// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// wire.h: the peer programs' TCP framing (peer.h, and the tests' double-hop
// server), on POSIX sockets and Winsock.
//
// Each frame is one flag byte, a 4-byte big-endian length and the payload:
// the framing of MIT's gss-sample programs. Frames are capped at 1 MiB and
// reads time out, so a misbehaving peer cannot make the examples hang or
// allocate without bound.

#ifndef CROSSAUTH_PEER_WIRE_H_
#define CROSSAUTH_PEER_WIRE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "peer/tcp.h"

namespace example {

// Frame flags (gss-sample's values).
enum FrameFlag : uint8_t {
  kNoop = 1,          // closes the conversation
  kContext = 2,       // a handshake token
  kData = 4,          // an application message
  kMic = 8,           // a MIC over the last message
  kContextNext = 16,  // with kNoop: handshake tokens follow (gss-sample)
  kWrapped = 32,      // the data is a Wrap() token
  kEncrypted = 64,    // and it is encrypted
  kSendMic = 128      // answer with a MIC over the message (gss-sample)
};

struct Frame {
  uint8_t flags = 0;
  std::vector<uint8_t> payload;
};

// Connection
//
// A connected TCP socket; move-only, closed on destruction.
class Connection {
 public:
  static absl::StatusOr<Connection> Connect(const std::string& host, int port);

  absl::Status Send(uint8_t flags, absl::Span<const uint8_t> payload);
  absl::StatusOr<Frame> Receive();

 private:
  friend class Listener;
  explicit Connection(TcpStream stream) : stream_(std::move(stream)) {}
  TcpStream stream_;
};

// Listener
//
// A listening TCP socket.
class Listener {
 public:
  // Binds `host`:`port` (port 0: any free port).
  static absl::StatusOr<Listener> Bind(const std::string& host, int port);
  int port() const { return listener_.port(); }
  absl::StatusOr<Connection> Accept();

 private:
  explicit Listener(TcpListener listener) : listener_(std::move(listener)) {}
  TcpListener listener_;
};

// Text()
//
// `bytes` as text for printing, with non-printable bytes escaped.
std::string Text(absl::Span<const uint8_t> bytes);

}  // namespace example

#endif  // CROSSAUTH_PEER_WIRE_H_
