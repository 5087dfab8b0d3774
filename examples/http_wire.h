// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// http_wire.h: just enough HTTP/1.1 for the example HTTP client and server,
// on POSIX sockets and Winsock: one message per connection, no keep-alive.
// Bodies come by Content-Length, chunked (Transfer-Encoding: chunked, which
// Apache uses for CGI output), or for a response with neither, up to the end
// of the connection; every body is read whole or the read fails, never
// silently cut short. The head of a message is capped (kMaxHead), bodies too
// (kMaxBody), and reads time out, so a misbehaving peer can neither hang the
// examples nor make them allocate without bound.

#ifndef CROSSAUTH_EXAMPLES_HTTP_WIRE_H_
#define CROSSAUTH_EXAMPLES_HTTP_WIRE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "peer/tcp.h"

namespace example {
namespace http {

inline constexpr size_t kMaxHead = 128 * 1024;
inline constexpr size_t kMaxBody = 1024 * 1024;

// Message
//
// A request or a response: its first line, its header fields in order and
// its body.
struct Message {
  std::string start_line;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The values of every field called `name` (case-insensitive), in order.
  std::vector<absl::string_view> Values(absl::string_view name) const;
};

// Renders a message: the start line, the fields, Content-Length and body.
std::string Serialize(const Message& message);

// Socket
//
// A connected TCP socket; move-only, closed on destruction.
class Socket {
 public:
  static absl::StatusOr<Socket> Connect(const std::string& host, int port);

  absl::Status Send(absl::string_view bytes);

  // Reads one message, its body decoded. ResourceExhausted when the head
  // exceeds kMaxHead or the body kMaxBody; InvalidArgument for a malformed
  // head or chunked body, and for a message with both Content-Length and
  // Transfer-Encoding; Unimplemented for a transfer coding other than
  // chunked; Unavailable when the peer closes early or stays silent for
  // 10 s.
  absl::StatusOr<Message> Receive();

 private:
  friend class Listener;
  explicit Socket(TcpStream stream) : stream_(std::move(stream)) {}
  TcpStream stream_;
};

// Listener
//
// A listening TCP socket on an IPv4 address.
class Listener {
 public:
  // Binds `host`:`port` (port 0: any free port).
  static absl::StatusOr<Listener> Bind(const std::string& host, int port);
  int port() const { return listener_.port(); }
  absl::StatusOr<Socket> Accept();

 private:
  explicit Listener(TcpListener listener) : listener_(std::move(listener)) {}
  TcpListener listener_;
};

}  // namespace http
}  // namespace example

#endif  // CROSSAUTH_EXAMPLES_HTTP_WIRE_H_
