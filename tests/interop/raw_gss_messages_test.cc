// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The message APIs against MIT's own calls, in one process: one side is a
// crossauth session, the other a context made with gss_init_sec_context or
// gss_accept_sec_context directly, for Kerberos and SPNEGO, with crossauth
// as the client and as the server. Tokens go both ways:
// - crossauth Wrap() appending and WrapIov() -> gss_unwrap, gss_unwrap_iov;
// - gss_wrap, gss_wrap_iov with and without a trailer (the RRC layout
//   Windows peers send), and the parts of such a token concatenated ->
//   crossauth UnwrapInPlace() and UnwrapIov().
// And crossauth's in-place path allocates nothing per message (operator
// new is counted in this binary; MIT's own mallocs are the raw calls').
// Native GSS-API only: tests/interop/CMakeLists.txt.

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/types/span.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/bytes.h"
#include "tests/support/handshake.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

// Every operator new in this process, for the allocation test.
namespace {
std::atomic<long> g_news{0};
}  // namespace

void* operator new(std::size_t size) {
  g_news.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

gss_OID_desc kKrb5Oid = {
    9, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12\x01\x02\x02")};
gss_OID_desc kSpnegoOid = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};

std::vector<uint8_t> Pattern(size_t size, uint8_t seed) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<uint8_t>(seed + 1 + (i * 13) % 251);
  }
  return bytes;
}

// A raw MIT context and its release.
class RawContext {
 public:
  RawContext() = default;
  RawContext(const RawContext&) = delete;
  RawContext& operator=(const RawContext&) = delete;
  ~RawContext() {
    OM_uint32 minor = 0;
    if (context_ != GSS_C_NO_CONTEXT) {
      gss_delete_sec_context(&minor, &context_, GSS_C_NO_BUFFER);
    }
    if (name_ != GSS_C_NO_NAME) gss_release_name(&minor, &name_);
  }
  gss_ctx_id_t& context() { return context_; }
  gss_name_t& name() { return name_; }

 private:
  gss_ctx_id_t context_ = GSS_C_NO_CONTEXT;
  gss_name_t name_ = GSS_C_NO_NAME;
};

std::string Describe(const char* call, OM_uint32 major, OM_uint32 minor) {
  return std::string(call) + " failed: major " + std::to_string(major) +
         ", minor " + std::to_string(minor);
}

std::vector<uint8_t> Take(gss_buffer_desc& buffer) {
  std::vector<uint8_t> bytes(
      static_cast<uint8_t*>(buffer.value),
      static_cast<uint8_t*>(buffer.value) + buffer.length);
  OM_uint32 minor = 0;
  gss_release_buffer(&minor, &buffer);
  return bytes;
}

constexpr OM_uint32 kRawFlags = GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG |
                                GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG |
                                GSS_C_INTEG_FLAG;

// Either side of a pair: a crossauth session and a raw context that
// completed a handshake with each other.
struct Pair {
  std::variant<std::monostate, ClientSession, ServerSession> crossauth;
  RawContext raw;

  Session& session() {
    if (auto* client = std::get_if<ClientSession>(&crossauth)) return *client;
    return std::get<ServerSession>(crossauth);
  }
};

// crossauth's client against a raw acceptor (the suite's keytab).
absl::Status ConnectToRawServer(Mechanism mechanism, Pair& pair) {
  absl::StatusOr<Credential> credential = ClientCredential({mechanism});
  if (!credential.ok()) return credential.status();
  absl::StatusOr<ClientSession> client =
      ClientSession::Start(*credential, ToService(mechanism));
  if (!client.ok()) return client.status();
  std::vector<uint8_t> token;
  for (int round = 0; round < 10; ++round) {
    absl::StatusOr<StepResult> step = client->Step(token);
    if (!step.ok()) return step.status();
    if (step->token.empty()) break;
    gss_buffer_desc input = {step->token.size(), step->token.data()};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    OM_uint32 minor = 0;
    OM_uint32 major =
        gss_accept_sec_context(&minor, &pair.raw.context(), GSS_C_NO_CREDENTIAL,
                               &input, GSS_C_NO_CHANNEL_BINDINGS, nullptr,
                               nullptr, &output, nullptr, nullptr, nullptr);
    token = Take(output);
    if (GSS_ERROR(major)) {
      return absl::InternalError(
          Describe("gss_accept_sec_context", major, minor));
    }
    if (step->complete && token.empty()) break;
  }
  if (!client->complete()) return absl::InternalError("client not complete");
  pair.crossauth = *std::move(client);
  return absl::OkStatus();
}

// A raw initiator (the kinit'ed user) against crossauth's server.
absl::Status ConnectFromRawClient(Mechanism mechanism, Pair& pair) {
  absl::StatusOr<Credential> credential = ServerCredential({mechanism});
  if (!credential.ok()) return credential.status();
  absl::StatusOr<ServerSession> server = ServerSession::Start(*credential);
  if (!server.ok()) return server.status();
  OM_uint32 minor = 0;
  const std::string target = Env().target;
  gss_buffer_desc name = {target.size(), const_cast<char*>(target.data())};
  OM_uint32 major = gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE,
                                    &pair.raw.name());
  if (GSS_ERROR(major)) {
    return absl::InternalError(Describe("gss_import_name", major, minor));
  }
  gss_OID mech = mechanism == Mechanism::kKerberos ? &kKrb5Oid : &kSpnegoOid;
  std::vector<uint8_t> token;
  for (int round = 0; round < 10; ++round) {
    gss_buffer_desc input = {token.size(), token.data()};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    major = gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL,
                                 &pair.raw.context(), pair.raw.name(), mech,
                                 kRawFlags, 0, GSS_C_NO_CHANNEL_BINDINGS,
                                 round == 0 ? GSS_C_NO_BUFFER : &input, nullptr,
                                 &output, nullptr, nullptr);
    std::vector<uint8_t> sent = Take(output);
    if (GSS_ERROR(major)) {
      return absl::InternalError(
          Describe("gss_init_sec_context", major, minor));
    }
    if (sent.empty()) break;
    absl::StatusOr<StepResult> step = server->Step(sent);
    if (!step.ok()) return step.status();
    token = std::move(step->token);
    if (major == GSS_S_COMPLETE && token.empty()) break;
  }
  if (!server->complete()) return absl::InternalError("server not complete");
  pair.crossauth = *std::move(server);
  return absl::OkStatus();
}

struct Param {
  Mechanism mechanism;
  bool crossauth_is_client;
};

std::string ParamName(const ::testing::TestParamInfo<Param>& info) {
  return std::string(MechanismName(info.param.mechanism)) +
         (info.param.crossauth_is_client ? "_CrossauthClient"
                                         : "_CrossauthServer");
}

class RawGssMessagesTest : public SeamTest,
                           public ::testing::WithParamInterface<Param> {
 protected:
  void SetUp() override {
    SeamTest::SetUp();
    pair_.emplace();
    absl::Status connected =
        GetParam().crossauth_is_client
            ? ConnectToRawServer(GetParam().mechanism, *pair_)
            : ConnectFromRawClient(GetParam().mechanism, *pair_);
    ASSERT_OK(connected);
  }
  void TearDown() override {
    pair_.reset();
    SeamTest::TearDown();
  }

  Session& session() { return pair_->session(); }
  gss_ctx_id_t raw() { return pair_->raw.context(); }

  // Raw gss_unwrap of `token`: the message and whether it was encrypted.
  std::pair<std::vector<uint8_t>, bool> RawUnwrap(std::vector<uint8_t> token) {
    gss_buffer_desc input = {token.size(), token.data()};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    OM_uint32 minor = 0;
    int conf = 0;
    OM_uint32 major =
        gss_unwrap(&minor, raw(), &input, &output, &conf, nullptr);
    EXPECT_EQ(major, GSS_S_COMPLETE) << Describe("gss_unwrap", major, minor);
    return {Take(output), conf != 0};
  }

  std::vector<uint8_t> RawWrap(const std::vector<uint8_t>& message,
                               Protection protection) {
    gss_buffer_desc input = {message.size(),
                             const_cast<uint8_t*>(message.data())};
    gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
    OM_uint32 minor = 0;
    OM_uint32 major =
        gss_wrap(&minor, raw(), protection == Protection::kConfidentiality,
                 GSS_C_QOP_DEFAULT, &input, nullptr, &output);
    EXPECT_EQ(major, GSS_S_COMPLETE) << Describe("gss_wrap", major, minor);
    return Take(output);
  }

 private:
  std::optional<Pair> pair_;
};

INSTANTIATE_TEST_SUITE_P(Sides, RawGssMessagesTest,
                         ::testing::Values(Param{Mechanism::kKerberos, true},
                                           Param{Mechanism::kKerberos, false},
                                           Param{Mechanism::kNegotiate, true},
                                           Param{Mechanism::kNegotiate, false}),
                         ParamName);

const Protection kProtections[] = {Protection::kConfidentiality,
                                   Protection::kIntegrity};

TEST_P(RawGssMessagesTest, AppendingWrapOpensWithRawUnwrap) {
  for (Protection protection : kProtections) {
    for (size_t size : {size_t{1}, size_t{100}, size_t{70000}}) {
      const std::vector<uint8_t> message = Pattern(size, 1);
      std::vector<uint8_t> out = {0xAA, 0xBB};
      ASSERT_OK(session().Wrap(message, out, protection));
      auto [opened, conf] =
          RawUnwrap(std::vector<uint8_t>(out.begin() + 2, out.end()));
      EXPECT_EQ(opened, message);
      EXPECT_EQ(conf, protection == Protection::kConfidentiality);
    }
  }
}

TEST_P(RawGssMessagesTest, CrossauthWrapIovOpensWithRawUnwrapIov) {
  for (bool trailer : {true, false}) {
    for (Protection protection : kProtections) {
      SCOPED_TRACE(trailer ? "with trailer" : "without trailer");
      const std::vector<uint8_t> data = Pattern(3000, 2);
      const std::vector<uint8_t> sign_only = Bytes("clear header");
      std::vector<uint8_t> header, body = data, padding, tail;
      std::vector<uint8_t> assoc = sign_only;
      std::vector<IovBuffer> buffers = {
          {IovType::kSignOnly, absl::MakeSpan(assoc)},
          {IovType::kHeader, {}},
          {IovType::kData, absl::MakeSpan(body)},
          {IovType::kPadding, {}}};
      if (trailer) buffers.push_back({IovType::kTrailer, {}});
      absl::StatusOr<IovSizes> sizes =
          session().WrapIovSizes(buffers, protection);
      ASSERT_OK(sizes);
      header.resize(sizes->header);
      padding.resize(sizes->padding);
      tail.resize(sizes->trailer);
      buffers[1].data = absl::MakeSpan(header);
      buffers[3].data = absl::MakeSpan(padding);
      if (trailer) buffers[4].data = absl::MakeSpan(tail);
      absl::StatusOr<IovSizes> used =
          session().WrapIov(absl::MakeSpan(buffers), protection);
      ASSERT_OK(used);

      gss_iov_buffer_desc iov[5] = {
          {GSS_IOV_BUFFER_TYPE_SIGN_ONLY, {assoc.size(), assoc.data()}},
          {GSS_IOV_BUFFER_TYPE_HEADER, {used->header, header.data()}},
          {GSS_IOV_BUFFER_TYPE_DATA, {body.size(), body.data()}},
          {GSS_IOV_BUFFER_TYPE_PADDING, {used->padding, padding.data()}},
          {GSS_IOV_BUFFER_TYPE_TRAILER, {used->trailer, tail.data()}},
      };
      OM_uint32 minor = 0;
      int conf = 0;
      OM_uint32 major =
          gss_unwrap_iov(&minor, raw(), &conf, nullptr, iov, trailer ? 5 : 4);
      ASSERT_EQ(major, GSS_S_COMPLETE)
          << Describe("gss_unwrap_iov", major, minor);
      EXPECT_EQ(body, data);
      EXPECT_EQ(conf != 0, protection == Protection::kConfidentiality);
    }
  }
}

TEST_P(RawGssMessagesTest, RawWrapOpensInPlace) {
  for (Protection protection : kProtections) {
    for (size_t size : {size_t{1}, size_t{100}, size_t{70000}}) {
      const std::vector<uint8_t> message = Pattern(size, 3);
      std::vector<uint8_t> token = RawWrap(message, protection);
      absl::StatusOr<UnwrappedSpan> opened = session().UnwrapInPlace(
          absl::MakeSpan(token), Protection::kIntegrity);
      ASSERT_OK(opened);
      EXPECT_EQ(ToVector(opened->message), message);
      EXPECT_EQ(opened->protection, protection);
    }
  }
}

// gss_wrap_iov's parts: opened by crossauth's UnwrapIov() as they are, and
// by UnwrapInPlace() once concatenated. Without a trailer the concatenation
// is a token whose RRC is the trailer's length, as Windows peers send.
TEST_P(RawGssMessagesTest, RawWrapIovOpensWithUnwrapIovAndInPlace) {
  for (bool trailer : {true, false}) {
    for (bool concatenate : {false, true}) {
      for (Protection protection : kProtections) {
        SCOPED_TRACE(testing::Message()
                     << (trailer ? "with trailer" : "without trailer")
                     << (concatenate ? ", concatenated" : ", as parts"));
        const std::vector<uint8_t> data = Pattern(2500, 4);
        std::vector<uint8_t> body = data;
        gss_iov_buffer_desc iov[4] = {
            {GSS_IOV_BUFFER_TYPE_HEADER, {0, nullptr}},
            {GSS_IOV_BUFFER_TYPE_DATA, {body.size(), body.data()}},
            {GSS_IOV_BUFFER_TYPE_PADDING, {0, nullptr}},
            {GSS_IOV_BUFFER_TYPE_TRAILER, {0, nullptr}},
        };
        const int count = trailer ? 4 : 3;
        const int conf_req = protection == Protection::kConfidentiality;
        OM_uint32 minor = 0;
        OM_uint32 major = gss_wrap_iov_length(
            &minor, raw(), conf_req, GSS_C_QOP_DEFAULT, nullptr, iov, count);
        ASSERT_EQ(major, GSS_S_COMPLETE);
        std::vector<uint8_t> header(iov[0].buffer.length);
        std::vector<uint8_t> padding(iov[2].buffer.length);
        std::vector<uint8_t> tail(iov[3].buffer.length);
        iov[0].buffer.value = header.data();
        iov[2].buffer.value = padding.data();
        iov[3].buffer.value = tail.data();
        major = gss_wrap_iov(&minor, raw(), conf_req, GSS_C_QOP_DEFAULT,
                             nullptr, iov, count);
        ASSERT_EQ(major, GSS_S_COMPLETE)
            << Describe("gss_wrap_iov", major, minor);
        header.resize(iov[0].buffer.length);
        padding.resize(iov[2].buffer.length);
        tail.resize(trailer ? iov[3].buffer.length : 0);
        if (!trailer) {
          // RRC (octets 6 and 7 of the RFC 4121 header) is the trailer's
          // length when the header holds the trailer.
          ASSERT_GE(header.size(), 16u);
          EXPECT_NE((header[6] << 8) | header[7], 0);
        }

        if (concatenate) {
          std::vector<uint8_t> token = header;
          token.insert(token.end(), body.begin(), body.end());
          token.insert(token.end(), padding.begin(), padding.end());
          token.insert(token.end(), tail.begin(), tail.end());
          absl::StatusOr<UnwrappedSpan> opened = session().UnwrapInPlace(
              absl::MakeSpan(token), Protection::kIntegrity);
          ASSERT_OK(opened);
          EXPECT_EQ(ToVector(opened->message), data);
          EXPECT_EQ(opened->protection, protection);
        } else {
          std::vector<IovBuffer> buffers = {
              {IovType::kHeader, absl::MakeSpan(header)},
              {IovType::kData, absl::MakeSpan(body)},
              {IovType::kPadding, absl::MakeSpan(padding)}};
          if (trailer)
            buffers.push_back({IovType::kTrailer, absl::MakeSpan(tail)});
          absl::StatusOr<Protection> opened = session().UnwrapIov(
              absl::MakeSpan(buffers), Protection::kIntegrity);
          ASSERT_OK(opened);
          EXPECT_EQ(*opened, protection);
          EXPECT_EQ(body, data);
        }
      }
    }
  }
}

// MaxMessageSize() is MIT's gss_wrap_size_limit for the same context.
TEST_P(RawGssMessagesTest, MaxMessageSizeAgreesWithRawWrapSizeLimit) {
  for (Protection protection : kProtections) {
    for (OM_uint32 limit : {100u, 2048u, 65536u}) {
      OM_uint32 minor = 0, raw_max = 0;
      OM_uint32 major = gss_wrap_size_limit(
          &minor, raw(), protection == Protection::kConfidentiality,
          GSS_C_QOP_DEFAULT, limit, &raw_max);
      ASSERT_EQ(major, GSS_S_COMPLETE);
      absl::StatusOr<size_t> max = session().MaxMessageSize(limit, protection);
      ASSERT_OK(max);
      EXPECT_EQ(*max, raw_max);
      // A raw token of that size fits, one byte more does not.
      EXPECT_LE(RawWrap(Pattern(*max, 5), protection).size(), limit);
      EXPECT_GT(RawWrap(Pattern(*max + 1, 5), protection).size(), limit);
    }
  }
}

// The in-place path allocates nothing per message once the buffer has
// grown: no operator new in crossauth's Wrap() appending or UnwrapInPlace()
// (MIT's own allocations are in C and are what raw callers pay too).
TEST_P(RawGssMessagesTest, InPlacePathAllocatesNothingPerMessage) {
  const std::vector<uint8_t> message = Pattern(16 * 1024, 6);
  std::vector<uint8_t> out;
  out.reserve(message.size() + 4096);
  std::vector<uint8_t> token;
  token.reserve(message.size() + 4096);
  long allocations = 0;
  for (int round = 0; round < 20; ++round) {
    out.clear();
    const long before = g_news.load();
    absl::Status wrapped = session().Wrap(message, out);
    allocations += g_news.load() - before;
    ASSERT_OK(wrapped);
    // The raw side's reply, opened in place by crossauth.
    std::vector<uint8_t> reply = RawWrap(message, Protection::kConfidentiality);
    token.assign(reply.begin(), reply.end());
    const long before_unwrap = g_news.load();
    absl::StatusOr<UnwrappedSpan> opened =
        session().UnwrapInPlace(absl::MakeSpan(token));
    allocations += g_news.load() - before_unwrap;
    ASSERT_OK(opened);
    ASSERT_EQ(opened->message.size(), message.size());
    EXPECT_EQ(RawUnwrap(out).first.size(), message.size());
  }
  EXPECT_EQ(allocations, 0);
}

}  // namespace
}  // namespace test
}  // namespace crossauth
