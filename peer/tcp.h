// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// tcp.h: the peer programs' TCP sockets, on POSIX and Winsock alike. The
// gss-sample framing (wire.h) and the example HTTP messages
// (examples/http_wire.h) sit on top.

#ifndef CROSSAUTH_PEER_TCP_H_
#define CROSSAUTH_PEER_TCP_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace example {

// TcpStream
//
// A connected TCP socket whose reads give up after a timeout, so that a
// silent peer cannot hang a program; move-only, closed on destruction.
class TcpStream {
 public:
  // Connects to `host` (an IPv4 address) and `port`.
  static absl::StatusOr<TcpStream> Connect(const std::string& host, int port,
                                           absl::Duration read_timeout);
  TcpStream(TcpStream&& other) noexcept;
  TcpStream& operator=(TcpStream&& other) noexcept;
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;
  ~TcpStream();

  absl::Status SendAll(absl::string_view bytes);
  // Reads what is there, up to `size` bytes; 0 when the peer closed.
  absl::StatusOr<size_t> ReceiveSome(char* buffer, size_t size);
  // Reads exactly `size` bytes; Unavailable when the peer closes first.
  absl::Status ReceiveExactly(char* buffer, size_t size);

 private:
  friend class TcpListener;
  explicit TcpStream(intptr_t socket) : socket_(socket) {}
  intptr_t socket_;
};

// TcpListener
//
// A listening TCP socket on an IPv4 address.
class TcpListener {
 public:
  // Binds `host`:`port` (port 0: any free port).
  static absl::StatusOr<TcpListener> Bind(const std::string& host, int port);
  TcpListener(TcpListener&& other) noexcept;
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;
  ~TcpListener();

  int port() const { return port_; }
  absl::StatusOr<TcpStream> Accept(absl::Duration read_timeout);

 private:
  TcpListener(intptr_t socket, int port) : socket_(socket), port_(port) {}
  intptr_t socket_;
  int port_;
};

}  // namespace example

#endif  // CROSSAUTH_PEER_TCP_H_
