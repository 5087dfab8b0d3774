// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The message APIs of session.h on NTLM (tests/session/message_api_test.cc
// has Kerberos and SPNEGO). Built into the NTLM suite (crossauth_ntlm_tests),
// the only one that sees NTLM, with carol, an NTLM-only user (see
// tests/ntlm/ntlm_test.cc for how each backend gets NTLM).
//
// gss-ntlmssp has no IOV calls (no gss_wrap_iov, gss_unwrap_iov or
// gss_wrap_iov_length), so on GSS-API Wrap() appending falls back on
// gss_wrap, UnwrapInPlace() on gss_unwrap with the plaintext copied into the
// token, and the scatter/gather calls are Unimplemented. It always seals:
// an integrity-only request is encrypted all the same.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "backends/common/hints.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/bytes.h"
#include "tests/support/expected.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

constexpr char kNtlmUser[] = "CROSSAUTH\\carol";
constexpr char kNtlmPassword[] = "carol-Pw-2468";

std::vector<uint8_t> Pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<uint8_t>(seed + 1 + (i * 11) % 251);
  }
  return bytes;
}

class NtlmMessageApiTest : public SeamTest {
 protected:
  void SetUp() override {
    SeamTest::SetUp();
    if (RunningUnderWine()) {
      // As in tests/ntlm/ntlm_test.cc: Wine 8's NTLM acceptor never derives
      // the NTLM2 session-security keys, so it fails every message.
      GTEST_SKIP() << "Wine's NTLM acceptor cannot unwrap (no NTLM2 keys)";
    }
    CredentialOptions carol;
    carol.principal = kNtlmUser;
    carol.password = Secret(kNtlmPassword);
    carol.mechanisms = {Mechanism::kNtlm};
    absl::StatusOr<Credential> client_credential = Credential::Acquire(carol);
    ASSERT_OK(client_credential);
    CredentialOptions acceptor;
    acceptor.usage = Usage::kAccept;
    acceptor.replay_cache = kTestReplayCache;
    acceptor.principal = std::string(kService) + "@" + kHost;
    acceptor.mechanisms = {Mechanism::kNtlm};
    absl::StatusOr<Credential> server_credential =
        Credential::Acquire(acceptor);
    ASSERT_OK(server_credential);
    // NTLM proves the server only through the session key.
    ClientOptions options = ToService(Mechanism::kNtlm);
    options.flags.mutual = false;
    absl::StatusOr<SessionPair> pair =
        ConnectWith(*client_credential, *server_credential, options);
    ASSERT_OK(pair);
    pair_.emplace(*std::move(pair));
  }
  void TearDown() override {
    pair_.reset();
    SeamTest::TearDown();
  }

  ClientSession& client() { return pair_->client; }
  ServerSession& server() { return pair_->server; }

 private:
  std::optional<SessionPair> pair_;
};

TEST_F(NtlmMessageApiTest, AppendingWrapAndUnwrapInPlaceRoundTrip) {
  for (size_t size :
       {size_t{1}, size_t{100}, size_t{16 * 1024}, size_t{64 * 1024 + 3}}) {
    SCOPED_TRACE(testing::Message() << "size " << size);
    const std::vector<uint8_t> message = Pattern(size, 1);
    const std::vector<uint8_t> prefix = Bytes("frame:");
    std::vector<uint8_t> out = prefix;
    ASSERT_OK(client().Wrap(message, out));
    EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), out.begin()));
    absl::Span<uint8_t> token = absl::MakeSpan(out).subspan(prefix.size());
    absl::StatusOr<UnwrappedSpan> opened = server().UnwrapInPlace(token);
    ASSERT_OK(opened);
    EXPECT_EQ(opened->protection, Protection::kConfidentiality);
    EXPECT_EQ(ToVector(opened->message), message);
    EXPECT_EQ(opened->message.data(), token.data());

    std::vector<uint8_t> reply;
    ASSERT_OK(server().Wrap(message, reply));
    absl::StatusOr<UnwrappedSpan> back =
        client().UnwrapInPlace(absl::MakeSpan(reply));
    ASSERT_OK(back);
    EXPECT_EQ(ToVector(back->message), message);
  }
}

TEST_F(NtlmMessageApiTest, AppendedTokensAndWrapTokensAreInterchangeable) {
  const std::vector<uint8_t> message = Pattern(777, 2);
  std::vector<uint8_t> out;
  ASSERT_OK(client().Wrap(message, out));
  absl::StatusOr<UnwrappedMessage> opened = server().Unwrap(out);
  ASSERT_OK(opened);
  EXPECT_EQ(opened->message, message);
  absl::StatusOr<std::vector<uint8_t>> sealed = client().Wrap(message);
  ASSERT_OK(sealed);
  absl::StatusOr<UnwrappedSpan> in_place =
      server().UnwrapInPlace(absl::MakeSpan(*sealed));
  ASSERT_OK(in_place);
  EXPECT_EQ(ToVector(in_place->message), message);
}

TEST_F(NtlmMessageApiTest, TamperedTokenInPlaceIsDataLossAndWiped) {
  std::vector<uint8_t> token;
  ASSERT_OK(client().Wrap(Pattern(200, 3), token));
  token.back() ^= 0x40;
  EXPECT_THAT(server().UnwrapInPlace(absl::MakeSpan(token)),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr(internal::kHintMessageAltered),
                       ErrorReason::kTamperedMessage));
  EXPECT_TRUE(AllZero(token));
}

TEST_F(NtlmMessageApiTest, TokenShorterThanTheSignatureIsDataLossAndWiped) {
  std::vector<uint8_t> token(15, 0x0a);
  EXPECT_THAT(
      server().UnwrapInPlace(absl::MakeSpan(token)),
      StatusIs(absl::StatusCode::kDataLoss,
               HasSubstr("UnwrapInPlace(): the NTLM token has 15 bytes, fewer "
                         "than its 16-byte signature"),
               ErrorReason::kTamperedMessage));
  EXPECT_TRUE(AllZero(token));
}

TEST_F(NtlmMessageApiTest, MaxMessageSizeIsTheLargestMessageThatFits) {
  for (size_t limit : {size_t{100}, size_t{4096}}) {
    absl::StatusOr<size_t> max = client().MaxMessageSize(limit);
    ASSERT_OK(max);
    ASSERT_GT(*max, 0u);
    std::vector<uint8_t> fits;
    ASSERT_OK(client().Wrap(Pattern(*max, 4), fits));
    EXPECT_LE(fits.size(), limit);
    std::vector<uint8_t> too_big;
    ASSERT_OK(client().Wrap(Pattern(*max + 1, 4), too_big));
    EXPECT_GT(too_big.size(), limit);
  }
  absl::StatusOr<size_t> tiny = client().MaxMessageSize(10);
  ASSERT_OK(tiny);
  EXPECT_EQ(*tiny, 0u);
}

TEST_F(NtlmMessageApiTest, ScatterGatherCalls) {
  std::vector<uint8_t> header(64), data = Pattern(100, 5), padding(16);
  std::vector<IovBuffer> buffers = {
      {IovType::kHeader, absl::MakeSpan(header)},
      {IovType::kData, absl::MakeSpan(data)},
      {IovType::kPadding, absl::MakeSpan(padding)}};
#if CROSSAUTH_TEST_BACKEND_GSSAPI
  // gss-ntlmssp has no IOV calls.
  for (const char* call : {"WrapIovSizes()", "WrapIov()"}) {
    absl::Status status =
        std::string(call) == "WrapIov()"
            ? client().WrapIov(absl::MakeSpan(buffers)).status()
            : client().WrapIovSizes(buffers).status();
    EXPECT_THAT(status,
                StatusIs(absl::StatusCode::kUnimplemented,
                         HasSubstr(std::string(call) +
                                   ": this session's GSS-API mechanism has no "
                                   "gss_wrap_iov"),
                         ErrorReason::kUnsupported));
  }
  EXPECT_EQ(data, Pattern(100, 5));  // nothing was written
  EXPECT_THAT(server().UnwrapIov(absl::MakeSpan(buffers)),
              StatusIs(absl::StatusCode::kUnimplemented,
                       HasSubstr("UnwrapIov(): this session's GSS-API "
                                 "mechanism has no gss_unwrap_iov"),
                       ErrorReason::kUnsupported));
  // The session goes on with the calls NTLM has.
  std::vector<uint8_t> out;
  ASSERT_OK(client().Wrap(Pattern(10, 6), out));
  ASSERT_OK(server().UnwrapInPlace(absl::MakeSpan(out)));
#else
  absl::StatusOr<IovSizes> sizes = client().WrapIovSizes(buffers);
  ASSERT_OK(sizes);
  header.resize(sizes->header);
  padding.resize(sizes->padding);
  buffers[0].data = absl::MakeSpan(header);
  buffers[2].data = absl::MakeSpan(padding);
  absl::StatusOr<IovSizes> used = client().WrapIov(absl::MakeSpan(buffers));
  ASSERT_OK(used);
  header.resize(used->header);
  padding.resize(used->padding);
  buffers[0].data = absl::MakeSpan(header);
  buffers[2].data = absl::MakeSpan(padding);
  absl::StatusOr<Protection> opened =
      server().UnwrapIov(absl::MakeSpan(buffers));
  ASSERT_OK(opened);
  EXPECT_EQ(data, Pattern(100, 5));
#endif
}

}  // namespace
}  // namespace test
}  // namespace crossauth
