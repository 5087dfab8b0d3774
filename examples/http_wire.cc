// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "examples/http_wire.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

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
namespace http {
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

void SetTimeouts(intptr_t socket) {
#ifdef _WIN32
  DWORD ms = 10000;
  setsockopt(static_cast<SOCKET>(socket), SOL_SOCKET, SO_RCVTIMEO,
             reinterpret_cast<const char*>(&ms), sizeof(ms));
#else
  timeval tv = {10, 0};
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

bool IsTchar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("!#$%&'*+-.^_`|~").find(c) !=
             absl::string_view::npos;
}

absl::Status ParseHead(absl::string_view head, Message& message) {
  std::vector<absl::string_view> lines = absl::StrSplit(head, "\r\n");
  message.start_line = std::string(lines.front());
  for (size_t i = 1; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      return absl::InvalidArgumentError(
          absl::StrCat("header line ", i, " is a folded continuation"));
    }
    size_t colon = line.find(':');
    if (colon == absl::string_view::npos || colon == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("header line ", i, " has no field name and ':'"));
    }
    absl::string_view name = line.substr(0, colon);
    for (char c : name) {
      if (!IsTchar(c)) {
        return absl::InvalidArgumentError(
            absl::StrCat("header line ", i, " has an invalid field name"));
      }
    }
    absl::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
      value.remove_suffix(1);
    }
    message.headers.emplace_back(std::string(name), std::string(value));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<absl::string_view> Message::Values(absl::string_view name) const {
  std::vector<absl::string_view> values;
  for (const auto& [field, value] : headers) {
    if (absl::EqualsIgnoreCase(field, name)) values.push_back(value);
  }
  return values;
}

std::string Serialize(const Message& message) {
  std::string out = absl::StrCat(message.start_line, "\r\n");
  for (const auto& [name, value] : message.headers) {
    absl::StrAppend(&out, name, ": ", value, "\r\n");
  }
  absl::StrAppend(&out, "Content-Length: ", message.body.size(), "\r\n\r\n",
                  message.body);
  return out;
}

absl::StatusOr<Socket> Socket::Connect(const std::string& host, int port) {
  if (!StartSockets()) return SocketError("WSAStartup");
  absl::StatusOr<sockaddr_in> address = Address(host, port);
  if (!address.ok()) return address.status();
  intptr_t s = static_cast<intptr_t>(socket(AF_INET, SOCK_STREAM, 0));
  if (s == kNoSocket) return SocketError("socket");
  Socket connected(s);
  if (connect(s, reinterpret_cast<const sockaddr*>(&*address),
              sizeof(*address)) != 0) {
    return SocketError(absl::StrCat("connect to ", host, ":", port));
  }
  SetTimeouts(s);
  return connected;
}

Socket::Socket(Socket&& other) noexcept : socket_(other.socket_) {
  other.socket_ = kNoSocket;
}
Socket& Socket::operator=(Socket&& other) noexcept {
  std::swap(socket_, other.socket_);
  return *this;
}
Socket::~Socket() {
  if (socket_ != kNoSocket) CLOSE_SOCKET(socket_);
}

absl::Status Socket::Send(absl::string_view bytes) {
  while (!bytes.empty()) {
    int sent = static_cast<int>(
        send(socket_, bytes.data(), static_cast<int>(bytes.size()), 0));
    if (sent <= 0) return SocketError("send");
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return absl::OkStatus();
}

absl::StatusOr<Message> Socket::Receive() {
  std::string data;
  size_t head_end = std::string::npos;
  char buffer[16384];
  // Each pass reads at least one byte or stops, and data is capped.
  while (head_end == std::string::npos) {
    if (data.size() > kMaxHead) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the message head exceeds ", kMaxHead, " bytes"));
    }
    int got = static_cast<int>(recv(socket_, buffer, sizeof(buffer), 0));
    if (got == 0) {
      return absl::UnavailableError(
          "the peer closed the connection before the end of the head");
    }
    if (got < 0) return SocketError("recv");
    data.append(buffer, static_cast<size_t>(got));
    head_end = data.find("\r\n\r\n");
  }
  if (head_end > kMaxHead) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the message head exceeds ", kMaxHead, " bytes"));
  }
  Message message;
  if (absl::Status parsed =
          ParseHead(absl::string_view(data).substr(0, head_end), message);
      !parsed.ok()) {
    return parsed;
  }
  std::vector<absl::string_view> lengths = message.Values("Content-Length");
  size_t length = 0;
  if (lengths.size() > 1 ||
      (lengths.size() == 1 && !absl::SimpleAtoi(lengths[0], &length))) {
    return absl::InvalidArgumentError("a bad Content-Length");
  }
  if (length > kMaxBody) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the body exceeds ", kMaxBody, " bytes"));
  }
  message.body = data.substr(head_end + 4);
  while (message.body.size() < length) {
    int got = static_cast<int>(recv(socket_, buffer, sizeof(buffer), 0));
    if (got == 0) {
      return absl::UnavailableError(
          "the peer closed the connection before the end of the body");
    }
    if (got < 0) return SocketError("recv");
    message.body.append(buffer, static_cast<size_t>(got));
  }
  message.body.resize(length);
  return message;
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
  if (listen(s, 8) != 0) return SocketError("listen");
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

absl::StatusOr<Socket> Listener::Accept() {
  intptr_t s = static_cast<intptr_t>(accept(socket_, nullptr, nullptr));
  if (s == kNoSocket) return SocketError("accept");
  SetTimeouts(s);
  return Socket(s);
}

}  // namespace http
}  // namespace example
