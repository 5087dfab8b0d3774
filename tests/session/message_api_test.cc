// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The message APIs for services that move a lot of data (session.h): Wrap()
// appending into a caller's buffer, UnwrapInPlace(), MaxMessageSize(), and
// the scatter/gather calls WrapIovSizes(), WrapIov() and UnwrapIov(), for
// Kerberos and SPNEGO against the suite's KDC. The same source runs on
// GSS-API and (under Wine) on SSPI; expectations that only one backend can
// meet are guarded by CROSSAUTH_TEST_BACKEND_*. NTLM's part is
// tests/session/message_api_ntlm_test.cc, built into the NTLM suite, the
// only one that sees NTLM.
//
// Layout of this file:
//   1. helpers (patterns, zero checks, a scatter/gather message)
//   2. Wrap() appending and UnwrapInPlace(): round trips, errors
//   3. MaxMessageSize()
//   4. WrapIovSizes(), WrapIov(), UnwrapIov()
//   5. calls before the handshake is complete

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "backends/common/hints.h"
#include "crossauth/credential.h"
#include "crossauth/error.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/bytes.h"
#include "tests/support/expected.h"
#include "tests/support/handshake.h"
#include "tests/support/native_seam.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// ---------------------------------------------------------------------------
// 1. Helpers

// `size` bytes that differ from message to message (and are never all zero).
std::vector<uint8_t> Pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<uint8_t>(seed + 1 + (i * 7) % 251);
  }
  return bytes;
}

// True when `inner` lies within `outer`.
bool Within(absl::Span<const uint8_t> inner, absl::Span<const uint8_t> outer) {
  return inner.data() >= outer.data() &&
         inner.data() + inner.size() <= outer.data() + outer.size();
}

const Protection kProtections[] = {Protection::kConfidentiality,
                                   Protection::kIntegrity};

// The message sizes of the round trips: the smallest, around a cipher
// block, a page, and past 64 KiB.
const size_t kSizes[] = {1, 15, 16, 17, 1000, 4096, 16 * 1024, 64 * 1024 + 3};

// A scatter/gather message: its buffers' storage and the IovBuffers over
// it, in the order given.
class IovMessage {
 public:
  // Adds a buffer of `type` with `bytes` (for data and sign-only buffers:
  // the message; for the others: room, usually zeros).
  IovMessage& Add(IovType type, std::vector<uint8_t> bytes) {
    types_.push_back(type);
    storage_.push_back(std::move(bytes));
    return *this;
  }
  IovMessage& Add(IovType type, size_t size) {
    return Add(type, std::vector<uint8_t>(size));
  }

  // The IovBuffers over the storage (rebuilt: Add() may move storage).
  absl::Span<IovBuffer> buffers() {
    buffers_.clear();
    for (size_t i = 0; i < types_.size(); ++i) {
      buffers_.push_back(IovBuffer{types_[i], absl::MakeSpan(storage_[i])});
    }
    return absl::MakeSpan(buffers_);
  }

  // The storage of buffer `i`.
  std::vector<uint8_t>& bytes(size_t i) { return storage_[i]; }
  size_t size() const { return types_.size(); }
  IovType type(size_t i) const { return types_[i]; }

  // Gives each header, padding and trailer buffer the size WrapIov()
  // reported (what a sender puts on the wire).
  void Shrink(const IovSizes& used) {
    for (size_t i = 0; i < types_.size(); ++i) {
      if (types_[i] == IovType::kHeader) storage_[i].resize(used.header);
      if (types_[i] == IovType::kPadding) storage_[i].resize(used.padding);
      if (types_[i] == IovType::kTrailer) storage_[i].resize(used.trailer);
    }
  }

  // Sizes every header, padding and trailer buffer as `sizes` says.
  void Allot(const IovSizes& sizes) {
    for (size_t i = 0; i < types_.size(); ++i) {
      if (types_[i] == IovType::kHeader) storage_[i].assign(sizes.header, 0);
      if (types_[i] == IovType::kPadding) storage_[i].assign(sizes.padding, 0);
      if (types_[i] == IovType::kTrailer) storage_[i].assign(sizes.trailer, 0);
    }
  }

  // Every buffer's bytes, one after the other.
  std::vector<uint8_t> Concatenated() const {
    std::vector<uint8_t> all;
    for (const std::vector<uint8_t>& bytes : storage_) {
      all.insert(all.end(), bytes.begin(), bytes.end());
    }
    return all;
  }

 private:
  std::vector<IovType> types_;
  std::vector<std::vector<uint8_t>> storage_;
  std::vector<IovBuffer> buffers_;
};

// The layouts every backend produces: with a trailer (RFC 4121), and
// without one (the header holds everything, as Windows peers send).
IovMessage WithTrailer(std::vector<uint8_t> data) {
  IovMessage message;
  message.Add(IovType::kHeader, 0)
      .Add(IovType::kData, std::move(data))
      .Add(IovType::kPadding, 0)
      .Add(IovType::kTrailer, 0);
  return message;
}

IovMessage WithoutTrailer(std::vector<uint8_t> data) {
  IovMessage message;
  message.Add(IovType::kHeader, 0)
      .Add(IovType::kData, std::move(data))
      .Add(IovType::kPadding, 0);
  return message;
}

#if CROSSAUTH_TEST_BACKEND_SSPI
// SSPI's packages have no trailer buffer (WrapIov() refuses one with
// InvalidArgument, IovWithTrailerRoundTrips): where a test only needs some
// layout, SSPI gets the header-only one, which Windows and (for Kerberos)
// Wine produce.
IovMessage PortableLayout(std::vector<uint8_t> data) {
  return WithoutTrailer(std::move(data));
}
#else
IovMessage PortableLayout(std::vector<uint8_t> data) {
  return WithTrailer(std::move(data));
}
#endif

// Sizes, wraps and shrinks `message` on `sender`: what goes on the wire.
absl::StatusOr<IovSizes> WrapForWire(Session& sender, IovMessage& message,
                                     Protection protection) {
  absl::StatusOr<IovSizes> sizes =
      sender.WrapIovSizes(message.buffers(), protection);
  if (!sizes.ok()) return sizes.status();
  message.Allot(*sizes);
  absl::StatusOr<IovSizes> used = sender.WrapIov(message.buffers(), protection);
  if (!used.ok()) return used.status();
  message.Shrink(*used);
  return used;
}

class MessageApiTest : public SeamTest,
                       public ::testing::WithParamInterface<Mechanism> {
 protected:
  void SetUp() override {
    SeamTest::SetUp();
    absl::StatusOr<SessionPair> pair = Connect(GetParam());
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

INSTANTIATE_TEST_SUITE_P(Mechanisms, MessageApiTest,
                         ::testing::Values(Mechanism::kKerberos,
                                           Mechanism::kNegotiate),
                         [](const ::testing::TestParamInfo<Mechanism>& info) {
                           return std::string(MechanismName(info.param));
                         });

// ---------------------------------------------------------------------------
// 2. Wrap() appending, UnwrapInPlace()

TEST_P(MessageApiTest, AppendingWrapAndUnwrapInPlaceRoundTripAtEverySize) {
  for (Protection protection : kProtections) {
    for (size_t size : kSizes) {
      SCOPED_TRACE(testing::Message() << "size " << size << ", protection "
                                      << static_cast<int>(protection));
      const std::vector<uint8_t> message = Pattern(size, 3);
      const std::vector<uint8_t> prefix = Bytes("frame:");
      std::vector<uint8_t> out = prefix;
      ASSERT_OK(client().Wrap(message, out, protection));
      ASSERT_GT(out.size(), prefix.size() + size);
      EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), out.begin()));

      absl::Span<uint8_t> token = absl::MakeSpan(out).subspan(prefix.size());
      absl::StatusOr<UnwrappedSpan> opened =
          server().UnwrapInPlace(token, Protection::kIntegrity);
      ASSERT_OK(opened);
      EXPECT_EQ(opened->protection, protection);
      EXPECT_TRUE(Within(opened->message, token));
      EXPECT_EQ(
          std::vector<uint8_t>(opened->message.begin(), opened->message.end()),
          message);
      EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), out.begin()));

      // And back, server to client.
      std::vector<uint8_t> reply;
      ASSERT_OK(server().Wrap(message, reply, protection));
      absl::StatusOr<UnwrappedSpan> reply_opened =
          client().UnwrapInPlace(absl::MakeSpan(reply), Protection::kIntegrity);
      ASSERT_OK(reply_opened);
      EXPECT_EQ(std::vector<uint8_t>(reply_opened->message.begin(),
                                     reply_opened->message.end()),
                message);
    }
  }
}

TEST_P(MessageApiTest, AppendedTokensAreWhatUnwrapAccepts) {
  for (Protection protection : kProtections) {
    const std::vector<uint8_t> message = Pattern(3000, 9);
    std::vector<uint8_t> out;
    ASSERT_OK(client().Wrap(message, out, protection));
    absl::StatusOr<UnwrappedMessage> opened =
        server().Unwrap(out, Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(opened->message, message);
    EXPECT_EQ(opened->protection, protection);

    // The vector-returning Wrap()'s token opens in place.
    absl::StatusOr<std::vector<uint8_t>> sealed =
        client().Wrap(message, protection);
    ASSERT_OK(sealed);
    EXPECT_EQ(sealed->size(), out.size());
    absl::StatusOr<UnwrappedSpan> in_place =
        server().UnwrapInPlace(absl::MakeSpan(*sealed), Protection::kIntegrity);
    ASSERT_OK(in_place);
    EXPECT_EQ(std::vector<uint8_t>(in_place->message.begin(),
                                   in_place->message.end()),
              message);
  }
}

TEST_P(MessageApiTest, SeveralTokensAppendIntoOneBuffer) {
  std::vector<uint8_t> out;
  out.reserve(1 << 16);
  std::vector<size_t> ends;
  for (uint8_t i = 0; i < 5; ++i) {
    ASSERT_OK(client().Wrap(Pattern(100 + i, i), out));
    ends.push_back(out.size());
  }
  size_t begin = 0;
  for (uint8_t i = 0; i < 5; ++i) {
    absl::Span<uint8_t> token =
        absl::MakeSpan(out).subspan(begin, ends[i] - begin);
    absl::StatusOr<UnwrappedSpan> opened = server().UnwrapInPlace(token);
    ASSERT_OK(opened);
    EXPECT_EQ(
        std::vector<uint8_t>(opened->message.begin(), opened->message.end()),
        Pattern(100 + i, i));
    begin = ends[i];
  }
}

TEST_P(MessageApiTest, MessageInsideTheOutputBufferIsWrapped) {
  // The message is the buffer's own contents, which growing it may move.
  std::vector<uint8_t> out = Pattern(777, 1);
  out.shrink_to_fit();
  const std::vector<uint8_t> original = out;
  ASSERT_OK(client().Wrap(absl::MakeConstSpan(out), out));
  ASSERT_GT(out.size(), original.size());
  EXPECT_TRUE(std::equal(original.begin(), original.end(), out.begin()));
  absl::StatusOr<UnwrappedSpan> opened =
      server().UnwrapInPlace(absl::MakeSpan(out).subspan(original.size()));
  ASSERT_OK(opened);
  EXPECT_EQ(
      std::vector<uint8_t>(opened->message.begin(), opened->message.end()),
      original);
}

TEST_P(MessageApiTest, FailedAppendingWrapLeavesTheBufferAsItWas) {
  const std::vector<uint8_t> prefix = Bytes("keep me");
  int failures = 0;
  bool wrapped = false;
  // Fail each native call of the wrap in turn, until one runs through.
  for (int n = 1; n <= 8 && !wrapped; ++n) {
    std::vector<uint8_t> out = prefix;
    FailNthCall(n);
    absl::Status status = client().Wrap(Pattern(500, 2), out);
    FailNthCall(0);
    if (status.ok()) {
      wrapped = true;
      EXPECT_GT(out.size(), prefix.size() + 500);
    } else {
      ++failures;
      EXPECT_THAT(status, StatusIs(absl::StatusCode::kResourceExhausted,
                                   HasSubstr(InjectedCall())));
      EXPECT_EQ(out, prefix);
    }
  }
  EXPECT_TRUE(wrapped);
  EXPECT_GE(failures, 1);
}

TEST_P(MessageApiTest, TamperedTokenInPlaceIsDataLossAndWiped) {
  for (Protection protection : kProtections) {
    std::vector<uint8_t> token;
    ASSERT_OK(client().Wrap(Pattern(200, 5), token, protection));
    token.back() ^= 0x40;
    absl::StatusOr<UnwrappedSpan> opened =
        server().UnwrapInPlace(absl::MakeSpan(token), Protection::kIntegrity);
    EXPECT_THAT(opened, StatusIs(absl::StatusCode::kDataLoss,
                                 AllOf(HasSubstr(internal::kHintMessageAltered),
                                       HasSubstr(kUnwrapCall)),
                                 ErrorReason::kTamperedMessage));
    EXPECT_TRUE(AllZero(token));
  }
}

TEST_P(MessageApiTest, TruncatedTokenInPlaceIsRefusedAndWiped) {
  std::vector<uint8_t> token;
  ASSERT_OK(client().Wrap(Pattern(64, 5), token));
  token.resize(10);
  EXPECT_THAT(server().UnwrapInPlace(absl::MakeSpan(token)),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(kUnwrapCall),
                       ErrorReason::kTamperedMessage));
  EXPECT_TRUE(AllZero(token));
}

TEST_P(MessageApiTest, ReplayedTokenInPlaceIsAbortedAndWiped) {
  std::vector<uint8_t> token;
  ASSERT_OK(client().Wrap(Pattern(200, 6), token));
  std::vector<uint8_t> copy = token;
  ASSERT_OK(server().UnwrapInPlace(absl::MakeSpan(token)));
  absl::StatusOr<UnwrappedSpan> replayed =
      server().UnwrapInPlace(absl::MakeSpan(copy));
  EXPECT_THAT(replayed, StatusIs(absl::StatusCode::kAborted,
                                 HasSubstr(kReplayedMessageText),
                                 ErrorReason::kReplayedMessage));
  EXPECT_TRUE(AllZero(copy));
}

TEST_P(MessageApiTest, IntegrityOnlyTokenInPlaceIsRefusedForConfidentiality) {
  std::vector<uint8_t> token;
  ASSERT_OK(client().Wrap(Pattern(200, 7), token, Protection::kIntegrity));
  EXPECT_THAT(server().UnwrapInPlace(absl::MakeSpan(token)),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("UnwrapInPlace(): the message was only "
                                 "integrity-protected"),
                       ErrorReason::kProtectionMissing));
  EXPECT_TRUE(AllZero(token));
}

TEST_P(MessageApiTest, EmptyTokenInPlaceIsInvalidArgument) {
  EXPECT_THAT(server().UnwrapInPlace(absl::Span<uint8_t>()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("UnwrapInPlace(): the token is empty"),
                       ErrorReason::kInvalidArgument));
}

TEST_P(MessageApiTest, FailedUnwrapInPlaceWipesTheToken) {
  std::vector<uint8_t> token;
  ASSERT_OK(client().Wrap(Pattern(300, 8), token));
  FailNthCall(1);
  absl::StatusOr<UnwrappedSpan> opened =
      server().UnwrapInPlace(absl::MakeSpan(token));
  FailNthCall(0);
  EXPECT_THAT(opened, StatusIs(absl::StatusCode::kResourceExhausted,
                               HasSubstr(InjectedCall())));
  EXPECT_TRUE(AllZero(token));
}

// ---------------------------------------------------------------------------
// 3. MaxMessageSize()

TEST_P(MessageApiTest, MaxMessageSizeIsTheLargestMessageThatFits) {
  for (Protection protection : kProtections) {
    for (size_t limit :
         {size_t{128}, size_t{1000}, size_t{4096}, size_t{65536}}) {
      SCOPED_TRACE(testing::Message() << "limit " << limit << ", protection "
                                      << static_cast<int>(protection));
      absl::StatusOr<size_t> max = client().MaxMessageSize(limit, protection);
      ASSERT_OK(max);
      ASSERT_GT(*max, 0u);
      ASSERT_LT(*max, limit);
      std::vector<uint8_t> fits;
      ASSERT_OK(client().Wrap(Pattern(*max, 1), fits, protection));
      EXPECT_LE(fits.size(), limit);
      std::vector<uint8_t> too_big;
      ASSERT_OK(client().Wrap(Pattern(*max + 1, 1), too_big, protection));
      EXPECT_GT(too_big.size(), limit);
      // The peer opens both.
      ASSERT_OK(
          server().UnwrapInPlace(absl::MakeSpan(fits), Protection::kIntegrity));
      ASSERT_OK(server().UnwrapInPlace(absl::MakeSpan(too_big),
                                       Protection::kIntegrity));
    }
  }
}

TEST_P(MessageApiTest, MaxMessageSizeIsZeroWhenNothingFits) {
  for (Protection protection : kProtections) {
    absl::StatusOr<size_t> max = client().MaxMessageSize(10, protection);
    ASSERT_OK(max);
    EXPECT_EQ(*max, 0u);
    max = client().MaxMessageSize(0, protection);
    ASSERT_OK(max);
    EXPECT_EQ(*max, 0u);
  }
}

TEST_P(MessageApiTest, MaxMessageSizeTakesAnyLimit) {
  absl::StatusOr<size_t> max =
      server().MaxMessageSize(std::numeric_limits<size_t>::max());
  ASSERT_OK(max);
  EXPECT_GT(*max, size_t{1} << 20);
}

// ---------------------------------------------------------------------------
// 4. WrapIovSizes(), WrapIov(), UnwrapIov()

TEST_P(MessageApiTest, IovWithTrailerRoundTrips) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  // SSPI's packages have no trailer: their tokens keep everything in the
  // header (Windows' layout), on Windows as under Wine.
  IovMessage refused = WithTrailer(Pattern(100, 4));
  EXPECT_THAT(client().WrapIovSizes(refused.buffers()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("WrapIovSizes(): SSPI's packages have no "
                                 "trailer buffer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_THAT(client().WrapIov(refused.buffers()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("WrapIov(): SSPI's packages have no "
                                 "trailer buffer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_EQ(refused.bytes(1), Pattern(100, 4));
  refused.bytes(0).assign(60, 0x05);  // a header, as if one had been sent
  refused.bytes(3).assign(16, 0x05);
  EXPECT_THAT(server().UnwrapIov(refused.buffers()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("UnwrapIov(): SSPI's packages have no "
                                 "trailer buffer"),
                       ErrorReason::kInvalidArgument));
  return;
#endif
  for (Protection protection : kProtections) {
    for (size_t size : {size_t{1}, size_t{1000}, size_t{65536}}) {
      SCOPED_TRACE(testing::Message() << "size " << size);
      const std::vector<uint8_t> data = Pattern(size, 4);
      IovMessage message = WithTrailer(data);
      absl::StatusOr<IovSizes> used =
          WrapForWire(client(), message, protection);
      ASSERT_OK(used);
      EXPECT_GT(used->header, 0u);
      if (protection == Protection::kConfidentiality) {
        EXPECT_NE(message.bytes(1), data);
      }
      absl::StatusOr<Protection> opened =
          server().UnwrapIov(message.buffers(), Protection::kIntegrity);
      ASSERT_OK(opened);
      EXPECT_EQ(*opened, protection);
      EXPECT_EQ(message.bytes(1), data);
    }
  }
}

TEST_P(MessageApiTest, IovWithoutTrailerPutsEverythingInTheHeader) {
  for (Protection protection : kProtections) {
    const std::vector<uint8_t> data = Pattern(4000, 5);
#if CROSSAUTH_TEST_BACKEND_GSSAPI
    IovMessage with = WithTrailer(data);
    absl::StatusOr<IovSizes> with_sizes =
        client().WrapIovSizes(with.buffers(), protection);
    ASSERT_OK(with_sizes);
#endif
    IovMessage without = WithoutTrailer(data);
    absl::StatusOr<IovSizes> used = WrapForWire(client(), without, protection);
    ASSERT_OK(used);
    EXPECT_EQ(used->trailer, 0u);
#if CROSSAUTH_TEST_BACKEND_GSSAPI
    // MIT moves the trailer into the header and sets RRC to its length.
    EXPECT_EQ(used->header, with_sizes->header + with_sizes->trailer);
#endif
#if CROSSAUTH_TEST_BACKEND_SSPI
    if (RunningUnderWine()) {
      // Built from gss_wrap's token (backends/sspi/sspi_quirks.h): the
      // header is its whole overhead, RRC the encrypted header copy and the
      // 12-byte checksum of aes*-sha1 (28), or the checksum (12).
      EXPECT_EQ(used->header,
                protection == Protection::kConfidentiality ? 60u : 28u);
      EXPECT_EQ(without.bytes(0)[7],
                protection == Protection::kConfidentiality ? 28 : 12);
      EXPECT_EQ(used->padding, 0u);
    }
#endif
    absl::StatusOr<Protection> opened =
        server().UnwrapIov(without.buffers(), Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(*opened, protection);
    EXPECT_EQ(without.bytes(1), data);
  }
}

TEST_P(MessageApiTest, IovWithSignOnlyBuffersRoundTrips) {
  const std::vector<uint8_t> pdu_header = Bytes("DCE/RPC header.");
  const std::vector<uint8_t> data = Pattern(2048, 6);
  const std::vector<uint8_t> verifier = Bytes("auth verifier");
  IovMessage message;
  message.Add(IovType::kSignOnly, pdu_header)
      .Add(IovType::kData, data)
      .Add(IovType::kSignOnly, verifier)
      .Add(IovType::kHeader, 0)
      .Add(IovType::kPadding, 0);
#if CROSSAUTH_TEST_BACKEND_SSPI
  if (RunningUnderWine()) {
    // Wine 8's Kerberos package (and Negotiate, which is it) ignores
    // SECBUFFER_READONLY_WITH_CHECKSUM buffers and wraps one DATA buffer
    // with gss_wrap, which covers no clear bytes (dlls/kerberos/krb5_ap.c
    // SpSealMessage, unixlib.c seal_message_no_vector).
    EXPECT_THAT(WrapForWire(client(), message, Protection::kConfidentiality),
                StatusIs(absl::StatusCode::kUnimplemented,
                         HasSubstr("WrapIovSizes(): Wine's Kerberos package "
                                   "cannot cover sign-only buffers"),
                         ErrorReason::kUnsupported));
    message.bytes(3).assign(60, 0x05);  // a header, as if one had been sent
    EXPECT_THAT(server().UnwrapIov(message.buffers()),
                StatusIs(absl::StatusCode::kUnimplemented,
                         HasSubstr("UnwrapIov(): Wine's Kerberos package "
                                   "cannot cover sign-only buffers"),
                         ErrorReason::kUnsupported));
    return;
  }
#endif
  ASSERT_OK(WrapForWire(client(), message, Protection::kConfidentiality));
  EXPECT_EQ(message.bytes(0), pdu_header);  // never written
  EXPECT_EQ(message.bytes(2), verifier);
  EXPECT_NE(message.bytes(1), data);
  absl::StatusOr<Protection> opened = server().UnwrapIov(message.buffers());
  ASSERT_OK(opened);
  EXPECT_EQ(*opened, Protection::kConfidentiality);
  EXPECT_EQ(message.bytes(1), data);
  EXPECT_EQ(message.bytes(0), pdu_header);
}

TEST_P(MessageApiTest, TamperedSignOnlyBytesAreDataLossAndDataIsWiped) {
#if CROSSAUTH_TEST_BACKEND_SSPI
  // Sign-only buffers: not under Wine (IovWithSignOnlyBuffersRoundTrips);
  // and this layout has a trailer, which SSPI has not.
  if (RunningUnderWine()) return;
#endif
  for (Protection protection : kProtections) {
    IovMessage message;
    message.Add(IovType::kSignOnly, Bytes("opnum 7"))
        .Add(IovType::kHeader, 0)
        .Add(IovType::kData, Pattern(512, 7))
        .Add(IovType::kPadding, 0);
#if CROSSAUTH_TEST_BACKEND_GSSAPI
    message.Add(IovType::kTrailer, 0);
#endif
    ASSERT_OK(WrapForWire(client(), message, protection));
    message.bytes(0)[6] = '9';  // "opnum 9"
    absl::StatusOr<Protection> opened =
        server().UnwrapIov(message.buffers(), Protection::kIntegrity);
    EXPECT_THAT(opened, StatusIs(absl::StatusCode::kDataLoss,
                                 AllOf(HasSubstr(internal::kHintMessageAltered),
                                       HasSubstr(kUnwrapCall)),
                                 ErrorReason::kTamperedMessage));
    EXPECT_TRUE(AllZero(message.bytes(2)));
  }
}

TEST_P(MessageApiTest, TamperedIovDataIsDataLossAndWiped) {
  for (Protection protection : kProtections) {
    IovMessage message = PortableLayout(Pattern(300, 8));
    ASSERT_OK(WrapForWire(client(), message, protection));
    message.bytes(1)[100] ^= 0x01;
    absl::StatusOr<Protection> opened =
        server().UnwrapIov(message.buffers(), Protection::kIntegrity);
    EXPECT_THAT(opened, StatusIs(absl::StatusCode::kDataLoss,
                                 HasSubstr(internal::kHintMessageAltered),
                                 ErrorReason::kTamperedMessage));
    EXPECT_TRUE(AllZero(message.bytes(1)));
  }
}

TEST_P(MessageApiTest, ReplayedIovMessageIsAbortedAndWiped) {
  IovMessage message = PortableLayout(Pattern(300, 9));
  ASSERT_OK(WrapForWire(client(), message, Protection::kConfidentiality));
  IovMessage copy = message;
  ASSERT_OK(server().UnwrapIov(message.buffers()));
  absl::StatusOr<Protection> replayed = server().UnwrapIov(copy.buffers());
  EXPECT_THAT(replayed, StatusIs(absl::StatusCode::kAborted,
                                 HasSubstr(kReplayedMessageText),
                                 ErrorReason::kReplayedMessage));
  EXPECT_TRUE(AllZero(copy.bytes(1)));
}

TEST_P(MessageApiTest, IntegrityOnlyIovMessageIsRefusedForConfidentiality) {
  IovMessage message = PortableLayout(Pattern(300, 10));
  ASSERT_OK(WrapForWire(client(), message, Protection::kIntegrity));
  EXPECT_EQ(message.bytes(1), Pattern(300, 10));  // signed, in the clear
  EXPECT_THAT(server().UnwrapIov(message.buffers()),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("UnwrapIov(): the message was only "
                                 "integrity-protected"),
                       ErrorReason::kProtectionMissing));
  EXPECT_TRUE(AllZero(message.bytes(1)));
}

TEST_P(MessageApiTest, BadIovLayoutsAreInvalidArgument) {
  struct Layout {
    const char* name;
    std::vector<IovType> types;
    const char* counts;  // the core's count of each kind
  };
  const Layout layouts[] = {
      {"no header", {IovType::kData, IovType::kTrailer}, "0 header, 1 data"},
      {"two headers",
       {IovType::kHeader, IovType::kHeader, IovType::kData},
       "2 header, 1 data"},
      {"no data", {IovType::kHeader, IovType::kTrailer}, "1 header, 0 data"},
      {"two paddings",
       {IovType::kHeader, IovType::kData, IovType::kPadding, IovType::kPadding},
       "1 data, 2 padding"},
      {"two trailers",
       {IovType::kHeader, IovType::kData, IovType::kTrailer, IovType::kTrailer},
       "0 padding and 2 trailer"},
  };
  for (const Layout& layout : layouts) {
    SCOPED_TRACE(layout.name);
    IovMessage message;
    for (IovType type : layout.types) message.Add(type, 64);
    EXPECT_THAT(client().WrapIovSizes(message.buffers()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("WrapIovSizes(): the buffers hold"),
                               HasSubstr(layout.counts),
                               HasSubstr("exactly one header")),
                         ErrorReason::kInvalidArgument));
    EXPECT_THAT(client().WrapIov(message.buffers()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("WrapIov(): the buffers hold"),
                               HasSubstr(layout.counts)),
                         ErrorReason::kInvalidArgument));
    EXPECT_THAT(server().UnwrapIov(message.buffers()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("UnwrapIov(): the buffers hold"),
                               HasSubstr(layout.counts)),
                         ErrorReason::kInvalidArgument));
  }
  IovMessage unknown;
  unknown.Add(IovType::kHeader, 64).Add(IovType::kData, 64);
  absl::Span<IovBuffer> buffers = unknown.buffers();
  buffers[1].type = static_cast<IovType>(42);
  EXPECT_THAT(client().WrapIov(buffers),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("WrapIov(): buffer type 42 is not an IovType"),
                       ErrorReason::kInvalidArgument));
}

TEST_P(MessageApiTest, OverlappingIovBuffersAreInvalidArgument) {
  std::vector<uint8_t> bytes(256, 7);
  // A header over the data it protects.
  std::vector<IovBuffer> buffers = {
      {IovType::kHeader, absl::MakeSpan(bytes).subspan(0, 100)},
      {IovType::kData, absl::MakeSpan(bytes).subspan(64, 100)}};
  const auto overlap = [](absl::string_view call) {
    return StatusIs(absl::StatusCode::kInvalidArgument,
                    std::string(call) +
                        ": buffers 1 and 2 overlap; every buffer needs bytes "
                        "of its own",
                    ErrorReason::kInvalidArgument);
  };
  EXPECT_THAT(client().WrapIov(absl::MakeSpan(buffers)), overlap("WrapIov()"));
  EXPECT_THAT(client().WrapIovSizes(buffers), overlap("WrapIovSizes()"));
  EXPECT_THAT(server().UnwrapIov(absl::MakeSpan(buffers)),
              overlap("UnwrapIov()"));
  // The data was not a message, and the session refused it after looking:
  // wiped as for any other refused message.
  EXPECT_TRUE(AllZero(absl::MakeSpan(bytes).subspan(64, 100)));
  // Adjacent buffers share no byte.
  IovMessage sized = PortableLayout(Pattern(100, 12));
  ASSERT_OK(WrapForWire(client(), sized, Protection::kConfidentiality));
}

TEST_P(MessageApiTest, EmptyIovHeaderIsInvalidArgument) {
  std::vector<uint8_t> data = Pattern(100, 14);
  std::vector<IovBuffer> buffers = {{IovType::kHeader, {}},
                                    {IovType::kData, absl::MakeSpan(data)}};
  EXPECT_THAT(server().UnwrapIov(absl::MakeSpan(buffers)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "UnwrapIov(): the header buffer is empty",
                       ErrorReason::kInvalidArgument));
  EXPECT_TRUE(AllZero(data));
}

TEST_P(MessageApiTest, IovBuffersSmallerThanWrapIovSizesAreInvalidArgument) {
  IovMessage sized = PortableLayout(Pattern(100, 11));
  absl::StatusOr<IovSizes> sizes = client().WrapIovSizes(sized.buffers());
  ASSERT_OK(sizes);
  ASSERT_GT(sizes->header, 0u);
  const std::vector<uint8_t> data = Pattern(100, 11);

  IovMessage short_header = PortableLayout(data);
  short_header.Allot(*sizes);
  short_header.bytes(0).resize(sizes->header - 1);
  EXPECT_THAT(client().WrapIov(short_header.buffers()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("WrapIov(): the header buffer"),
                       ErrorReason::kInvalidArgument));
  EXPECT_EQ(short_header.bytes(1), data);  // nothing was written
#if CROSSAUTH_TEST_BACKEND_GSSAPI
  EXPECT_THAT(client().WrapIov(short_header.buffers()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr(absl::StrCat("holds ", sizes->header - 1,
                                              " bytes, but this message needs ",
                                              sizes->header)),
                       ErrorReason::kInvalidArgument));
#endif
  if (sizes->trailer > 0) {
    IovMessage short_trailer = WithTrailer(data);
    short_trailer.Allot(*sizes);
    short_trailer.bytes(3).resize(sizes->trailer - 1);
    EXPECT_THAT(client().WrapIov(short_trailer.buffers()),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("WrapIov(): the trailer buffer"),
                         ErrorReason::kInvalidArgument));
  }

  // After the refusals the session still works, with the sequence intact.
  IovMessage good = PortableLayout(data);
  ASSERT_OK(WrapForWire(client(), good, Protection::kConfidentiality));
  ASSERT_OK(server().UnwrapIov(good.buffers()));
  EXPECT_EQ(good.bytes(1), data);
}

#if CROSSAUTH_TEST_BACKEND_GSSAPI
// On GSS-API the parts of an IOV token, one after the other, are a token
// that UnwrapInPlace() and Unwrap() accept: with a trailer an RFC 4121 token
// with RRC 0; without one a token rotated by RRC, as Windows peers send.
TEST_P(MessageApiTest, ConcatenatedIovTokensOpenInPlace) {
  for (bool trailer : {true, false}) {
    for (Protection protection : kProtections) {
      SCOPED_TRACE(trailer ? "with trailer" : "without trailer");
      const std::vector<uint8_t> data = Pattern(1500, 12);
      IovMessage message = trailer ? WithTrailer(data) : WithoutTrailer(data);
      ASSERT_OK(WrapForWire(client(), message, protection));
      std::vector<uint8_t> token = message.Concatenated();
      absl::StatusOr<UnwrappedSpan> opened =
          server().UnwrapInPlace(absl::MakeSpan(token), Protection::kIntegrity);
      ASSERT_OK(opened);
      EXPECT_EQ(opened->protection, protection);
      EXPECT_EQ(
          std::vector<uint8_t>(opened->message.begin(), opened->message.end()),
          data);
    }
  }
}

// RFC 4121 tokens have no padding (WrapIov() reports 0): MIT refuses a
// padding buffer that holds bytes, and the data is wiped.
TEST_P(MessageApiTest, NonEmptyPaddingWithAnRfc4121TokenIsDataLoss) {
  IovMessage message = WithTrailer(Pattern(100, 13));
  absl::StatusOr<IovSizes> used =
      WrapForWire(client(), message, Protection::kConfidentiality);
  ASSERT_OK(used);
  EXPECT_EQ(used->padding, 0u);
  message.bytes(2).assign(1, 0x01);
#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
  // Heimdal 7.8 refuses it as EINVAL (minor 22), which it cannot display.
  const std::string refusal =
      "gss_unwrap_iov: unknown mech-code 22 for mech unknown (GSS_S_FAILURE)";
#else
  const std::string refusal = kDefectiveTokenSymbol;
#endif
  EXPECT_THAT(server().UnwrapIov(message.buffers()),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr(refusal),
                       ErrorReason::kTamperedMessage));
  EXPECT_TRUE(AllZero(message.bytes(1)));
}
#endif

#if CROSSAUTH_TEST_BACKEND_SSPI
// On SSPI the header-only layout's parts, one after the other, are a token
// with the RRC its header carries, which UnwrapInPlace() accepts (under
// Wine gss_unwrap rotates it back).
TEST_P(MessageApiTest, ConcatenatedHeaderOnlyIovTokensOpenInPlace) {
  for (Protection protection : kProtections) {
    const std::vector<uint8_t> data = Pattern(1500, 12);
    IovMessage message = WithoutTrailer(data);
    ASSERT_OK(WrapForWire(client(), message, protection));
    std::vector<uint8_t> token = message.Concatenated();
    absl::StatusOr<UnwrappedSpan> opened =
        server().UnwrapInPlace(absl::MakeSpan(token), Protection::kIntegrity);
    ASSERT_OK(opened);
    EXPECT_EQ(opened->protection, protection);
    EXPECT_EQ(
        std::vector<uint8_t>(opened->message.begin(), opened->message.end()),
        data);
  }
}
#endif

// ---------------------------------------------------------------------------
// 5. Before the handshake is complete

TEST_P(MessageApiTest, CallsBeforeCompletionAreFailedPrecondition) {
  absl::StatusOr<Credential> credential = ClientCredential({GetParam()});
  ASSERT_OK(credential);
  absl::StatusOr<ClientSession> fresh =
      ClientSession::Start(*credential, ToService(GetParam()));
  ASSERT_OK(fresh);
  const auto not_complete = [](absl::string_view call) {
    return StatusIs(
        absl::StatusCode::kFailedPrecondition,
        AllOf(HasSubstr(std::string(call)), HasSubstr("not complete yet")),
        ErrorReason::kWrongState);
  };
  std::vector<uint8_t> out = Bytes("prefix");
  EXPECT_THAT(fresh->Wrap(Bytes("x"), out), not_complete("Wrap()"));
  EXPECT_EQ(out, Bytes("prefix"));
  std::vector<uint8_t> token = Bytes("not a token");
  EXPECT_THAT(fresh->UnwrapInPlace(absl::MakeSpan(token)),
              not_complete("UnwrapInPlace()"));
  EXPECT_TRUE(AllZero(token));
  EXPECT_THAT(fresh->MaxMessageSize(1000), not_complete("MaxMessageSize()"));
  IovMessage message = WithTrailer(Pattern(10, 1));
  EXPECT_THAT(fresh->WrapIovSizes(message.buffers()),
              not_complete("WrapIovSizes()"));
  EXPECT_THAT(fresh->WrapIov(message.buffers()), not_complete("WrapIov()"));
  EXPECT_THAT(fresh->UnwrapIov(message.buffers()), not_complete("UnwrapIov()"));

  // And after End().
  ASSERT_OK(client().End());
  EXPECT_THAT(client().Wrap(Bytes("x"), out),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("has ended"), ErrorReason::kWrongState));
  EXPECT_THAT(client().MaxMessageSize(1000),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("has ended"), ErrorReason::kWrongState));
}

}  // namespace
}  // namespace test
}  // namespace crossauth
