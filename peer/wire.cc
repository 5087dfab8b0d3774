// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "peer/wire.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace example {
namespace {

constexpr size_t kMaxFrame = 1 << 20;

// Reads stop waiting after 30 s so that a silent peer cannot hang us.
constexpr absl::Duration kReadTimeout = absl::Seconds(30);

absl::string_view Chars(absl::Span<const uint8_t> bytes) {
  return absl::string_view(reinterpret_cast<const char*>(bytes.data()),
                           bytes.size());
}

}  // namespace

absl::StatusOr<Connection> Connection::Connect(const std::string& host,
                                               int port) {
  absl::StatusOr<TcpStream> stream =
      TcpStream::Connect(host, port, kReadTimeout);
  if (!stream.ok()) return stream.status();
  return Connection(*std::move(stream));
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
  if (absl::Status s = stream_.SendAll(Chars(header)); !s.ok()) return s;
  return stream_.SendAll(Chars(payload));
}

absl::StatusOr<Frame> Connection::Receive() {
  uint8_t header[5];
  if (absl::Status s = stream_.ReceiveExactly(reinterpret_cast<char*>(header),
                                              sizeof(header));
      !s.ok()) {
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
  if (absl::Status s = stream_.ReceiveExactly(
          reinterpret_cast<char*>(frame.payload.data()), length);
      !s.ok()) {
    return s;
  }
  return frame;
}

absl::StatusOr<Listener> Listener::Bind(const std::string& host, int port) {
  absl::StatusOr<TcpListener> listener = TcpListener::Bind(host, port);
  if (!listener.ok()) return listener.status();
  return Listener(*std::move(listener));
}

absl::StatusOr<Connection> Listener::Accept() {
  absl::StatusOr<TcpStream> stream = listener_.Accept(kReadTimeout);
  if (!stream.ok()) return stream.status();
  return Connection(*std::move(stream));
}

std::string Text(absl::Span<const uint8_t> bytes) {
  return absl::CHexEscape(Chars(bytes));
}

}  // namespace example
