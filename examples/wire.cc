// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "examples/wire.h"

#include <cstring>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
using SocketLength = int;
#define CLOSE_SOCKET closesocket
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
using SocketLength = socklen_t;
#define CLOSE_SOCKET close
#endif

namespace example {
namespace {

constexpr size_t kMaxFrame = 1 << 20;
constexpr intptr_t kNoSocket = -1;

absl::Status SocketError(absl::string_view what) {
#ifdef _WIN32
  return absl::UnavailableError(
      absl::StrCat(what, " failed (WSA error ", WSAGetLastError(), ")"));
#else
  return absl::UnavailableError(
      absl::StrCat(what, " failed: ", std::strerror(errno)));
#endif
}

bool StartSockets() {
#ifdef _WIN32
  static const bool started = [] {
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  return started;
#else
  return true;
#endif
}

// Reads stop waiting after 30 s so that a silent peer cannot hang us.
void SetTimeouts(intptr_t socket) {
#ifdef _WIN32
  DWORD ms = 30000;
  setsockopt(static_cast<SOCKET>(socket), SOL_SOCKET, SO_RCVTIMEO,
             reinterpret_cast<const char*>(&ms), sizeof(ms));
#else
  timeval tv = {30, 0};
  setsockopt(static_cast<int>(socket), SOL_SOCKET, SO_RCVTIMEO, &tv,
             sizeof(tv));
#endif
}

absl::Status SendAll(intptr_t socket, const uint8_t* data, size_t size) {
  while (size > 0) {
    int sent =
        static_cast<int>(send(socket, reinterpret_cast<const char*>(data),
                              static_cast<int>(size), 0));
    if (sent <= 0) return SocketError("send");
    data += sent;
    size -= static_cast<size_t>(sent);
  }
  return absl::OkStatus();
}

absl::Status ReceiveAll(intptr_t socket, uint8_t* data, size_t size) {
  while (size > 0) {
    int got = static_cast<int>(
        recv(socket, reinterpret_cast<char*>(data), static_cast<int>(size), 0));
    if (got == 0)
      return absl::UnavailableError("the peer closed the connection");
    if (got < 0) return SocketError("recv");
    data += got;
    size -= static_cast<size_t>(got);
  }
  return absl::OkStatus();
}

absl::StatusOr<sockaddr_in> Address(const std::string& host, int port) {
  sockaddr_in address;
  std::memset(&address, 0, sizeof(address));
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", host, "\" is not an IPv4 address"));
  }
  return address;
}

}  // namespace

absl::StatusOr<Connection> Connection::Connect(const std::string& host,
                                               int port) {
  if (!StartSockets()) return SocketError("WSAStartup");
  absl::StatusOr<sockaddr_in> address = Address(host, port);
  if (!address.ok()) return address.status();
  intptr_t s = static_cast<intptr_t>(socket(AF_INET, SOCK_STREAM, 0));
  if (s == kNoSocket) return SocketError("socket");
  Connection connection(s);
  if (connect(s, reinterpret_cast<const sockaddr*>(&*address),
              sizeof(*address)) != 0) {
    return SocketError(absl::StrCat("connect to ", host, ":", port));
  }
  SetTimeouts(s);
  return connection;
}

Connection::Connection(Connection&& other) noexcept : socket_(other.socket_) {
  other.socket_ = kNoSocket;
}
Connection& Connection::operator=(Connection&& other) noexcept {
  std::swap(socket_, other.socket_);
  return *this;
}
Connection::~Connection() {
  if (socket_ != kNoSocket) CLOSE_SOCKET(socket_);
}

absl::Status Connection::Send(uint8_t flags,
                              absl::Span<const uint8_t> payload) {
  if (payload.size() > kMaxFrame) {
    return absl::InvalidArgumentError("frame larger than 1 MiB");
  }
  const uint32_t length = static_cast<uint32_t>(payload.size());
  const uint8_t header[5] = {flags, static_cast<uint8_t>(length >> 24),
                             static_cast<uint8_t>(length >> 16),
                             static_cast<uint8_t>(length >> 8),
                             static_cast<uint8_t>(length)};
  if (absl::Status s = SendAll(socket_, header, sizeof(header)); !s.ok()) {
    return s;
  }
  return SendAll(socket_, payload.data(), payload.size());
}

absl::StatusOr<Frame> Connection::Receive() {
  uint8_t header[5];
  if (absl::Status s = ReceiveAll(socket_, header, sizeof(header)); !s.ok()) {
    return s;
  }
  const size_t length = (size_t{header[1]} << 24) | (size_t{header[2]} << 16) |
                        (size_t{header[3]} << 8) | size_t{header[4]};
  if (length > kMaxFrame) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the peer announced a ", length, "-byte frame; the limit is 1 MiB"));
  }
  Frame frame;
  frame.flags = header[0];
  frame.payload.resize(length);
  if (absl::Status s = ReceiveAll(socket_, frame.payload.data(), length);
      !s.ok()) {
    return s;
  }
  return frame;
}

absl::StatusOr<Listener> Listener::Bind(const std::string& host, int port) {
  if (!StartSockets()) return SocketError("WSAStartup");
  absl::StatusOr<sockaddr_in> address = Address(host, port);
  if (!address.ok()) return address.status();
  intptr_t s = static_cast<intptr_t>(socket(AF_INET, SOCK_STREAM, 0));
  if (s == kNoSocket) return SocketError("socket");
  Listener listener(s, 0);
  int yes = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&yes),
             sizeof(yes));
  if (bind(s, reinterpret_cast<const sockaddr*>(&*address), sizeof(*address)) !=
      0) {
    return SocketError(absl::StrCat("bind to ", host, ":", port));
  }
  if (listen(s, 4) != 0) return SocketError("listen");
  sockaddr_in bound;
  SocketLength length = sizeof(bound);
  if (getsockname(s, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
    return SocketError("getsockname");
  }
  listener.port_ = ntohs(bound.sin_port);
  return listener;
}

Listener::Listener(Listener&& other) noexcept
    : socket_(other.socket_), port_(other.port_) {
  other.socket_ = kNoSocket;
}
Listener::~Listener() {
  if (socket_ != kNoSocket) CLOSE_SOCKET(socket_);
}

absl::StatusOr<Connection> Listener::Accept() {
  intptr_t s = static_cast<intptr_t>(accept(socket_, nullptr, nullptr));
  if (s == kNoSocket) return SocketError("accept");
  SetTimeouts(s);
  return Connection(s);
}

std::string Text(absl::Span<const uint8_t> bytes) {
  return absl::CHexEscape(absl::string_view(
      reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace example
