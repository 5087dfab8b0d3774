// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/sasl_gssapi.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "backends/common/native_status.h"
#include "crossauth/error.h"
#include "src/platform/secure_wipe.h"
#include "src/protocols/sasl_layers.h"

namespace crossauth {
namespace {

// The 4-octet length before each buffer (RFC 4422, section 3.7).
constexpr size_t kLengthPrefix = 4;

constexpr SaslLayers kLayerBits = kSaslAllLayers;

// How much of an authorization identity or a principal a message quotes.
constexpr size_t kMaxShownName = 256;

std::string Shown(absl::string_view name) {
  return internal::ShownText(name, kMaxShownName);
}

// The refusal of a peer's maximum buffer too small for the chosen layer.
absl::Status CheckPeerMaxBuffer(absl::string_view side, absl::string_view peer,
                                SaslLayer layer, uint32_t max_buffer) {
  if (layer == SaslLayer::kNone || max_buffer >= kSaslMinMaxBuffer) {
    return absl::OkStatus();
  }
  return internal::SaslInvalid(absl::StrCat(
      side, ": the ", peer, "'s max buffer of ", max_buffer,
      " octets is below the minimum of ", kSaslMinMaxBuffer, " for the ",
      SaslLayerName(layer),
      " layer (each buffer also carries its wrap token's overhead)"));
}

absl::Status CheckOptions(const SaslGssapiOptions& options,
                          absl::string_view side) {
  if (options.layers == 0 || (options.layers & ~kLayerBits) != 0) {
    return internal::SaslInvalid(absl::StrCat(
        side, ": invalid layers 0x", absl::Hex(options.layers),
        "; allow at least one of none=1, integrity=2, confidentiality=4"));
  }
  if (options.max_buffer > kSaslMaxBufferLimit) {
    return internal::SaslInvalid(
        absl::StrCat(side, ": max_buffer ", options.max_buffer,
                     " exceeds the 3-octet limit ", kSaslMaxBufferLimit));
  }
  if ((options.layers & ~SaslLayerSet(SaslLayer::kNone)) != 0 &&
      options.max_buffer == 0) {
    return internal::SaslInvalid(
        absl::StrCat(side, ": max_buffer 0 with the layers ",
                     internal::SaslLayerList(options.layers)));
  }
  if ((options.layers & ~SaslLayerSet(SaslLayer::kNone)) != 0 &&
      options.max_buffer < kSaslMinMaxBuffer) {
    return internal::SaslInvalid(absl::StrCat(
        side, ": max_buffer ", options.max_buffer, " is below the minimum of ",
        kSaslMinMaxBuffer, " for the layers ",
        internal::SaslLayerList(options.layers)));
  }
  return absl::OkStatus();
}

// The layers the context can carry, from its negotiated flags.
SaslLayers UsableLayers(const Session& session) {
  absl::StatusOr<SessionInfo> info = session.Info();
  SaslLayers usable = SaslLayerSet(SaslLayer::kNone);
  if (info.ok() && info->flags.integrity) {
    usable |= SaslLayerSet(SaslLayer::kIntegrity);
    if (info->flags.confidentiality) {
      usable |= SaslLayerSet(SaslLayer::kConfidentiality);
    }
  }
  return usable;
}

// RFC 4752 runs Kerberos V5 itself: a context wrapped in SPNEGO (which an
// acceptor credential that allows Negotiate would take) is not SASL GSSAPI.
absl::Status CheckRawKerberos(const Session& session) {
  absl::StatusOr<SessionInfo> info = session.Info();
  if (!info.ok()) return info.status();
  if (info->negotiated || info->mechanism != Mechanism::kKerberos) {
    return internal::SaslInvalid(
        absl::StrCat("SaslGssapiServer::Step(): the client's context is ",
                     info->negotiated ? "SPNEGO" : "not Kerberos",
                     "; SASL GSSAPI (RFC 4752) takes raw Kerberos V5 only"));
  }
  return absl::OkStatus();
}

absl::Status DefaultAuthorize(absl::string_view principal,
                              absl::string_view authzid,
                              absl::string_view local_principal) {
  if (authzid == principal) return absl::OkStatus();
  size_t at = principal.rfind('@');
  size_t local_at = local_principal.rfind('@');
  if (at != absl::string_view::npos && local_at != absl::string_view::npos &&
      principal.substr(at) == local_principal.substr(local_at) &&
      authzid == principal.substr(0, at)) {
    return absl::OkStatus();
  }
  return internal::ReasonedError(
      absl::StatusCode::kPermissionDenied,
      absl::StrCat("SASL GSSAPI: ", Shown(principal), " may not act as \"",
                   Shown(authzid), "\""),
      ErrorReason::kPolicyRefused);
}

}  // namespace

// SaslSecurityLayer

SaslSecurityLayer::SaslSecurityLayer(SessionVariant session, SaslLayer layer,
                                     uint32_t max_buffer,
                                     uint32_t peer_max_buffer,
                                     std::string authzid)
    : session_(std::move(session)),
      layer_(layer),
      max_buffer_(max_buffer),
      peer_max_buffer_(peer_max_buffer),
      authzid_(std::move(authzid)) {}

SaslSecurityLayer::SaslSecurityLayer(SaslSecurityLayer&&) noexcept = default;
SaslSecurityLayer& SaslSecurityLayer::operator=(SaslSecurityLayer&&) noexcept =
    default;
SaslSecurityLayer::~SaslSecurityLayer() = default;

Session& SaslSecurityLayer::session() {
  if (auto* client = std::get_if<ClientSession>(&session_)) return *client;
  return std::get<ServerSession>(session_);
}

const Session& SaslSecurityLayer::session() const {
  if (auto* client = std::get_if<ClientSession>(&session_)) return *client;
  return std::get<ServerSession>(session_);
}

absl::StatusOr<SessionInfo> SaslSecurityLayer::Info() const {
  return session().Info();
}

absl::Status SaslSecurityLayer::End() { return session().End(); }

Protection SaslSecurityLayer::protection() const {
  return layer_ == SaslLayer::kConfidentiality ? Protection::kConfidentiality
                                               : Protection::kIntegrity;
}

absl::StatusOr<size_t> SaslSecurityLayer::MaxDataPerBuffer() {
  if (layer_ == SaslLayer::kNone) return size_t{0};
  if (max_data_ == 0) {
    // The mechanism's own answer (gss_wrap_size_limit, SECPKG_ATTR_SIZES),
    // asked once: the enctype does not change during a session.
    absl::StatusOr<size_t> max =
        session().MaxMessageSize(peer_max_buffer_, protection());
    if (!max.ok()) return max.status();
    if (*max == 0) {
      return internal::ReasonedError(
          absl::StatusCode::kResourceExhausted,
          absl::StrCat("SaslSecurityLayer::Encode(): the peer's max buffer of ",
                       peer_max_buffer_,
                       " octets cannot hold a wrapped buffer"),
          ErrorReason::kOther);
    }
    max_data_ = *max;
  }
  return max_data_;
}

absl::StatusOr<std::vector<uint8_t>> SaslSecurityLayer::Encode(
    absl::Span<const uint8_t> data) {
  if (!session().complete()) {
    return internal::SaslWrongState(
        "SaslSecurityLayer::Encode(): the session has ended");
  }
  // No data, no buffer: a wrapped empty buffer carries nothing.
  if (layer_ == SaslLayer::kNone || data.empty()) {
    return std::vector<uint8_t>(data.begin(), data.end());
  }
  absl::StatusOr<size_t> chunk = MaxDataPerBuffer();
  if (!chunk.ok()) return chunk.status();
  const size_t buffers = (data.size() + *chunk - 1) / *chunk;
  // Each buffer is at most the peer's maximum: one allocation for them all.
  const size_t overhead =
      peer_max_buffer_ > *chunk ? peer_max_buffer_ - *chunk : 0;
  std::vector<uint8_t> out;
  out.reserve(data.size() + buffers * (kLengthPrefix + overhead));
  size_t offset = 0;
  while (offset < data.size()) {
    const size_t size = std::min(*chunk, data.size() - offset);
    const size_t start = out.size();
    out.resize(start + kLengthPrefix);
    absl::Status wrapped =
        session().Wrap(data.subspan(offset, size), out, protection());
    if (!wrapped.ok()) return wrapped;
    const size_t token_size = out.size() - start - kLengthPrefix;
    if (token_size > peer_max_buffer_) {
      return internal::ReasonedError(
          absl::StatusCode::kInternal,
          absl::StrCat("SaslSecurityLayer::Encode(): a wrapped buffer of ",
                       token_size, " octets exceeds the peer's max buffer of ",
                       peer_max_buffer_),
          ErrorReason::kOther);
    }
    const uint32_t length = static_cast<uint32_t>(token_size);
    for (size_t i = 0; i < kLengthPrefix; ++i) {
      out[start + i] = static_cast<uint8_t>(length >> (24 - 8 * i));
    }
    offset += size;
  }
  return out;
}

absl::StatusOr<std::vector<uint8_t>> SaslSecurityLayer::Decode(
    absl::Span<const uint8_t> bytes) {
  if (broken_) {
    return internal::SaslWrongState(
        "SaslSecurityLayer::Decode(): the stream is out of step after an "
        "earlier error");
  }
  if (!session().complete()) {
    return internal::SaslWrongState(
        "SaslSecurityLayer::Decode(): the session has ended");
  }
  if (layer_ == SaslLayer::kNone) {
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
  }
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  const Protection wanted = layer_ == SaslLayer::kConfidentiality
                                ? Protection::kConfidentiality
                                : Protection::kIntegrity;
  // Room for every plaintext byte up front (a buffer's plaintext is never
  // longer than the buffer), so that `out` never moves and leaves a copy of
  // plaintext behind in freed memory.
  std::vector<uint8_t> out;
  out.reserve(pending_.size());
  auto fail = [this, &out](absl::Status status) {
    broken_ = true;
    internal::SecureWipe(pending_);  // opened buffers lie in it
    internal::SecureWipe(out);       // and what they held, copied out
    return status;
  };
  size_t offset = 0;
  while (pending_.size() - offset >= kLengthPrefix) {
    const uint8_t* p = pending_.data() + offset;
    uint32_t length = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                      (uint32_t{p[2]} << 8) | uint32_t{p[3]};
    if (length == 0 || length > max_buffer_) {
      return fail(internal::SaslInvalid(
          absl::StrCat("SaslSecurityLayer::Decode(): a buffer of ", length,
                       " octets; this side accepts 1 to ", max_buffer_)));
    }
    if (pending_.size() - offset - kLengthPrefix < length) break;
    // The buffer is opened where it arrived, without a copy; on an error
    // UnwrapInPlace() has wiped it.
    absl::StatusOr<UnwrappedSpan> message = session().UnwrapInPlace(
        absl::MakeSpan(pending_).subspan(offset + kLengthPrefix, length),
        Protection::kIntegrity);
    if (!message.ok()) return fail(message.status());
    if (message->protection != wanted) {
      internal::SecureWipe(message->message.data(), message->message.size());
      return fail(internal::ReasonedError(
          absl::StatusCode::kPermissionDenied,
          absl::StrCat("SaslSecurityLayer::Decode(): a buffer protected with ",
                       message->protection == Protection::kConfidentiality
                           ? "confidentiality"
                           : "integrity only",
                       ", but the negotiated layer is ", SaslLayerName(layer_)),
          ErrorReason::kProtectionMissing));
    }
    out.insert(out.end(), message->message.begin(), message->message.end());
    offset += kLengthPrefix + length;
  }
  // The opened buffers' plaintext is in front of what waits.
  internal::SecureWipe(pending_.data(), offset);
  pending_.erase(pending_.begin(), pending_.begin() + offset);
  return out;
}

// SaslGssapiClient

SaslGssapiClient::SaslGssapiClient(ClientSession session,
                                   SaslGssapiOptions options)
    : session_(std::move(session)), options_(std::move(options)) {}
SaslGssapiClient::SaslGssapiClient(SaslGssapiClient&&) noexcept = default;
SaslGssapiClient& SaslGssapiClient::operator=(SaslGssapiClient&&) noexcept =
    default;
SaslGssapiClient::~SaslGssapiClient() = default;

absl::StatusOr<SaslGssapiClient> SaslGssapiClient::Start(
    const Credential& credential, std::string target,
    SaslGssapiOptions options) {
  ClientOptions session_options;
  session_options.target = std::move(target);
  return Start(credential, std::move(session_options), std::move(options));
}

absl::StatusOr<SaslGssapiClient> SaslGssapiClient::Start(
    const Credential& credential, ClientOptions session_options,
    SaslGssapiOptions options) {
  if (absl::Status status = CheckOptions(options, "SaslGssapiClient::Start()");
      !status.ok()) {
    return status;
  }
  if (options.authzid.find('\0') != std::string::npos) {
    return internal::SaslInvalid(
        "SaslGssapiClient::Start(): the authzid contains a NUL octet");
  }
  // kNegotiate is ClientOptions' default, so it stands for "unset" here.
  if (session_options.mechanism == Mechanism::kNtlm) {
    return internal::SaslInvalid(
        "SaslGssapiClient::Start(): SASL GSSAPI (RFC 4752) runs raw Kerberos "
        "V5; ClientOptions.mechanism must be kKerberos or left at its "
        "default");
  }
  session_options.mechanism = Mechanism::kKerberos;
  absl::StatusOr<ClientSession> session =
      ClientSession::Start(credential, std::move(session_options));
  if (!session.ok()) return session.status();
  return SaslGssapiClient(*std::move(session), std::move(options));
}

absl::StatusOr<std::vector<uint8_t>> SaslGssapiClient::Step(
    absl::Span<const uint8_t> challenge) {
  switch (state_) {
    case State::kContext: {
      absl::StatusOr<StepResult> step = session_->Step(challenge);
      if (!step.ok()) {
        state_ = State::kFailed;
        return step.status();
      }
      if (step->complete) state_ = State::kOffer;
      return std::move(step->token);
    }
    case State::kOffer: {
      absl::StatusOr<std::vector<uint8_t>> response = AnswerOffer(challenge);
      state_ = response.ok() ? State::kComplete : State::kFailed;
      return response;
    }
    case State::kComplete:
    case State::kFinished:
      return internal::SaslWrongState(
          "SaslGssapiClient::Step(): the negotiation is already complete");
    case State::kFailed:
      break;
  }
  return internal::SaslWrongState(
      "SaslGssapiClient::Step(): an earlier step failed");
}

absl::StatusOr<std::vector<uint8_t>> SaslGssapiClient::AnswerOffer(
    absl::Span<const uint8_t> challenge) {
  if (challenge.empty()) {
    return internal::SaslInvalid(
        "SaslGssapiClient::Step(): expected the server's wrapped offer, got "
        "an empty challenge");
  }
  absl::StatusOr<UnwrappedMessage> message =
      session_->Unwrap(challenge, Protection::kIntegrity);
  if (!message.ok()) return message.status();
  absl::StatusOr<SaslServerOffer> offer =
      DecodeSaslServerOffer(message->message);
  if (!offer.ok()) return offer.status();
  const SaslLayers acceptable =
      offer->layers & options_.layers & UsableLayers(*session_);
  bool found = false;
  for (SaslLayer layer :
       {SaslLayer::kConfidentiality, SaslLayer::kIntegrity, SaslLayer::kNone}) {
    if (acceptable & SaslLayerSet(layer)) {
      layer_ = layer;
      found = true;
      break;
    }
  }
  if (!found) {
    return internal::ReasonedError(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat(
            "SaslGssapiClient::Step(): the server offers ",
            internal::SaslLayerList(offer->layers), "; this client allows ",
            internal::SaslLayerList(options_.layers & UsableLayers(*session_))),
        ErrorReason::kProtectionMissing);
  }
  if (absl::Status status = CheckPeerMaxBuffer(
          "SaslGssapiClient::Step()", "server", layer_, offer->max_buffer);
      !status.ok()) {
    return status;
  }
  peer_max_buffer_ = offer->max_buffer;
  SaslClientChoice choice;
  choice.layer = layer_;
  choice.max_buffer = layer_ == SaslLayer::kNone ? 0 : options_.max_buffer;
  choice.authzid = options_.authzid;
  absl::StatusOr<std::vector<uint8_t>> encoded = EncodeSaslClientChoice(choice);
  if (!encoded.ok()) return encoded.status();
  return session_->Wrap(*encoded, Protection::kIntegrity);
}

absl::StatusOr<SaslSecurityLayer> SaslGssapiClient::Finish() && {
  if (state_ != State::kComplete) {
    return internal::SaslWrongState(
        "SaslGssapiClient::Finish(): the negotiation is not complete");
  }
  state_ = State::kFinished;
  uint32_t max_buffer = layer_ == SaslLayer::kNone ? 0 : options_.max_buffer;
  SaslSecurityLayer layer(
      SaslSecurityLayer::SessionVariant(std::move(*session_)), layer_,
      max_buffer, peer_max_buffer_, options_.authzid);
  session_.reset();
  return layer;
}

// SaslGssapiServer

SaslGssapiServer::SaslGssapiServer(ServerSession session,
                                   SaslGssapiOptions options)
    : session_(std::move(session)), options_(std::move(options)) {}
SaslGssapiServer::SaslGssapiServer(SaslGssapiServer&&) noexcept = default;
SaslGssapiServer& SaslGssapiServer::operator=(SaslGssapiServer&&) noexcept =
    default;
SaslGssapiServer::~SaslGssapiServer() = default;

absl::StatusOr<SaslGssapiServer> SaslGssapiServer::Start(
    const Credential& credential, SaslGssapiOptions options,
    ServerOptions session_options) {
  if (absl::Status status = CheckOptions(options, "SaslGssapiServer::Start()");
      !status.ok()) {
    return status;
  }
  if (!options.authzid.empty()) {
    return internal::SaslInvalid(
        "SaslGssapiServer::Start(): authzid is a client option; use "
        "authorize to decide which identities a client may act as");
  }
  absl::StatusOr<ServerSession> session =
      ServerSession::Start(credential, std::move(session_options));
  if (!session.ok()) return session.status();
  return SaslGssapiServer(*std::move(session), std::move(options));
}

absl::StatusOr<std::vector<uint8_t>> SaslGssapiServer::MakeOffer() {
  offered_ = options_.layers & UsableLayers(*session_);
  if (offered_ == 0) {
    return internal::ReasonedError(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat(
            "SaslGssapiServer::Step(): the context cannot carry any allowed "
            "layer (allowed: ",
            internal::SaslLayerList(options_.layers), ")"),
        ErrorReason::kProtectionMissing);
  }
  SaslServerOffer offer;
  offer.layers = offered_;
  offer.max_buffer =
      offered_ == SaslLayerSet(SaslLayer::kNone) ? 0 : options_.max_buffer;
  absl::StatusOr<std::vector<uint8_t>> encoded = EncodeSaslServerOffer(offer);
  if (!encoded.ok()) return encoded.status();
  return session_->Wrap(*encoded, Protection::kIntegrity);
}

absl::Status SaslGssapiServer::CheckChoice(absl::Span<const uint8_t> response) {
  absl::StatusOr<UnwrappedMessage> message =
      session_->Unwrap(response, Protection::kIntegrity);
  if (!message.ok()) return message.status();
  absl::StatusOr<SaslClientChoice> choice =
      DecodeSaslClientChoice(message->message);
  if (!choice.ok()) return choice.status();
  if ((offered_ & SaslLayerSet(choice->layer)) == 0) {
    return internal::ReasonedError(
        absl::StatusCode::kPermissionDenied,
        absl::StrCat("SaslGssapiServer::Step(): the client chose the ",
                     SaslLayerName(choice->layer),
                     " layer, which was not offered (offered: ",
                     internal::SaslLayerList(offered_), ")"),
        ErrorReason::kProtectionMissing);
  }
  if (absl::Status status =
          CheckPeerMaxBuffer("SaslGssapiServer::Step()", "client",
                             choice->layer, choice->max_buffer);
      !status.ok()) {
    return status;
  }
  absl::StatusOr<SessionInfo> info = session_->Info();
  if (!info.ok()) return info.status();
  // A name the backend does not report (SSPI under Wine) is empty here: an
  // empty principal can act as no one but itself.
  const std::string peer = info->peer_principal.value_or("");
  if (choice->authzid.empty()) {
    authzid_ = peer;
  } else {
    absl::Status allowed =
        options_.authorize
            ? options_.authorize(peer, choice->authzid)
            : DefaultAuthorize(peer, choice->authzid,
                               info->local_principal.value_or(""));
    if (!allowed.ok()) {
      if (allowed.code() == absl::StatusCode::kPermissionDenied) {
        // The application's message may quote the client's authzid.
        // An application's refusal that names no reason is an
        // authorization policy refusal, like the default one.
        ErrorReason reason = GetErrorReason(allowed);
        if (reason == ErrorReason::kUnspecified) {
          reason = ErrorReason::kPolicyRefused;
        }
        std::string shown = internal::ShownText(allowed.message());
        if (shown == allowed.message()) {
          internal::SetErrorReason(allowed, reason);
          return allowed;
        }
        return internal::ReasonedError(absl::StatusCode::kPermissionDenied,
                                       shown, reason);
      }
      return internal::ReasonedError(
          absl::StatusCode::kPermissionDenied,
          absl::StrCat("SASL GSSAPI: ", Shown(peer), " may not act as \"",
                       Shown(choice->authzid),
                       "\": ", internal::ShownText(allowed.message())),
          ErrorReason::kPolicyRefused);
    }
    authzid_ = std::move(choice->authzid);
  }
  layer_ = choice->layer;
  peer_max_buffer_ = choice->max_buffer;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<uint8_t>> SaslGssapiServer::Step(
    absl::Span<const uint8_t> response) {
  absl::StatusOr<std::vector<uint8_t>> challenge;
  switch (state_) {
    case State::kContext: {
      absl::StatusOr<StepResult> step = session_->Step(response);
      absl::Status raw_kerberos = step.ok() && step->complete
                                      ? CheckRawKerberos(*session_)
                                      : absl::OkStatus();
      if (!step.ok()) {
        challenge = step.status();
      } else if (!raw_kerberos.ok()) {
        challenge = raw_kerberos;
      } else if (!step->complete) {
        challenge = std::move(step->token);
      } else if (!step->token.empty()) {
        // The client answers the last context token with an empty response.
        state_ = State::kEmpty;
        challenge = std::move(step->token);
      } else {
        challenge = MakeOffer();
        if (challenge.ok()) state_ = State::kChoice;
      }
      break;
    }
    case State::kEmpty:
      if (!response.empty()) {
        challenge = internal::SaslInvalid(
            absl::StrCat("SaslGssapiServer::Step(): expected an empty response "
                         "after the "
                         "last context token, got ",
                         response.size(), " octets"));
      } else {
        challenge = MakeOffer();
        if (challenge.ok()) state_ = State::kChoice;
      }
      break;
    case State::kChoice:
      if (absl::Status status = CheckChoice(response); !status.ok()) {
        challenge = status;
      } else {
        state_ = State::kComplete;
        challenge = std::vector<uint8_t>();
      }
      break;
    case State::kComplete:
    case State::kFinished:
      return internal::SaslWrongState(
          "SaslGssapiServer::Step(): the negotiation is already complete");
    case State::kFailed:
      return internal::SaslWrongState(
          "SaslGssapiServer::Step(): an earlier step failed");
  }
  if (!challenge.ok()) state_ = State::kFailed;
  return challenge;
}

absl::StatusOr<SaslSecurityLayer> SaslGssapiServer::Finish() && {
  if (state_ != State::kComplete) {
    return internal::SaslWrongState(
        "SaslGssapiServer::Finish(): the negotiation is not complete");
  }
  state_ = State::kFinished;
  uint32_t max_buffer = layer_ == SaslLayer::kNone ? 0 : options_.max_buffer;
  SaslSecurityLayer layer(
      SaslSecurityLayer::SessionVariant(std::move(*session_)), layer_,
      max_buffer, peer_max_buffer_, std::move(authzid_));
  session_.reset();
  return layer;
}

}  // namespace crossauth
