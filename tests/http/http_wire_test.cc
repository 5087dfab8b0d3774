// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The example HTTP messages (examples/http_wire.h) against a peer on
// loopback that sends exactly the bytes each test gives: bodies by
// Content-Length, chunked (as Apache sends CGI output) and up to the end of
// the connection; every malformed or truncated body is an error, never a
// shorter body.

#include "examples/http_wire.h"

#include <csignal>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace example {
namespace http {
namespace {

using ::testing::HasSubstr;

// A peer that accepts one connection, sends `pieces` one after another and
// closes; returns what Socket::Receive() made of them.
absl::StatusOr<Message> ReceiveFrom(std::vector<std::string> pieces) {
  absl::StatusOr<Listener> listener = Listener::Bind("127.0.0.1", 0);
  if (!listener.ok()) return listener.status();
  absl::Status peer_status;
  std::thread peer([&] {
    absl::StatusOr<Socket> socket = listener->Accept();
    if (!socket.ok()) {
      peer_status = socket.status();
      return;
    }
    for (const std::string& piece : pieces) {
      if (absl::Status sent = socket->Send(piece); !sent.ok()) {
        peer_status = sent;
        return;
      }
    }
  });
  absl::StatusOr<Socket> socket =
      Socket::Connect("127.0.0.1", listener->port());
  absl::StatusOr<Message> message =
      socket.ok() ? socket->Receive() : socket.status();
  peer.join();
  // A send fails when this side stops reading early, which is no error.
  if (!peer_status.ok() && message.ok()) return peer_status;
  return message;
}

absl::StatusOr<Message> ReceiveFrom(std::string bytes) {
  return ReceiveFrom(std::vector<std::string>{std::move(bytes)});
}

// Every byte in its own send: the reader must join the pieces itself.
std::vector<std::string> OneByteAtATime(absl::string_view bytes) {
  std::vector<std::string> pieces;
  for (char c : bytes) pieces.emplace_back(1, c);
  return pieces;
}

constexpr char kChunkedHead[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
    "Transfer-Encoding: chunked\r\n\r\n";

// The code and a part of the message (this suite does not link
// crossauth's test support).
MATCHER_P2(StatusIs, code, substring, "") {
  if (arg.status().code() == code &&
      absl::StrContains(arg.status().message(), substring)) {
    return true;
  }
  *result_listener << "status is " << arg.status();
  return false;
}

class HttpWireTest : public ::testing::Test {
 protected:
  // A peer that closes while this side is still sending must not kill the
  // test with SIGPIPE.
  static void SetUpTestSuite() { std::signal(SIGPIPE, SIG_IGN); }
};

TEST_F(HttpWireTest, ContentLengthBodyIsReadWhole) {
  absl::StatusOr<Message> message =
      ReceiveFrom("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nHello, bob!");
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, "Hello, bob!");
}

TEST_F(HttpWireTest, ChunkedBodyIsDecoded) {
  // Apache's CGI output: chunks, an extension, upper-case hex, a trailer.
  const std::string bytes = absl::StrCat(kChunkedHead,
                                         "7\r\nHello, \r\n"
                                         "5;ext=\"v\"\r\nalice\r\n"
                                         "A\r\n@CROSSAUTH\r\n"
                                         "0\r\nX-Checksum: 1234\r\n\r\n");
  absl::StatusOr<Message> message = ReceiveFrom(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, "Hello, alice@CROSSAUTH");
  EXPECT_THAT(message->Values("Transfer-Encoding"),
              ::testing::ElementsAre("chunked"));

  message = ReceiveFrom(OneByteAtATime(bytes));
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, "Hello, alice@CROSSAUTH");
}

TEST_F(HttpWireTest, ChunkedCodingNameIsCaseInsensitive) {
  absl::StatusOr<Message> message = ReceiveFrom(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n");
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, "abc");
}

TEST_F(HttpWireTest, LargeChunkedBodyArrivesWhole) {
  std::string expected;
  std::string bytes = kChunkedHead;
  for (int i = 0; i < 40; ++i) {
    std::string chunk(10000, static_cast<char>('a' + i % 26));
    absl::StrAppend(&bytes, absl::Hex(chunk.size()), "\r\n", chunk, "\r\n");
    expected += chunk;
  }
  bytes += "0\r\n\r\n";
  absl::StatusOr<Message> message = ReceiveFrom(bytes);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, expected);
}

TEST_F(HttpWireTest, MalformedChunkedBodiesAreInvalidArgument) {
  const absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;
  const struct {
    const char* chunks;
    const char* error;
  } kCases[] = {
      {"zz\r\nabc\r\n0\r\n\r\n", "a chunk size that is not hexadecimal"},
      {"-3\r\nabc\r\n0\r\n\r\n", "a chunk size that is not hexadecimal"},
      {"\r\nabc\r\n0\r\n\r\n", "a chunk size of 0 hex digits"},
      {"000000003\r\nabc\r\n0\r\n\r\n", "a chunk size of 9 hex digits"},
      {"2\r\nabc\r\n0\r\n\r\n", "not followed by CRLF (its size is wrong)"},
      {"3\r\nabcX\r\n0\r\n\r\n", "not followed by CRLF"},
      {"3\nabc\r\n0\r\n\r\n", "a bare CR or LF"},
      {"3;a\x01\r\nabc\r\n0\r\n\r\n", "a control character in a chunk"},
      {"3\r\nabc\r\n0\r\nno colon here\r\n\r\n", "a trailer line has no"},
  };
  for (const auto& test : kCases) {
    SCOPED_TRACE(test.chunks);
    EXPECT_THAT(ReceiveFrom(absl::StrCat(kChunkedHead, test.chunks)),
                StatusIs(kInvalid, test.error));
  }
}

TEST_F(HttpWireTest, TruncatedChunkedBodyIsUnavailableNotShorter) {
  const absl::StatusCode kUnavailable = absl::StatusCode::kUnavailable;
  for (const char* chunks : {"5\r\nHello\r\n",              // no last chunk
                             "5\r\nHel",                    // inside a chunk
                             "5\r\nHello\r\n0\r\n",         // no trailer end
                             "5\r\nHello\r\n0\r\nX: y"}) {  // inside a trailer
    SCOPED_TRACE(chunks);
    EXPECT_THAT(ReceiveFrom(absl::StrCat(kChunkedHead, chunks)),
                StatusIs(kUnavailable,
                         "the peer closed the connection before the "
                         "end of the chunked"));
  }
}

TEST_F(HttpWireTest, OversizedChunkedBodyIsResourceExhausted) {
  // Refused from the size line alone: nothing of the chunk is read.
  EXPECT_THAT(
      ReceiveFrom(absl::StrCat(kChunkedHead, "FFFFFFFF\r\nabc")),
      StatusIs(absl::StatusCode::kResourceExhausted,
               absl::StrCat("the chunked body exceeds ", kMaxBody, " bytes")));
  // Chunks that add up to more.
  std::string bytes = kChunkedHead;
  const std::string chunk(512 * 1024, 'x');
  for (int i = 0; i < 3; ++i) {
    absl::StrAppend(&bytes, absl::Hex(chunk.size()), "\r\n", chunk, "\r\n");
  }
  EXPECT_THAT(ReceiveFrom(bytes), StatusIs(absl::StatusCode::kResourceExhausted,
                                           "the chunked body exceeds"));
  // A chunk-size line without end.
  EXPECT_THAT(
      ReceiveFrom(absl::StrCat(kChunkedHead, "1;", std::string(8000, 'e'))),
      StatusIs(absl::StatusCode::kResourceExhausted,
               "a chunk-size line exceeds 4096 bytes"));
}

TEST_F(HttpWireTest, OtherTransferCodingsAreRefused) {
  EXPECT_THAT(ReceiveFrom("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, "
                          "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       "Transfer-Encoding \"gzip, chunked\" is not supported"));
  EXPECT_THAT(ReceiveFrom("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
              StatusIs(absl::StatusCode::kUnimplemented,
                       "\"chunked, chunked\" is not supported"));
  EXPECT_THAT(ReceiveFrom("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                          "Content-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "both Transfer-Encoding and Content-Length"));
}

TEST_F(HttpWireTest, ResponseWithoutLengthRunsToTheEndOfTheConnection) {
  absl::StatusOr<Message> message = ReceiveFrom(std::vector<std::string>{
      "HTTP/1.0 200 OK\r\n\r\nuntil ", "the peer closes"});
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, "until the peer closes");
  // Except where a response never has a body.
  message = ReceiveFrom("HTTP/1.1 204 No Content\r\n\r\n");
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, "");
  // A request without a length has no body.
  message = ReceiveFrom("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(message->body, "");
  // Bounded like every body.
  EXPECT_THAT(
      ReceiveFrom(absl::StrCat("HTTP/1.0 200 OK\r\n\r\n",
                               std::string(kMaxBody + 1, 'x'))),
      StatusIs(absl::StatusCode::kResourceExhausted, "the body exceeds"));
}

TEST_F(HttpWireTest, BadContentLengthsAreInvalidArgument) {
  for (const char* length : {"+5", "5 5", "0x5", "-1", ""}) {
    SCOPED_TRACE(length);
    EXPECT_THAT(
        ReceiveFrom(absl::StrCat("HTTP/1.1 200 OK\r\nContent-Length: ", length,
                                 "\r\n\r\nabcde")),
        StatusIs(absl::StatusCode::kInvalidArgument, "a bad Content-Length"));
  }
  EXPECT_THAT(
      ReceiveFrom("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"),
      StatusIs(absl::StatusCode::kUnavailable, "before the end of the body"));
}

}  // namespace
}  // namespace http
}  // namespace example
