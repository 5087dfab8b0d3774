// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sasl_gssapi.h: the SASL "GSSAPI" mechanism (RFC 4752), both sides, with
// its security layers.
//
// SASL GSSAPI runs a raw Kerberos V5 context (no SPNEGO) and then negotiates
// a security layer inside two integrity-protected messages: the server offers
// the layers it supports and the largest buffer it accepts, the client picks
// one layer and names the identity it wants to act as (the authorization
// identity, "authzid"). After that, application data travels through the
// chosen layer:
//
//   none             the data is sent as it is;
//   integrity        each buffer is a Wrap() token with integrity only;
//   confidentiality  each buffer is a Wrap() token that is also encrypted.
//
// With a layer, the byte stream is a sequence of buffers, each preceded by
// its length as 4 octets in network byte order (RFC 4422, section 3.7), and
// no buffer exceeds the maximum its receiver announced. A maximum below
// kSaslMinMaxBuffer is refused when a layer is chosen, so that a peer cannot
// make this side send many small buffers, each with its wrap overhead, for
// little data.
//
// The protocol that carries the SASL messages (IMAP, LDAP, SMTP, ...) is the
// application's. A client:
//
//   crossauth::SaslGssapiOptions sasl;
//   sasl.authzid = "alice";  // optional
//   auto client = crossauth::SaslGssapiClient::Start(
//       credential, "ldap@directory.example", sasl);
//   std::vector<uint8_t> challenge;  // the first response has no challenge
//   while (!client->complete()) {
//     absl::StatusOr<std::vector<uint8_t>> response = client->Step(challenge);
//     if (!response.ok()) return response.status();
//     SendResponse(*response);  // may be empty: send it all the same
//     if (!client->complete()) challenge = ReceiveChallenge();
//   }
//   absl::StatusOr<crossauth::SaslSecurityLayer> layer =
//       std::move(*client).Finish();
//   absl::StatusOr<std::vector<uint8_t>> out = layer->Encode(request);
//   absl::StatusOr<std::vector<uint8_t>> in = layer->Decode(ReceiveBytes());
//
// A server does the same with SaslGssapiServer, feeding it each response and
// sending each challenge it returns until complete(). It then knows the
// authenticated principal and the authorization identity it accepted.
//
// Errors: InvalidArgument for options that contradict each other and for a
// malformed or short negotiation message or buffer from the peer (a peer's
// maximum buffer below kSaslMinMaxBuffer with a layer included),
// PermissionDenied for a layer the other side did not offer (or that this
// side does not accept), for an authorization identity the server's policy
// refuses and for a buffer protected more weakly than the negotiated layer,
// DataLoss for a tampered or corrupt token, FailedPrecondition for calls out
// of order. No error returns any plaintext.

#ifndef CROSSAUTH_SASL_GSSAPI_H_
#define CROSSAUTH_SASL_GSSAPI_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossauth/credential.h"
#include "crossauth/export.h"
#include "crossauth/session.h"

namespace crossauth {

// SaslLayer
//
// One security layer, with its bit in the RFC 4752 negotiation messages.
enum class SaslLayer : uint8_t {
  kNone = 0x01,
  kIntegrity = 0x02,
  kConfidentiality = 0x04,
};

// SaslLayerName()
//
// "none", "integrity" or "confidentiality".
CROSSAUTH_EXPORT absl::string_view SaslLayerName(SaslLayer layer);

// SaslLayers
//
// A set of layers: a bit mask of SaslLayer values.
using SaslLayers = uint8_t;

// kSaslAllLayers
//
// Every layer RFC 4752 defines.
inline constexpr SaslLayers kSaslAllLayers = 0x07;

// SaslLayerSet()
//
// The set holding `layer`; combine sets with `|`.
constexpr SaslLayers SaslLayerSet(SaslLayer layer) {
  return static_cast<SaslLayers>(layer);
}

// kSaslMaxBufferLimit
//
// The largest maximum buffer size three octets can carry (16 MiB - 1).
inline constexpr uint32_t kSaslMaxBufferLimit = 0xFFFFFF;

// kSaslMinMaxBuffer
//
// The smallest maximum buffer size crossauth accepts with a layer other than
// none, from the peer and in SaslGssapiOptions::max_buffer. RFC 4752 allows
// any maximum from 1, but each buffer carries the wrap token's overhead (60
// octets with AES, what Session::MaxMessageSize() subtracts) and its 4-octet
// length: a peer that announced 129 octets would get 69 octets of data per
// 133-octet buffer. From 1024 octets on, each buffer carries at least 964
// octets of data with AES and the bytes sent stay within about 1.1 times the
// data. (Cyrus SASL, OpenLDAP,
// Java and Active Directory announce 2048 octets and more.) With the none
// layer the maximum is 0, as RFC 4752 requires.
inline constexpr uint32_t kSaslMinMaxBuffer = 1024;

// SaslServerOffer
//
// The server's negotiation message: the layers it supports and the largest
// buffer it can receive (0 when it offers no layer but none).
struct CROSSAUTH_EXPORT SaslServerOffer {
  SaslLayers layers = kSaslAllLayers;
  uint32_t max_buffer = 0;
};

// SaslClientChoice
//
// The client's answer: the one layer it chose, the largest buffer it can
// receive (0 with the none layer) and the identity it wants to act as
// (empty: the authenticated one).
struct CROSSAUTH_EXPORT SaslClientChoice {
  SaslLayer layer = SaslLayer::kNone;
  uint32_t max_buffer = 0;
  std::string authzid{};
};

// EncodeSaslServerOffer() / DecodeSaslServerOffer()
//
// The 4 octets of the server's message, before wrapping: the layer mask and
// the maximum buffer size in network byte order. Encoding and decoding both
// check the message: InvalidArgument for a length other than 4, an empty mask
// or one with bits RFC 4752 does not define, a maximum of 0 with a layer
// offered, or a maximum other than 0 with only the none layer.
CROSSAUTH_EXPORT absl::StatusOr<std::vector<uint8_t>> EncodeSaslServerOffer(
    const SaslServerOffer& offer);
CROSSAUTH_EXPORT absl::StatusOr<SaslServerOffer> DecodeSaslServerOffer(
    absl::Span<const uint8_t> message);

// EncodeSaslClientChoice() / DecodeSaslClientChoice()
//
// The client's message, before wrapping: the chosen layer's bit, the maximum
// buffer size in 3 octets, then the authorization identity (UTF-8, no NUL).
// InvalidArgument for fewer than 4 octets, no layer or more than one (except
// integrity plus confidentiality, which Active Directory clients send and
// which means confidentiality), a maximum of 0 with a layer, a maximum other
// than 0 with the none layer, or a NUL in the authorization identity.
CROSSAUTH_EXPORT absl::StatusOr<std::vector<uint8_t>> EncodeSaslClientChoice(
    const SaslClientChoice& choice);
CROSSAUTH_EXPORT absl::StatusOr<SaslClientChoice> DecodeSaslClientChoice(
    absl::Span<const uint8_t> message);

// SaslGssapiOptions
//
// One side's policy.
struct CROSSAUTH_EXPORT SaslGssapiOptions {
  // The layers this side allows: a server offers them (less those the
  // Kerberos context cannot provide), a client picks the strongest of them
  // that the server offers. Never empty.
  SaslLayers layers = kSaslAllLayers;

  // The largest buffer (one wrapped token, without its length prefix) this
  // side accepts from the peer: kSaslMinMaxBuffer to kSaslMaxBufferLimit
  // when a layer other than none is allowed. Sent as 0 when only none is
  // allowed (and then any value is accepted here).
  uint32_t max_buffer = 65536;

  // Client only: the authorization identity to request; empty to act as the
  // authenticated principal. A server rejects a non-empty value.
  std::string authzid{};

  // Server only: decides whether the authenticated `principal` (for example
  // "alice@EXAMPLE.COM") may act as `authzid` (never empty when called).
  // Return OK to allow. Unset: the authzid must be the principal itself, or
  // its user part when the principal is in the server's own realm (what
  // Cyrus SASL clients send), and anything else is PermissionDenied.
  std::function<absl::Status(absl::string_view principal,
                             absl::string_view authzid)>
      authorize{};
};

// SaslSecurityLayer
//
// The negotiated layer on an established SASL GSSAPI session: it owns the
// session and protects the application's byte stream. Move-only; one thread
// at a time.
class CROSSAUTH_EXPORT SaslSecurityLayer {
 public:
  SaslSecurityLayer(SaslSecurityLayer&&) noexcept;
  SaslSecurityLayer& operator=(SaslSecurityLayer&&) noexcept;
  SaslSecurityLayer(const SaslSecurityLayer&) = delete;
  SaslSecurityLayer& operator=(const SaslSecurityLayer&) = delete;
  ~SaslSecurityLayer();

  // layer()
  //
  // The negotiated layer.
  SaslLayer layer() const { return layer_; }

  // peer_max_buffer()
  //
  // The largest buffer the peer accepts (0 with the none layer).
  uint32_t peer_max_buffer() const { return peer_max_buffer_; }

  // max_buffer()
  //
  // The largest buffer this side accepts (0 with the none layer).
  uint32_t max_buffer() const { return max_buffer_; }

  // authzid()
  //
  // The authorization identity: on a server the one it accepted (the
  // authenticated principal when the client named none, empty where the
  // backend reports no peer name, as SSPI under Wine), on a client the one
  // it requested (empty when none).
  const std::string& authzid() const { return authzid_; }

  // Info()
  //
  // The underlying session's facts: peer, mechanism (always kKerberos), flags.
  absl::StatusOr<SessionInfo> Info() const;

  // MaxDataPerBuffer()
  //
  // The most application data one buffer from Encode() carries: the
  // session's MaxMessageSize() for peer_max_buffer() with the layer's
  // protection, asked once and remembered. 0 with the none layer.
  // ResourceExhausted when not even one octet fits in the peer's maximum.
  ABSL_MUST_USE_RESULT absl::StatusOr<size_t> MaxDataPerBuffer();

  // Encode()
  //
  // Protects `data` for the peer. With the none layer the data is returned
  // unchanged. Otherwise it is split into as many buffers as the peer's
  // maximum requires, each wrapped and preceded by its 4-octet length, and
  // the bytes to send are returned; empty data gives no bytes. Every buffer
  // but the last carries MaxDataPerBuffer() octets of data, so each token
  // fills the peer's maximum as closely as the mechanism allows.
  ABSL_MUST_USE_RESULT absl::StatusOr<std::vector<uint8_t>> Encode(
      absl::Span<const uint8_t> data);

  // Decode()
  //
  // Feeds bytes received from the peer and returns the application data of
  // every buffer they complete (possibly none; an incomplete buffer waits
  // for the next call). With the none layer the bytes are returned
  // unchanged. Errors: InvalidArgument for a buffer length of 0 or above
  // max_buffer(), DataLoss for a tampered or corrupt buffer, Aborted for a
  // replayed or reordered one, PermissionDenied for one protected otherwise
  // than the negotiated layer (for example integrity only when
  // confidentiality was negotiated). After an error the stream is out of
  // step: later calls return FailedPrecondition.
  ABSL_MUST_USE_RESULT absl::StatusOr<std::vector<uint8_t>> Decode(
      absl::Span<const uint8_t> bytes);

  // buffered()
  //
  // How many received bytes wait for the rest of their buffer.
  size_t buffered() const { return pending_.size(); }

  // End()
  //
  // Ends the underlying session (see Session::End()). Idempotent.
  absl::Status End();

 private:
  friend class SaslGssapiClient;
  friend class SaslGssapiServer;
  using SessionVariant = std::variant<ClientSession, ServerSession>;
  SaslSecurityLayer(SessionVariant session, SaslLayer layer,
                    uint32_t max_buffer, uint32_t peer_max_buffer,
                    std::string authzid);
  Session& session();
  const Session& session() const;
  Protection protection() const;

  SessionVariant session_;
  SaslLayer layer_;
  uint32_t max_buffer_;
  uint32_t peer_max_buffer_;
  std::string authzid_;
  std::vector<uint8_t> pending_;
  size_t max_data_ = 0;  // MaxDataPerBuffer(), once asked
  bool broken_ = false;
};

// SaslGssapiClient
//
// The client side of RFC 4752. Move-only; one thread at a time.
class CROSSAUTH_EXPORT SaslGssapiClient {
 public:
  // SaslGssapiClient::Start()
  //
  // Starts a raw Kerberos session on `credential`, which must allow
  // Mechanism::kKerberos, with `session_options` as ClientSession::Start()
  // takes them, as SaslGssapiServer::Start() takes ServerOptions: the target
  // ("service@host", for example "imap@mail.example.com"), channel
  // bindings, host canonicalization, flags. SASL GSSAPI (RFC 4752) is raw
  // Kerberos V5, so the session's mechanism is always kKerberos:
  // `session_options.mechanism` may be kKerberos or left at its default,
  // kNegotiate; kNtlm is InvalidArgument. InvalidArgument also for
  // contradicting `options` (see SaslGssapiOptions); the errors of
  // ClientSession::Start().
  //
  //   crossauth::ClientOptions session;
  //   session.target = "ldap@directory.example";
  //   session.channel_bindings = *bindings;  // from the TLS channel
  //   auto client = crossauth::SaslGssapiClient::Start(credential, session);
  ABSL_MUST_USE_RESULT static absl::StatusOr<SaslGssapiClient> Start(
      const Credential& credential, ClientOptions session_options,
      SaslGssapiOptions options = {});

  // SaslGssapiClient::Start()
  //
  // The same with only a target: the ClientOptions defaults otherwise.
  // (A braced `{"imap@host"}` second argument is ambiguous between the two
  // overloads: pass the target as a string, or a ClientOptions variable.)
  ABSL_MUST_USE_RESULT static absl::StatusOr<SaslGssapiClient> Start(
      const Credential& credential, std::string target,
      SaslGssapiOptions options = {});

  SaslGssapiClient(SaslGssapiClient&&) noexcept;
  SaslGssapiClient& operator=(SaslGssapiClient&&) noexcept;
  SaslGssapiClient(const SaslGssapiClient&) = delete;
  SaslGssapiClient& operator=(const SaslGssapiClient&) = delete;
  ~SaslGssapiClient();

  // Step()
  //
  // Feeds the server's challenge (empty for the initial response) and
  // returns the response to send, which may be empty and must be sent all
  // the same. After the call that answers the server's offer, complete() is
  // true; that call's response is the last one. Errors: see the file
  // comment; PermissionDenied when the server offers no layer this client
  // allows; InvalidArgument when the chosen layer is not none and the
  // server's maximum buffer is below kSaslMinMaxBuffer. After an error the
  // client is unusable.
  ABSL_MUST_USE_RESULT absl::StatusOr<std::vector<uint8_t>> Step(
      absl::Span<const uint8_t> challenge);

  // complete()
  //
  // True once the layer is chosen.
  bool complete() const { return state_ == State::kComplete; }

  // Finish()
  //
  // Hands the session over to its security layer. FailedPrecondition before
  // complete() or after an earlier Finish().
  ABSL_MUST_USE_RESULT absl::StatusOr<SaslSecurityLayer> Finish() &&;

 private:
  enum class State { kContext, kOffer, kComplete, kFailed, kFinished };
  SaslGssapiClient(ClientSession session, SaslGssapiOptions options);
  absl::StatusOr<std::vector<uint8_t>> AnswerOffer(
      absl::Span<const uint8_t> challenge);

  std::optional<ClientSession> session_;
  SaslGssapiOptions options_;
  State state_ = State::kContext;
  SaslLayer layer_ = SaslLayer::kNone;
  uint32_t peer_max_buffer_ = 0;
};

// SaslGssapiServer
//
// The server side of RFC 4752. Move-only; one thread at a time.
class CROSSAUTH_EXPORT SaslGssapiServer {
 public:
  // SaslGssapiServer::Start()
  //
  // Waits for the client's initial response on `credential` (an acceptor
  // credential that allows Mechanism::kKerberos). `session_options` set
  // channel bindings and requirements. InvalidArgument for contradicting
  // `options`, including a non-empty authzid; the errors of
  // ServerSession::Start().
  ABSL_MUST_USE_RESULT static absl::StatusOr<SaslGssapiServer> Start(
      const Credential& credential, SaslGssapiOptions options = {},
      ServerOptions session_options = {});

  SaslGssapiServer(SaslGssapiServer&&) noexcept;
  SaslGssapiServer& operator=(SaslGssapiServer&&) noexcept;
  SaslGssapiServer(const SaslGssapiServer&) = delete;
  SaslGssapiServer& operator=(const SaslGssapiServer&) = delete;
  ~SaslGssapiServer();

  // Step()
  //
  // Feeds the client's response and returns the challenge to send. Once
  // complete() is true there is nothing more to send. Errors: see the file
  // comment; InvalidArgument also for data where RFC 4752 wants an empty
  // response, for a client context in SPNEGO rather than raw Kerberos, for
  // a malformed first token that leaves the context incomplete with nothing
  // to send, and for a client that chose a layer with a maximum buffer below
  // kSaslMinMaxBuffer. After an error the server is unusable.
  ABSL_MUST_USE_RESULT absl::StatusOr<std::vector<uint8_t>> Step(
      absl::Span<const uint8_t> response);

  // complete()
  //
  // True once the client's choice was checked and accepted.
  bool complete() const { return state_ == State::kComplete; }

  // Finish()
  //
  // Hands the session over to its security layer. FailedPrecondition before
  // complete() or after an earlier Finish().
  ABSL_MUST_USE_RESULT absl::StatusOr<SaslSecurityLayer> Finish() &&;

 private:
  enum class State { kContext, kEmpty, kChoice, kComplete, kFailed, kFinished };
  SaslGssapiServer(ServerSession session, SaslGssapiOptions options);
  absl::StatusOr<std::vector<uint8_t>> MakeOffer();
  absl::Status CheckChoice(absl::Span<const uint8_t> response);

  std::optional<ServerSession> session_;
  SaslGssapiOptions options_;
  State state_ = State::kContext;
  SaslLayers offered_ = 0;
  SaslLayer layer_ = SaslLayer::kNone;
  uint32_t peer_max_buffer_ = 0;
  std::string authzid_;
};

}  // namespace crossauth

#endif  // CROSSAUTH_SASL_GSSAPI_H_
