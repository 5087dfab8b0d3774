// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "peer/tcp.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
using SocketLength = int;
#define CLOSE_SOCKET closesocket
constexpr int kSendFlags = 0;
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
using SocketLength = socklen_t;
#define CLOSE_SOCKET close
// A peer that closes the connection is an error to report, not a SIGPIPE
// that kills the program.
constexpr int kSendFlags = MSG_NOSIGNAL;
#endif

namespace example {
namespace {

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

void SetReadTimeout(intptr_t socket, absl::Duration timeout) {
#ifdef _WIN32
  DWORD ms = static_cast<DWORD>(absl::ToInt64Milliseconds(timeout));
  setsockopt(static_cast<SOCKET>(socket), SOL_SOCKET, SO_RCVTIMEO,
             reinterpret_cast<const char*>(&ms), sizeof(ms));
#else
  timeval tv = absl::ToTimeval(timeout);
  setsockopt(static_cast<int>(socket), SOL_SOCKET, SO_RCVTIMEO, &tv,
             sizeof(tv));
#endif
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

absl::StatusOr<TcpStream> TcpStream::Connect(const std::string& host, int port,
                                             absl::Duration read_timeout) {
  if (!StartSockets()) return SocketError("WSAStartup");
  absl::StatusOr<sockaddr_in> address = Address(host, port);
  if (!address.ok()) return address.status();
  intptr_t s = static_cast<intptr_t>(socket(AF_INET, SOCK_STREAM, 0));
  if (s == kNoSocket) return SocketError("socket");
  TcpStream stream(s);
  if (connect(s, reinterpret_cast<const sockaddr*>(&*address),
              sizeof(*address)) != 0) {
    return SocketError(absl::StrCat("connect to ", host, ":", port));
  }
  SetReadTimeout(s, read_timeout);
  return stream;
}

TcpStream::TcpStream(TcpStream&& other) noexcept : socket_(other.socket_) {
  other.socket_ = kNoSocket;
}
TcpStream& TcpStream::operator=(TcpStream&& other) noexcept {
  std::swap(socket_, other.socket_);
  return *this;
}
TcpStream::~TcpStream() {
  if (socket_ != kNoSocket) CLOSE_SOCKET(socket_);
}

absl::Status TcpStream::SendAll(absl::string_view bytes) {
  while (!bytes.empty()) {
    int sent = static_cast<int>(send(
        socket_, bytes.data(), static_cast<int>(bytes.size()), kSendFlags));
    if (sent <= 0) return SocketError("send");
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return absl::OkStatus();
}

absl::StatusOr<size_t> TcpStream::ReceiveSome(char* buffer, size_t size) {
  int got = static_cast<int>(recv(socket_, buffer, static_cast<int>(size), 0));
  if (got < 0) return SocketError("recv");
  return static_cast<size_t>(got);
}

absl::Status TcpStream::ReceiveExactly(char* buffer, size_t size) {
  while (size > 0) {
    absl::StatusOr<size_t> got = ReceiveSome(buffer, size);
    if (!got.ok()) return got.status();
    if (*got == 0) {
      return absl::UnavailableError("the peer closed the connection");
    }
    buffer += *got;
    size -= *got;
  }
  return absl::OkStatus();
}

absl::StatusOr<TcpListener> TcpListener::Bind(const std::string& host,
                                              int port) {
  if (!StartSockets()) return SocketError("WSAStartup");
  absl::StatusOr<sockaddr_in> address = Address(host, port);
  if (!address.ok()) return address.status();
  intptr_t s = static_cast<intptr_t>(socket(AF_INET, SOCK_STREAM, 0));
  if (s == kNoSocket) return SocketError("socket");
  TcpListener listener(s, 0);
  int yes = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char*>(&yes),
             sizeof(yes));
  if (bind(s, reinterpret_cast<const sockaddr*>(&*address), sizeof(*address)) !=
      0) {
    return SocketError(absl::StrCat("bind to ", host, ":", port));
  }
  if (listen(s, 8) != 0) return SocketError("listen");
  sockaddr_in bound;
  SocketLength length = sizeof(bound);
  if (getsockname(s, reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
    return SocketError("getsockname");
  }
  listener.port_ = ntohs(bound.sin_port);
  return listener;
}

TcpListener::TcpListener(TcpListener&& other) noexcept
    : socket_(other.socket_), port_(other.port_) {
  other.socket_ = kNoSocket;
}
TcpListener::~TcpListener() {
  if (socket_ != kNoSocket) CLOSE_SOCKET(socket_);
}

absl::StatusOr<TcpStream> TcpListener::Accept(absl::Duration read_timeout) {
  intptr_t s = static_cast<intptr_t>(accept(socket_, nullptr, nullptr));
  if (s == kNoSocket) return SocketError("accept");
  TcpStream stream(s);
  SetReadTimeout(s, read_timeout);
  return stream;
}

}  // namespace example
