// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// wire.h: the example programs' TCP framing, on POSIX sockets and Winsock.
//
// Each frame is one flag byte, a 4-byte big-endian length and the payload:
// the framing of MIT's gss-sample programs. Frames are capped at 1 MiB and
// reads time out, so a misbehaving peer cannot make the examples hang or
// allocate without bound.

#ifndef CROSSAUTH_EXAMPLES_WIRE_H_
#define CROSSAUTH_EXAMPLES_WIRE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

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
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  absl::Status Send(uint8_t flags, absl::Span<const uint8_t> payload);
  absl::StatusOr<Frame> Receive();

 private:
  friend class Listener;
  explicit Connection(intptr_t socket) : socket_(socket) {}
  intptr_t socket_;
};

// Listener
//
// A listening TCP socket.
class Listener {
 public:
  // Binds `host`:`port` (port 0: any free port).
  static absl::StatusOr<Listener> Bind(const std::string& host, int port);
  Listener(Listener&& other) noexcept;
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener();

  int port() const { return port_; }
  absl::StatusOr<Connection> Accept();

 private:
  Listener(intptr_t socket, int port) : socket_(socket), port_(port) {}
  intptr_t socket_;
  int port_;
};

// Text()
//
// `bytes` as text for printing, with non-printable bytes escaped.
std::string Text(absl::Span<const uint8_t> bytes);

}  // namespace example

#endif  // CROSSAUTH_EXAMPLES_WIRE_H_
