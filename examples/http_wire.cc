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

namespace example {
namespace http {
namespace {

// Reads give up after 10 s of silence.
constexpr absl::Duration kReadTimeout = absl::Seconds(10);

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
  absl::StatusOr<TcpStream> stream =
      TcpStream::Connect(host, port, kReadTimeout);
  if (!stream.ok()) return stream.status();
  return Socket(*std::move(stream));
}

absl::Status Socket::Send(absl::string_view bytes) {
  return stream_.SendAll(bytes);
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
    absl::StatusOr<size_t> got = stream_.ReceiveSome(buffer, sizeof(buffer));
    if (!got.ok()) return got.status();
    if (*got == 0) {
      return absl::UnavailableError(
          "the peer closed the connection before the end of the head");
    }
    data.append(buffer, *got);
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
    absl::StatusOr<size_t> got = stream_.ReceiveSome(buffer, sizeof(buffer));
    if (!got.ok()) return got.status();
    if (*got == 0) {
      return absl::UnavailableError(
          "the peer closed the connection before the end of the body");
    }
    message.body.append(buffer, *got);
  }
  message.body.resize(length);
  return message;
}

absl::StatusOr<Listener> Listener::Bind(const std::string& host, int port) {
  absl::StatusOr<TcpListener> listener = TcpListener::Bind(host, port);
  if (!listener.ok()) return listener.status();
  return Listener(*std::move(listener));
}

absl::StatusOr<Socket> Listener::Accept() {
  absl::StatusOr<TcpStream> stream = listener_.Accept(kReadTimeout);
  if (!stream.ok()) return stream.status();
  return Socket(*std::move(stream));
}

}  // namespace http
}  // namespace example
