// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The in-place and scatter/gather message calls on SSPI (session.h): Wrap()
// appending, UnwrapInPlace(), MaxMessageSize(), WrapIovSizes(), WrapIov()
// and UnwrapIov(), over Kerberos and Negotiate contexts, under Wine in CI.
// Where Wine's packages cannot do a call, the test expects the exact
// refusal and says what Wine does (backends/sspi/sspi_quirks.h).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "backends/sspi/wrap_token.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;
using Code = absl::StatusCode;

constexpr size_t kRfc4121HeaderSizeForTest = internal::kRfc4121HeaderSize;

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<uint8_t>(i * 7 % 251);
  return bytes;
}

class SspiMessageApiTest : public SeamTest,
                           public ::testing::WithParamInterface<Mechanism> {};

INSTANTIATE_TEST_SUITE_P(Mechanisms, SspiMessageApiTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

TEST_P(SspiMessageApiTest, AppendedTokensAreWrapsAndThePeerOpensThem) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    for (size_t size : {size_t{0}, size_t{1}, size_t{17}, size_t{70001}}) {
      SCOPED_TRACE(size);
      const std::vector<uint8_t> message = Pattern(size);
      const std::vector<uint8_t> prefix = Bytes("kept in front");
      std::vector<uint8_t> out = prefix;
      ASSERT_OK(pair->client.Wrap(message, out, protection));
      ASSERT_GT(out.size(), prefix.size() + size);
      EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), out.begin()));
      const std::vector<uint8_t> token(out.begin() + prefix.size(), out.end());
      // The token Wrap() makes: an RFC 4121 Wrap token of the same size.
      absl::StatusOr<std::vector<uint8_t>> wrapped =
          pair->client.Wrap(message, protection);
      ASSERT_OK(wrapped);
      EXPECT_EQ(token.size(), wrapped->size());
      std::optional<internal::Rfc4121Header> header =
          internal::ParseRfc4121Header(token);
      ASSERT_TRUE(header.has_value());
      EXPECT_TRUE(header->wrap);
      EXPECT_EQ(header->sealed, protection == Protection::kConfidentiality);
      absl::StatusOr<UnwrappedMessage> opened =
          pair->server.Unwrap(token, Protection::kIntegrity);
      ASSERT_OK(opened);
      EXPECT_EQ(opened->message, message);
      EXPECT_EQ(opened->protection, protection);
      ASSERT_OK(pair->server.Unwrap(*wrapped, Protection::kIntegrity));
    }
  }
  // Appending again grows the same buffer.
  std::vector<uint8_t> out;
  ASSERT_OK(pair->server.Wrap(Bytes("one"), out));
  const size_t first = out.size();
  ASSERT_OK(pair->server.Wrap(Bytes("two"), out));
  absl::StatusOr<UnwrappedMessage> one =
      pair->client.Unwrap(absl::MakeConstSpan(out).first(first));
  ASSERT_OK(one);
  EXPECT_EQ(one->message, Bytes("one"));
  absl::StatusOr<UnwrappedMessage> two =
      pair->client.Unwrap(absl::MakeConstSpan(out).subspan(first));
  ASSERT_OK(two);
  EXPECT_EQ(two->message, Bytes("two"));
}

TEST_P(SspiMessageApiTest, UnwrapInPlaceOpensInsideTheToken) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    for (size_t size : {size_t{0}, size_t{5}, size_t{70001}}) {
      SCOPED_TRACE(size);
      const std::vector<uint8_t> message = Pattern(size);
      absl::StatusOr<std::vector<uint8_t>> token =
          pair->server.Wrap(message, protection);
      ASSERT_OK(token);
      std::vector<uint8_t> buffer = *token;
      absl::StatusOr<UnwrappedSpan> opened = pair->client.UnwrapInPlace(
          absl::MakeSpan(buffer), Protection::kIntegrity);
      ASSERT_OK(opened);
      EXPECT_EQ(opened->protection, protection);
      EXPECT_EQ(
          std::vector<uint8_t>(opened->message.begin(), opened->message.end()),
          message);
      if (size > 0) {
        EXPECT_GE(opened->message.data(), buffer.data());
        EXPECT_LE(opened->message.data() + opened->message.size(),
                  buffer.data() + buffer.size());
      }
      // The same token again is a replay, refused as Unwrap() refuses it,
      // and the buffer is wiped.
      std::vector<uint8_t> again = *token;
      EXPECT_THAT(pair->client.UnwrapInPlace(absl::MakeSpan(again),
                                             Protection::kIntegrity),
                  StatusIs(Code::kAborted, HasSubstr("DecryptMessage"),
                           ErrorReason::kReplayedMessage));
      EXPECT_EQ(again, std::vector<uint8_t>(again.size(), 0));
    }
  }
  // An altered token: DataLoss, wiped, no plaintext.
  absl::StatusOr<std::vector<uint8_t>> token =
      pair->client.Wrap(Bytes("secret payload"));
  ASSERT_OK(token);
  std::vector<uint8_t> altered = *token;
  altered.back() ^= 0x01;
  EXPECT_THAT(pair->server.UnwrapInPlace(absl::MakeSpan(altered)),
              StatusIs(Code::kDataLoss, HasSubstr("DecryptMessage"),
                       ErrorReason::kTamperedMessage));
  EXPECT_EQ(altered, std::vector<uint8_t>(altered.size(), 0));
  // An integrity-only message where confidentiality is the minimum (from
  // the server: the client's altered token left a gap on its own side).
  absl::StatusOr<std::vector<uint8_t>> signed_only =
      pair->server.Wrap(Bytes("signed"), Protection::kIntegrity);
  ASSERT_OK(signed_only);
  std::vector<uint8_t> buffer = *signed_only;
  EXPECT_THAT(pair->client.UnwrapInPlace(absl::MakeSpan(buffer)),
              StatusIs(Code::kPermissionDenied, HasSubstr("integrity"),
                       ErrorReason::kProtectionMissing));
  EXPECT_EQ(buffer, std::vector<uint8_t>(buffer.size(), 0));
}

// SecBuffer sizes are 32 bits: a message over 2 GiB is refused before any
// byte of it is read (the spans below, 4 GiB long over a 16-byte buffer,
// are never dereferenced).
TEST_P(SspiMessageApiTest, MessagesOverTwoGibibytesAreInvalidArgument) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  std::vector<uint8_t> small(16, 1);
  const size_t huge = (size_t{1} << 32) + 10;
  absl::Span<uint8_t> too_big(small.data(), huge);
  const auto refused = [huge](absl::string_view call) {
    return StatusIs(Code::kInvalidArgument,
                    absl::StrCat(call, ": the message has ", huge,
                                 " bytes; SSPI takes at most 2147483648 bytes "
                                 "per message (its buffer sizes are 32 bits)"),
                    ErrorReason::kInvalidArgument);
  };
  std::vector<uint8_t> out;
  EXPECT_THAT(pair->client.Wrap(too_big, out), refused("Wrap()"));
  EXPECT_TRUE(out.empty());
  EXPECT_THAT(pair->client.Wrap(too_big), refused("Wrap()"));
  EXPECT_THAT(pair->server.Unwrap(too_big), refused("Unwrap()"));
  EXPECT_THAT(pair->client.GetMic(too_big), refused("GetMic()"));
  EXPECT_THAT(pair->server.VerifyMic(too_big, small), refused("VerifyMic()"));
  // The data span starts where the header ends, so that the two share no
  // byte (the core refuses overlapping buffers first).
  std::vector<uint8_t> header(64);
  std::vector<IovBuffer> buffers = {
      {IovType::kHeader, absl::MakeSpan(header)},
      {IovType::kData,
       absl::Span<uint8_t>(header.data() + header.size(), huge)}};
  EXPECT_THAT(
      pair->client.WrapIov(absl::MakeSpan(buffers)),
      StatusIs(Code::kInvalidArgument, HasSubstr("WrapIov(): the message has"),
               ErrorReason::kInvalidArgument));
  // (UnwrapInPlace and UnwrapIov refuse the same way, but the session then
  // wipes the whole span, which here is not memory; they share FitsSspi().)
  absl::StatusOr<size_t> max = pair->client.MaxMessageSize(huge);
  ASSERT_OK(max);
  EXPECT_LE(*max, size_t{1} << 31);
}

TEST_P(SspiMessageApiTest, MaxMessageSizeIsTheLargestThatFits) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    for (size_t limit :
         {size_t{64}, size_t{100}, size_t{1000}, size_t{65536}}) {
      SCOPED_TRACE(limit);
      absl::StatusOr<size_t> max =
          pair->client.MaxMessageSize(limit, protection);
      ASSERT_OK(max);
      ASSERT_GT(*max, 0u);
      absl::StatusOr<std::vector<uint8_t>> fits =
          pair->client.Wrap(Pattern(*max), protection);
      ASSERT_OK(fits);
      EXPECT_LE(fits->size(), limit);
      // Exact under Wine, whose tokens are gss_wrap's; on Windows a bound
      // from SECPKG_ATTR_SIZES (exact for sealing with AES).
      if (RunningUnderWine()) {
        EXPECT_EQ(fits->size(), limit);
      }
      absl::StatusOr<std::vector<uint8_t>> over =
          pair->client.Wrap(Pattern(*max + 1), protection);
      ASSERT_OK(over);
      EXPECT_GT(over->size(), limit);
    }
    // Nothing fits in a few bytes.
    absl::StatusOr<size_t> none = pair->client.MaxMessageSize(8, protection);
    ASSERT_OK(none);
    EXPECT_EQ(*none, 0u);
  }
}

TEST_P(SspiMessageApiTest, ScatterGatherMessages) {
  absl::StatusOr<SessionPair> pair = Connect(GetParam());
  ASSERT_OK(pair);
  std::vector<uint8_t> header(128), data = Bytes("payload"), trailer(64);
  std::vector<IovBuffer> with_trailer = {
      {IovType::kHeader, absl::MakeSpan(header)},
      {IovType::kData, absl::MakeSpan(data)},
      {IovType::kTrailer, absl::MakeSpan(trailer)}};
  // SSPI's tokens have no trailer, on Windows as under Wine.
  EXPECT_THAT(pair->client.WrapIovSizes(with_trailer),
              StatusIs(Code::kInvalidArgument, HasSubstr("no trailer buffer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(pair->client.WrapIov(absl::MakeSpan(with_trailer)),
              StatusIs(Code::kInvalidArgument, HasSubstr("no trailer buffer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(pair->server.UnwrapIov(absl::MakeSpan(with_trailer)),
              StatusIs(Code::kInvalidArgument, HasSubstr("no trailer buffer"),
                       ErrorReason::kInvalidArgument));
  // Header, two data buffers and padding: Windows' layout (DCE/RPC), the
  // header holding everything but the data's ciphertext.
  for (Protection protection :
       {Protection::kConfidentiality, Protection::kIntegrity}) {
    SCOPED_TRACE(static_cast<int>(protection));
    std::vector<uint8_t> first = Bytes("first part, "), second = Pattern(1000),
                         padding(16);
    const std::vector<uint8_t> plain_first = first, plain_second = second;
    std::vector<uint8_t> head(256);
    std::vector<IovBuffer> iov = {{IovType::kHeader, absl::MakeSpan(head)},
                                  {IovType::kData, absl::MakeSpan(first)},
                                  {IovType::kPadding, absl::MakeSpan(padding)},
                                  {IovType::kData, absl::MakeSpan(second)}};
    absl::StatusOr<IovSizes> sizes = pair->client.WrapIovSizes(iov, protection);
    ASSERT_OK(sizes);
    EXPECT_EQ(sizes->trailer, 0u);
    absl::StatusOr<IovSizes> used =
        pair->client.WrapIov(absl::MakeSpan(iov), protection);
    ASSERT_OK(used);
    EXPECT_LE(used->header, sizes->header);
    EXPECT_LE(used->padding, sizes->padding);
    head.resize(used->header);
    padding.resize(used->padding);
    std::optional<internal::Rfc4121Header> parsed =
        internal::ParseRfc4121Header(head);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_TRUE(parsed->wrap);
    EXPECT_EQ(parsed->sealed, protection == Protection::kConfidentiality);
    if (RunningUnderWine()) {
      // Built from gss_wrap's token (sspi_quirks.h): exactly the header
      // WrapIovSizes() asked for, RRC as MIT's gss_wrap_iov and Windows
      // set it (the encrypted header copy and the 12-byte checksum of
      // aes*-cts-hmac-sha1-96, or the checksum alone), no padding.
      EXPECT_EQ(used->header, sizes->header);
      EXPECT_EQ(parsed->rrc,
                protection == Protection::kConfidentiality ? 28 : 12);
      EXPECT_EQ(used->padding, 0u);
    }
    EXPECT_EQ(first == plain_first && second == plain_second,
              protection == Protection::kIntegrity);
    // The peer opens it in place, given the same buffers.
    const std::vector<uint8_t> wrapped_first = first, wrapped_second = second;
    iov[0].data = absl::MakeSpan(head);
    iov[2].data = absl::MakeSpan(padding);
    absl::StatusOr<Protection> opened =
        pair->server.UnwrapIov(absl::MakeSpan(iov), Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(*opened, protection);
    EXPECT_EQ(first, plain_first);
    EXPECT_EQ(second, plain_second);
    // The same message again: a replay, and the data buffers are wiped.
    first = wrapped_first;
    second = wrapped_second;
    EXPECT_THAT(
        pair->server.UnwrapIov(absl::MakeSpan(iov), Protection::kIntegrity),
        StatusIs(Code::kAborted, HasSubstr("DecryptMessage"),
                 ErrorReason::kReplayedMessage));
    EXPECT_EQ(first, std::vector<uint8_t>(first.size(), 0));
    EXPECT_EQ(second, std::vector<uint8_t>(second.size(), 0));
  }
  // header || data is a whole token with its RRC, which Unwrap() (behind
  // it gss_unwrap under Wine) opens.
  std::vector<uint8_t> part = Bytes("one token"), head3(256);
  std::vector<IovBuffer> iov3 = {{IovType::kHeader, absl::MakeSpan(head3)},
                                 {IovType::kData, absl::MakeSpan(part)}};
  absl::StatusOr<IovSizes> used3 = pair->client.WrapIov(absl::MakeSpan(iov3));
  ASSERT_OK(used3);
  std::vector<uint8_t> whole(head3.begin(), head3.begin() + used3->header);
  whole.insert(whole.end(), part.begin(), part.end());
  absl::StatusOr<UnwrappedMessage> whole_opened = pair->server.Unwrap(whole);
  ASSERT_OK(whole_opened);
  EXPECT_EQ(whole_opened->message, Bytes("one token"));
  // A header altered in its checksum: refused, data wiped.
  std::vector<uint8_t> data2 = Bytes("tampered"), head2(256);
  std::vector<IovBuffer> iov2 = {{IovType::kHeader, absl::MakeSpan(head2)},
                                 {IovType::kData, absl::MakeSpan(data2)}};
  absl::StatusOr<IovSizes> used2 = pair->server.WrapIov(absl::MakeSpan(iov2));
  ASSERT_OK(used2);
  head2.resize(used2->header);
  head2[kRfc4121HeaderSizeForTest + 1] ^= 0x01;
  iov2[0].data = absl::MakeSpan(head2);
  EXPECT_THAT(pair->client.UnwrapIov(absl::MakeSpan(iov2)),
              StatusIs(Code::kDataLoss, HasSubstr("DecryptMessage"),
                       ErrorReason::kTamperedMessage));
  EXPECT_EQ(data2, std::vector<uint8_t>(data2.size(), 0));

  std::vector<uint8_t> signed_header = Bytes("pdu header");
  std::vector<IovBuffer> buffers = {
      {IovType::kSignOnly, absl::MakeSpan(signed_header)},
      {IovType::kHeader, absl::MakeSpan(header)},
      {IovType::kData, absl::MakeSpan(data)}};
  if (RunningUnderWine()) {
    // Wine 8's Kerberos package (Negotiate is it too) ignores
    // SECBUFFER_READONLY_WITH_CHECKSUM buffers and wraps one DATA buffer
    // with gss_wrap, which covers no clear bytes (dlls/kerberos/krb5_ap.c
    // SpSealMessage, unixlib.c seal_message_no_vector).
    for (absl::Status status :
         {pair->client.WrapIovSizes(buffers).status(),
          pair->client.WrapIov(absl::MakeSpan(buffers)).status(),
          pair->server.UnwrapIov(absl::MakeSpan(buffers)).status()}) {
      EXPECT_THAT(status, StatusIs(Code::kUnimplemented,
                                   HasSubstr("cannot cover sign-only buffers"),
                                   ErrorReason::kUnsupported));
    }
    // A failed UnwrapIov() wipes the data buffers (session.h).
    EXPECT_EQ(data, std::vector<uint8_t>(data.size(), 0));
    return;
  }
  // Windows: the DCE/RPC layout with a signed clear PDU header.
  data = Bytes("payload");
  absl::StatusOr<IovSizes> sizes = pair->client.WrapIovSizes(buffers);
  ASSERT_OK(sizes);
  header.assign(sizes->header, 0);
  buffers[1].data = absl::MakeSpan(header);
  absl::StatusOr<IovSizes> used = pair->client.WrapIov(absl::MakeSpan(buffers));
  ASSERT_OK(used);
  EXPECT_NE(data, Bytes("payload"));
  EXPECT_EQ(signed_header, Bytes("pdu header"));
  header.resize(used->header);
  buffers[1].data = absl::MakeSpan(header);
  absl::StatusOr<Protection> opened =
      pair->server.UnwrapIov(absl::MakeSpan(buffers));
  ASSERT_OK(opened);
  EXPECT_EQ(*opened, Protection::kConfidentiality);
  EXPECT_EQ(data, Bytes("payload"));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
