// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// HTTP Negotiate (RFC 4559) on top of the sessions. The header grammar is
// RFC 7235's: challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ],
// in a #rule list for WWW-Authenticate. Every loop advances over the value,
// which is capped at kMaxHttpAuthHeaderSize, so parsing is bounded.

#include "crossauth/http_negotiate.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "backends/common/native_status.h"
#include "crossauth/error.h"

namespace crossauth {
namespace {

constexpr absl::string_view kScheme = "Negotiate";

// A header value that breaks the grammar or the base64 rules: the caller's
// input is bad.
absl::Status BadHeader(absl::string_view message) {
  return internal::ReasonedError(absl::StatusCode::kInvalidArgument, message,
                                 ErrorReason::kInvalidArgument);
}

// A call that does not fit the exchange's state.
absl::Status WrongState(absl::string_view message) {
  return internal::ReasonedError(absl::StatusCode::kFailedPrecondition, message,
                                 ErrorReason::kWrongState);
}
constexpr size_t kMaxSchemeShown = 32;
// How many of the server's other schemes an error lists.
constexpr size_t kMaxSchemesListed = 8;

bool IsTchar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("!#$%&'*+-.^_`|~").find(c) !=
             absl::string_view::npos;
}
bool IsToken68Char(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("-._~+/").find(c) != absl::string_view::npos;
}
bool IsWhitespace(char c) { return c == ' ' || c == '\t'; }
bool IsControl(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

// One challenge (or the one set of credentials) from a header value.
struct Challenge {
  absl::string_view scheme;
  std::optional<absl::string_view> token68;
  size_t token68_offset = 0;
  bool has_params = false;
};

// Walks one field value; every error names the field, the problem and the
// offset, and shows the offending byte escaped.
class Parser {
 public:
  Parser(absl::string_view field, absl::string_view value)
      : field_(field), value_(value) {}

  absl::StatusOr<std::vector<Challenge>> ParseList() {
    if (value_.size() > kMaxHttpAuthHeaderSize) {
      return BadHeader(absl::StrCat(field_, ": the value is ", value_.size(),
                                    " bytes; the limit is ",
                                    kMaxHttpAuthHeaderSize));
    }
    for (size_t i = 0; i < value_.size(); ++i) {
      if (IsControl(value_[i])) return Error("a control character", i);
    }
    // Leading and trailing whitespace is not part of a field value.
    while (!value_.empty() && IsWhitespace(value_.front())) {
      value_.remove_prefix(1), ++base_;
    }
    while (!value_.empty() && IsWhitespace(value_.back())) {
      value_.remove_suffix(1);
    }
    if (value_.empty()) {
      return BadHeader(absl::StrCat(field_, ": the value is empty"));
    }
    std::vector<Challenge> challenges;
    while (true) {
      SkipSeparators();
      if (AtEnd()) break;
      absl::StatusOr<Challenge> challenge = ParseChallenge();
      if (!challenge.ok()) return challenge.status();
      challenges.push_back(*challenge);
    }
    if (challenges.empty()) {
      return BadHeader(
          absl::StrCat(field_, ": the value holds no auth-scheme, only ','"));
    }
    return challenges;
  }

  absl::Status Error(absl::string_view what, size_t at) const {
    return BadHeader(absl::StrCat(field_, ": ", what, " at offset ", at + base_,
                                  " (", Shown(at), ")"));
  }

 private:
  bool AtEnd() const { return pos_ >= value_.size(); }
  char Peek(size_t at) const { return at < value_.size() ? value_[at] : '\0'; }
  std::string Shown(size_t at) const {
    if (at >= value_.size()) return "the end of the value";
    return absl::StrCat("'", internal::ShownText(value_.substr(at, 1)), "'");
  }
  void SkipWhitespace() {
    while (!AtEnd() && IsWhitespace(value_[pos_])) ++pos_;
  }
  // The #rule separators, empty elements included: *( OWS "," ) OWS.
  void SkipSeparators() {
    SkipWhitespace();
    while (!AtEnd() && value_[pos_] == ',') {
      ++pos_;
      SkipWhitespace();
    }
  }
  size_t TokenEnd(size_t from) const {
    while (from < value_.size() && IsTchar(value_[from])) ++from;
    return from;
  }
  // True at "OWS ','" or the end: where an element ends.
  bool AtElementEnd(size_t at) const {
    while (at < value_.size() && IsWhitespace(value_[at])) ++at;
    return at >= value_.size() || value_[at] == ',';
  }
  // True when an auth-param (token BWS "=") starts after the separators at
  // `at`, rather than the next challenge.
  bool ParamFollows(size_t at) const {
    while (at < value_.size() &&
           (IsWhitespace(value_[at]) || value_[at] == ','))
      ++at;
    size_t end = TokenEnd(at);
    if (end == at) return false;
    while (end < value_.size() && IsWhitespace(value_[end])) ++end;
    return Peek(end) == '=';
  }

  absl::StatusOr<Challenge> ParseChallenge() {
    Challenge challenge;
    size_t end = TokenEnd(pos_);
    if (end == pos_) return Error("expected an auth-scheme", pos_);
    challenge.scheme = value_.substr(pos_, end - pos_);
    pos_ = end;
    if (AtElementEnd(pos_)) {
      SkipWhitespace();
      return challenge;
    }
    const size_t gap = pos_;
    SkipWhitespace();
    if (pos_ == gap) {
      return Error("expected a space or ',' after the auth-scheme", pos_);
    }
    for (size_t i = gap; i < pos_; ++i) {
      if (value_[i] != ' ') {
        return Error("expected spaces after the auth-scheme, found a tab", i);
      }
    }
    // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    size_t token_end = pos_;
    while (token_end < value_.size() && IsToken68Char(value_[token_end])) {
      ++token_end;
    }
    if (token_end > pos_) {
      while (Peek(token_end) == '=') ++token_end;
      if (AtElementEnd(token_end)) {
        challenge.token68 = value_.substr(pos_, token_end - pos_);
        challenge.token68_offset = pos_ + base_;
        pos_ = token_end;
        SkipWhitespace();
        return challenge;
      }
    }
    // Otherwise: #auth-param, auth-param = token BWS "=" BWS value.
    challenge.has_params = true;
    while (true) {
      size_t name_end = TokenEnd(pos_);
      if (name_end == pos_) {
        return Error("expected a token68 or an auth-param name", pos_);
      }
      pos_ = name_end;
      SkipWhitespace();
      if (Peek(pos_) != '=') {
        return Error("expected '=' after the auth-param name", pos_);
      }
      ++pos_;
      SkipWhitespace();
      if (absl::Status value = ParseParamValue(); !value.ok()) return value;
      SkipWhitespace();
      if (AtEnd()) break;
      if (value_[pos_] != ',') {
        return Error("expected ',' after the auth-param value", pos_);
      }
      if (!ParamFollows(pos_)) break;  // the next challenge starts
      SkipSeparators();
    }
    return challenge;
  }

  // token / quoted-string
  absl::Status ParseParamValue() {
    if (Peek(pos_) != '"') {
      size_t end = TokenEnd(pos_);
      if (end == pos_) {
        return Error("expected a token or a quoted-string value", pos_);
      }
      pos_ = end;
      return absl::OkStatus();
    }
    const size_t open = pos_++;
    while (!AtEnd()) {
      char c = value_[pos_];
      if (c == '"') {
        ++pos_;
        return absl::OkStatus();
      }
      if (c == '\\') {
        if (pos_ + 1 >= value_.size()) break;
        pos_ += 2;  // quoted-pair; controls were refused up front
        continue;
      }
      ++pos_;  // qdtext or obs-text
    }
    return Error("the quoted-string that starts here is not closed", open);
  }

  absl::string_view field_;
  absl::string_view value_;
  size_t base_ = 0;  // offset of value_ in the field value as given
  size_t pos_ = 0;
};

// The schemes for an error message: at most kMaxSchemesListed of them.
std::string ListedSchemes(const std::vector<std::string>& schemes) {
  if (schemes.empty()) return "nothing";
  if (schemes.size() <= kMaxSchemesListed) return absl::StrJoin(schemes, ", ");
  return absl::StrCat(
      absl::StrJoin(schemes.begin(), schemes.begin() + kMaxSchemesListed, ", "),
      ", ... (", schemes.size() - kMaxSchemesListed, " more)");
}

std::string ShownScheme(absl::string_view scheme) {
  // A scheme is made of tchars only (printable ASCII), so it is safe to show.
  if (scheme.size() <= kMaxSchemeShown) return std::string(scheme);
  return absl::StrCat(scheme.substr(0, kMaxSchemeShown), "...");
}

// Decodes a token68 that must be canonical, padded base64 (RFC 4648).
absl::StatusOr<std::vector<uint8_t>> DecodeToken(absl::string_view field,
                                                 absl::string_view token,
                                                 size_t offset) {
  for (size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    if (c != '+' && c != '/' && c != '=' &&
        !absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      return BadHeader(absl::StrCat(
          field,
          ": the Negotiate token has a character outside base64 at "
          "offset ",
          offset + i, " ('", internal::ShownText(token.substr(i, 1)), "')"));
    }
  }
  if (token.size() % 4 != 0) {
    return BadHeader(absl::StrCat(
        field, ": the Negotiate token is not padded base64 (its length ",
        token.size(), " is not a multiple of 4)"));
  }
  std::string decoded;
  if (!absl::Base64Unescape(token, &decoded) || decoded.empty()) {
    return BadHeader(
        absl::StrCat(field, ": the Negotiate token is not valid base64"));
  }
  if (absl::Base64Escape(decoded) != token) {
    return BadHeader(absl::StrCat(
        field,
        ": the Negotiate token is not canonical base64 (bad padding or "
        "non-zero padding bits)"));
  }
  return std::vector<uint8_t>(decoded.begin(), decoded.end());
}

}  // namespace

absl::StatusOr<NegotiateChallenge> ParseNegotiateChallenge(
    absl::Span<const absl::string_view> www_authenticate) {
  constexpr absl::string_view kField = "WWW-Authenticate";
  size_t total = 0;
  for (absl::string_view value : www_authenticate) total += value.size();
  if (total > kMaxHttpAuthHeaderSize) {
    return BadHeader(absl::StrCat(kField, ": the values add up to ", total,
                                  " bytes; the limit is ",
                                  kMaxHttpAuthHeaderSize));
  }
  NegotiateChallenge result;
  for (absl::string_view value : www_authenticate) {
    absl::StatusOr<std::vector<Challenge>> challenges =
        Parser(kField, value).ParseList();
    if (!challenges.ok()) return challenges.status();
    for (const Challenge& challenge : *challenges) {
      result.schemes.push_back(ShownScheme(challenge.scheme));
      if (!absl::EqualsIgnoreCase(challenge.scheme, kScheme)) continue;
      if (result.offered) {
        return BadHeader(
            absl::StrCat(kField, ": more than one Negotiate challenge"));
      }
      result.offered = true;
      if (challenge.has_params) {
        return BadHeader(
            absl::StrCat(kField,
                         ": the Negotiate challenge has auth-params; expected "
                         "nothing or a base64 token"));
      }
      if (challenge.token68.has_value()) {
        absl::StatusOr<std::vector<uint8_t>> token =
            DecodeToken(kField, *challenge.token68, challenge.token68_offset);
        if (!token.ok()) return token.status();
        result.token = *std::move(token);
      }
    }
  }
  return result;
}

absl::StatusOr<std::vector<uint8_t>> ParseNegotiateAuthorization(
    absl::string_view authorization) {
  constexpr absl::string_view kField = "Authorization";
  Parser parser(kField, authorization);
  absl::StatusOr<std::vector<Challenge>> credentials = parser.ParseList();
  if (!credentials.ok()) return credentials.status();
  absl::string_view trimmed = absl::StripAsciiWhitespace(authorization);
  if (credentials->size() != 1 || trimmed.front() == ',' ||
      trimmed.back() == ',') {
    return BadHeader(absl::StrCat(
        kField, ": expected one set of credentials, found a list (",
        credentials->size(), " schemes, or an empty element)"));
  }
  const Challenge& only = credentials->front();
  if (!absl::EqualsIgnoreCase(only.scheme, kScheme)) {
    return internal::ReasonedError(
        absl::StatusCode::kNotFound,
        absl::StrCat(kField, ": the scheme is \"", ShownScheme(only.scheme),
                     "\", not Negotiate"),
        ErrorReason::kMechanismRefused);
  }
  if (only.has_params) {
    return BadHeader(
        absl::StrCat(kField,
                     ": the Negotiate credentials have auth-params; expected a "
                     "base64 token"));
  }
  if (!only.token68.has_value()) {
    return BadHeader(
        absl::StrCat(kField, ": the Negotiate credentials carry no token"));
  }
  return DecodeToken(kField, *only.token68, only.token68_offset);
}

std::string FormatNegotiateHeader(absl::Span<const uint8_t> token) {
  if (token.empty()) return std::string(kScheme);
  return absl::StrCat(
      kScheme, " ",
      absl::Base64Escape(absl::string_view(
          reinterpret_cast<const char*>(token.data()), token.size())));
}

// ---------------------------------------------------------------- client --

absl::StatusOr<HttpNegotiateClient> HttpNegotiateClient::StartForHost(
    const Credential& credential, absl::string_view host) {
  ClientOptions options;
  options.target = absl::StrCat("HTTP@", host);
  return Start(credential, std::move(options));
}

absl::StatusOr<HttpNegotiateClient> HttpNegotiateClient::Start(
    const Credential& credential, ClientOptions options) {
  absl::StatusOr<ClientSession> session =
      ClientSession::Start(credential, std::move(options));
  if (!session.ok()) return session.status();
  return HttpNegotiateClient(*std::move(session));
}

HttpNegotiateClient::HttpNegotiateClient(ClientSession session)
    : session_(std::move(session)) {}
HttpNegotiateClient::HttpNegotiateClient(HttpNegotiateClient&&) noexcept =
    default;
HttpNegotiateClient& HttpNegotiateClient::operator=(
    HttpNegotiateClient&&) noexcept = default;
HttpNegotiateClient::~HttpNegotiateClient() = default;

bool HttpNegotiateClient::complete() const {
  return state_ == State::kComplete && session_.complete();
}

absl::Status HttpNegotiateClient::Fail(absl::Status status) {
  state_ = State::kFailed;
  return status;
}

absl::StatusOr<std::string> HttpNegotiateClient::NextAuthorization(
    absl::Span<const absl::string_view> www_authenticate) {
  if (state_ == State::kComplete || state_ == State::kFailed) {
    return WrongState(absl::StrCat(
        "HttpNegotiateClient::NextAuthorization(): the exchange has ",
        state_ == State::kComplete ? "completed" : "failed",
        "; start a new one"));
  }
  absl::StatusOr<NegotiateChallenge> challenge =
      ParseNegotiateChallenge(www_authenticate);
  if (!challenge.ok()) return Fail(challenge.status());
  if (!www_authenticate.empty() && !challenge->offered) {
    return Fail(internal::ReasonedError(
        absl::StatusCode::kNotFound,
        absl::StrCat("the server does not offer Negotiate; it offers: ",
                     ListedSchemes(challenge->schemes)),
        ErrorReason::kMechanismRefused));
  }
  if (state_ == State::kStart) {
    if (!challenge->token.empty()) {
      return Fail(internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          "WWW-Authenticate: the server's first Negotiate challenge carries a "
          "token; expected a bare \"Negotiate\"",
          ErrorReason::kMalformedToken));
    }
  } else if (www_authenticate.empty() || challenge->token.empty()) {
    return Fail(internal::ReasonedError(
        absl::StatusCode::kUnauthenticated,
        "the server refused our Negotiate token: its 401 response has no "
        "continuation token",
        ErrorReason::kTokenRefused));
  }
  absl::StatusOr<StepResult> step = session_.Step(challenge->token);
  if (!step.ok()) return Fail(step.status());
  if (step->token.empty()) {
    // A 401 after our last token is the server refusing it; no token to
    // send before completion is the mechanism's own fault.
    return Fail(internal::ReasonedError(
        absl::StatusCode::kUnauthenticated,
        step->complete
            ? "the handshake is complete, yet the server still answered 401"
            : "the mechanism produced no token to send",
        step->complete ? ErrorReason::kTokenRefused : ErrorReason::kOther));
  }
  state_ = step->complete ? State::kComplete : State::kSent;
  return FormatNegotiateHeader(step->token);
}

absl::Status HttpNegotiateClient::VerifyFinal(
    absl::Span<const absl::string_view> www_authenticate) {
  if (state_ == State::kStart || state_ == State::kFailed) {
    return WrongState(absl::StrCat("HttpNegotiateClient::VerifyFinal(): ",
                                   state_ == State::kStart
                                       ? "no Authorization has been sent yet"
                                       : "the exchange has failed"));
  }
  absl::StatusOr<NegotiateChallenge> challenge =
      ParseNegotiateChallenge(www_authenticate);
  if (!challenge.ok()) return Fail(challenge.status());
  if (state_ == State::kComplete) {
    if (!challenge->token.empty()) {
      return Fail(internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          "WWW-Authenticate: a Negotiate token after the session completed",
          ErrorReason::kMalformedToken));
    }
    return absl::OkStatus();
  }
  if (challenge->token.empty()) {
    return Fail(internal::ReasonedError(
        absl::StatusCode::kUnauthenticated,
        "the server's successful response has no final \"WWW-Authenticate: "
        "Negotiate <token>\", so the session is not complete and the server "
        "has not proven its identity (mutual authentication)",
        ErrorReason::kServerNotProven));
  }
  absl::StatusOr<StepResult> step = session_.Step(challenge->token);
  if (!step.ok()) return Fail(step.status());
  if (!step->complete || !step->token.empty()) {
    return Fail(internal::ReasonedError(
        absl::StatusCode::kUnauthenticated,
        "the server answered with success, but the handshake needs another "
        "round",
        ErrorReason::kServerNotProven));
  }
  state_ = State::kComplete;
  return absl::OkStatus();
}

// ---------------------------------------------------------------- server --

absl::StatusOr<HttpNegotiateServer> HttpNegotiateServer::Start(
    const Credential& credential, ServerOptions options) {
  absl::StatusOr<ServerSession> session =
      ServerSession::Start(credential, options);
  if (!session.ok()) return session.status();
  return HttpNegotiateServer(*std::move(session), credential,
                             std::move(options));
}

HttpNegotiateServer::HttpNegotiateServer(ServerSession session)
    : HttpNegotiateServer(std::move(session), std::nullopt, ServerOptions()) {}

HttpNegotiateServer::HttpNegotiateServer(ServerSession session,
                                         std::optional<Credential> credential,
                                         ServerOptions options)
    : session_(std::move(session)),
      credential_(std::move(credential)),
      options_(std::move(options)) {}

HttpNegotiateServer::HttpNegotiateServer(HttpNegotiateServer&&) noexcept =
    default;
HttpNegotiateServer& HttpNegotiateServer::operator=(
    HttpNegotiateServer&&) noexcept = default;
HttpNegotiateServer::~HttpNegotiateServer() = default;

bool HttpNegotiateServer::complete() const { return session_.complete(); }

HttpNegotiateResponse HttpNegotiateServer::Respond(
    std::optional<absl::string_view> authorization) {
  HttpNegotiateResponse response;
  response.status_code = 401;
  response.www_authenticate = std::string(kScheme);
  // A token that does not continue our last 401 starts a new exchange.
  const bool continues = awaiting_continuation_;
  awaiting_continuation_ = false;
  if (!authorization.has_value()) return response;  // the first round
  absl::StatusOr<std::vector<uint8_t>> token =
      ParseNegotiateAuthorization(*authorization);
  if (!token.ok()) {
    response.error = token.status();
    return response;
  }
  if (stepped_ && !continues) {
    if (!credential_.has_value()) {
      response.error = WrongState(
          "HttpNegotiateServer::Respond(): this helper's one session has been "
          "used; create a new HttpNegotiateServer for a new exchange");
      return response;
    }
    absl::StatusOr<ServerSession> fresh =
        ServerSession::Start(*credential_, options_);
    if (!fresh.ok()) {
      response.status_code = 500;
      response.www_authenticate.clear();
      response.error = fresh.status();
      return response;
    }
    (void)session_.End();  // the old exchange is over either way
    session_ = *std::move(fresh);
  }
  stepped_ = true;
  absl::StatusOr<StepResult> step = session_.Step(*token);
  if (!step.ok()) {
    response.error = step.status();
    if (std::optional<std::vector<uint8_t>> error_token =
            GetErrorToken(step.status())) {
      response.www_authenticate = FormatNegotiateHeader(*error_token);
    }
    return response;
  }
  response.www_authenticate =
      step->token.empty() ? std::string() : FormatNegotiateHeader(step->token);
  if (!step->complete) {
    if (step->token.empty()) {
      // ServerSession::Step() refuses this already; a client's malformed
      // token must never look like our failure.
      response.www_authenticate = std::string(kScheme);
      response.error = internal::ReasonedError(
          absl::StatusCode::kInvalidArgument,
          "Authorization: the Negotiate token is malformed: the handshake "
          "did not finish, yet there is no token to send back",
          ErrorReason::kMalformedToken);
      return response;
    }
    awaiting_continuation_ = true;
    return response;
  }
  absl::StatusOr<SessionInfo> info = session_.Info();
  if (!info.ok()) {
    response.status_code = 500;
    response.www_authenticate.clear();
    response.error = info.status();
    return response;
  }
  response.status_code = 200;
  // Empty where the backend reports no name (SSPI under Wine).
  response.principal = info->peer_principal.value_or("");
  return response;
}

}  // namespace crossauth
