// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "examples/http_wire.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

// A chunk-size line or a trailer line longer than this is refused.
constexpr size_t kMaxLine = 4096;
// At most this many chunks, so a body of empty extensions cannot keep a
// reader busy for long.
constexpr size_t kMaxChunks = 65536;

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Reads the rest of a message from the bytes after its head and then from
// the stream. Every read either makes progress or fails, and every size is
// checked against its cap before anything is read.
class BodyReader {
 public:
  BodyReader(TcpStream& stream, std::string initial)
      : stream_(stream), data_(std::move(initial)) {}

  // Exactly `size` bytes.
  absl::Status Read(size_t size, std::string& out, absl::string_view what) {
    while (data_.size() - pos_ < size) {
      if (absl::Status more = Fill(what); !more.ok()) return more;
    }
    out.append(data_, pos_, size);
    pos_ += size;
    Compact();
    return absl::OkStatus();
  }

  // One line of a chunked body without its CRLF (`what` names the line in
  // errors); a bare LF or CR is malformed.
  absl::StatusOr<std::string> Line(absl::string_view what) {
    size_t end;
    while ((end = data_.find("\r\n", pos_)) == std::string::npos) {
      if (data_.size() - pos_ > kMaxLine) {
        return absl::ResourceExhaustedError(
            absl::StrCat("a ", what, " line exceeds ", kMaxLine, " bytes"));
      }
      if (absl::Status more = Fill("chunked body"); !more.ok()) return more;
    }
    if (end - pos_ > kMaxLine) {
      return absl::ResourceExhaustedError(
          absl::StrCat("a ", what, " line exceeds ", kMaxLine, " bytes"));
    }
    std::string line = data_.substr(pos_, end - pos_);
    pos_ = end + 2;
    Compact();
    if (line.find_first_of("\r\n") != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("a ", what, " line holds a bare CR or LF"));
    }
    return line;
  }

  // Everything up to the end of the stream, at most `limit` bytes in all.
  absl::Status ReadToEnd(std::string& out, size_t limit) {
    while (true) {
      out.append(data_, pos_, std::string::npos);
      data_.clear();
      pos_ = 0;
      if (out.size() > limit) {
        return absl::ResourceExhaustedError(
            absl::StrCat("the body exceeds ", limit, " bytes"));
      }
      char buffer[16384];
      absl::StatusOr<size_t> got = stream_.ReceiveSome(buffer, sizeof(buffer));
      if (!got.ok()) return got.status();
      if (*got == 0) return absl::OkStatus();
      data_.append(buffer, *got);
    }
  }

 private:
  absl::Status Fill(absl::string_view what) {
    char buffer[16384];
    absl::StatusOr<size_t> got = stream_.ReceiveSome(buffer, sizeof(buffer));
    if (!got.ok()) return got.status();
    if (*got == 0) {
      return absl::UnavailableError(absl::StrCat(
          "the peer closed the connection before the end of the ", what));
    }
    data_.append(buffer, *got);
    return absl::OkStatus();
  }
  void Compact() {
    if (pos_ > 65536) {
      data_.erase(0, pos_);
      pos_ = 0;
    }
  }

  TcpStream& stream_;
  std::string data_;
  size_t pos_ = 0;
};

// RFC 9112, section 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data
// CRLF, ended by a last chunk of size 0 and the trailer section. Trailer
// fields are read, checked for shape and dropped. Every malformed part is
// InvalidArgument; a body past kMaxBody is ResourceExhausted.
absl::Status ReadChunked(BodyReader& reader, std::string& body) {
  for (size_t chunks = 0;; ++chunks) {
    if (chunks == kMaxChunks) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the chunked body has more than ", kMaxChunks, " chunks"));
    }
    absl::StatusOr<std::string> line = reader.Line("chunk-size");
    if (!line.ok()) return line.status();
    absl::string_view size_text = *line;
    size_t extension = size_text.find(';');
    if (extension != absl::string_view::npos) {
      // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ):
      // ignored, but no controls.
      for (char c : size_text.substr(extension)) {
        const unsigned char u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f) {
          return absl::InvalidArgumentError(
              "malformed chunked body: a control character in a chunk "
              "extension");
        }
      }
      size_text = size_text.substr(0, extension);
      while (!size_text.empty() &&
             (size_text.back() == ' ' || size_text.back() == '\t')) {
        size_text.remove_suffix(1);
      }
    }
    if (size_text.empty() || size_text.size() > 8) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed chunked body: a chunk size of ",
                       size_text.size(), " hex digits (expected 1 to 8)"));
    }
    size_t size = 0;
    for (char c : size_text) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
        return absl::InvalidArgumentError(
            "malformed chunked body: a chunk size that is not hexadecimal");
      }
      size = size * 16 +
             static_cast<size_t>(absl::ascii_isdigit(c)
                                     ? c - '0'
                                     : absl::ascii_tolower(c) - 'a' + 10);
    }
    if (size == 0) break;
    if (size > kMaxBody - body.size()) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the chunked body exceeds ", kMaxBody, " bytes"));
    }
    if (absl::Status read = reader.Read(size, body, "chunked body");
        !read.ok()) {
      return read;
    }
    std::string crlf;
    if (absl::Status read = reader.Read(2, crlf, "chunked body"); !read.ok()) {
      return read;
    }
    if (crlf != "\r\n") {
      return absl::InvalidArgumentError(
          "malformed chunked body: a chunk's data is not followed by CRLF "
          "(its size is wrong)");
    }
  }
  // trailer-section = *( field-line CRLF ) CRLF
  size_t trailer_bytes = 0;
  while (true) {
    absl::StatusOr<std::string> line = reader.Line("chunked trailer");
    if (!line.ok()) return line.status();
    if (line->empty()) break;
    trailer_bytes += line->size() + 2;
    if (trailer_bytes > kMaxHead) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the chunked body's trailer exceeds ", kMaxHead, " bytes"));
    }
    size_t colon = line->find(':');
    if (colon == std::string::npos || colon == 0) {
      return absl::InvalidArgumentError(
          "malformed chunked body: a trailer line has no field name and ':'");
    }
  }
  return absl::OkStatus();
}

// The response status code from "HTTP/1.1 200 OK", or 0.
int ResponseCode(absl::string_view start_line) {
  int code = 0;
  if (start_line.size() < 12 || !absl::StartsWith(start_line, "HTTP/") ||
      start_line[8] != ' ' || !AllDigits(start_line.substr(9, 3)) ||
      !absl::SimpleAtoi(start_line.substr(9, 3), &code)) {
    return 0;
  }
  return code;
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
  std::vector<absl::string_view> encodings =
      message.Values("Transfer-Encoding");
  BodyReader reader(stream_, data.substr(head_end + 4));
  if (!encodings.empty()) {
    // A message with both is a request-smuggling signal (RFC 9112, section
    // 6.3): refuse it rather than pick one.
    if (!lengths.empty()) {
      return absl::InvalidArgumentError(
          "the message has both Transfer-Encoding and Content-Length");
    }
    std::vector<std::string> codings;
    for (absl::string_view value : encodings) {
      for (absl::string_view coding : absl::StrSplit(value, ',')) {
        codings.push_back(
            absl::AsciiStrToLower(absl::StripAsciiWhitespace(coding)));
      }
    }
    if (codings.size() != 1 || codings[0] != "chunked") {
      return absl::UnimplementedError(absl::StrCat(
          "Transfer-Encoding \"",
          absl::CHexEscape(absl::StrJoin(codings, ", ").substr(0, 80)),
          "\" is not supported; only \"chunked\" is"));
    }
    if (absl::Status read = ReadChunked(reader, message.body); !read.ok()) {
      return read;
    }
    return message;
  }
  if (lengths.empty()) {
    // A request without either has no body; a response without either runs
    // to the end of the connection (RFC 9112, section 6.3), except those
    // that never have one.
    const int code = ResponseCode(message.start_line);
    if (code == 0 || code / 100 == 1 || code == 204 || code == 304) {
      return message;
    }
    if (absl::Status read = reader.ReadToEnd(message.body, kMaxBody);
        !read.ok()) {
      return read;
    }
    return message;
  }
  size_t length = 0;
  if (lengths.size() > 1 || !AllDigits(lengths[0]) ||
      !absl::SimpleAtoi(lengths[0], &length)) {
    return absl::InvalidArgumentError("a bad Content-Length");
  }
  if (length > kMaxBody) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the body exceeds ", kMaxBody, " bytes"));
  }
  if (absl::Status read = reader.Read(length, message.body, "body");
      !read.ok()) {
    return read;
  }
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
