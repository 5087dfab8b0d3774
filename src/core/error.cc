// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/error.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "backends/common/native_status.h"

namespace crossauth {
namespace {

constexpr char kNativeErrorUrl[] = "type.crossauth.dev/crossauth.NativeError";
constexpr char kErrorTokenUrl[] = "type.crossauth.dev/crossauth.ErrorToken";
// The reason of a failure that has no NativeError (one crossauth found
// itself); a NativeError carries its own.
constexpr char kErrorReasonUrl[] = "type.crossauth.dev/crossauth.ErrorReason";

// Every reason with its stable name, in declaration order.
constexpr struct {
  ErrorReason reason;
  const char* name;
} kReasonNames[] = {
    {ErrorReason::kUnspecified, "unspecified"},
    {ErrorReason::kOther, "other"},
    {ErrorReason::kUnknownServicePrincipal, "unknown_service_principal"},
    {ErrorReason::kWrongServicePrincipal, "wrong_service_principal"},
    {ErrorReason::kUnknownUser, "unknown_user"},
    {ErrorReason::kWrongPassword, "wrong_password"},
    {ErrorReason::kPasswordExpired, "password_expired"},
    {ErrorReason::kAccountDisabled, "account_disabled"},
    {ErrorReason::kPolicyRefused, "policy_refused"},
    {ErrorReason::kNoCredential, "no_credential"},
    {ErrorReason::kExpired, "expired"},
    {ErrorReason::kClockSkew, "clock_skew"},
    {ErrorReason::kKdcUnreachable, "kdc_unreachable"},
    {ErrorReason::kUnknownRealm, "unknown_realm"},
    {ErrorReason::kUnknownHost, "unknown_host"},
    {ErrorReason::kMissingKeytab, "missing_keytab"},
    {ErrorReason::kMissingKeytabEntry, "missing_keytab_entry"},
    {ErrorReason::kStaleKey, "stale_key"},
    {ErrorReason::kReplayedAuthenticator, "replayed_authenticator"},
    {ErrorReason::kTamperedMessage, "tampered_message"},
    {ErrorReason::kReplayedMessage, "replayed_message"},
    {ErrorReason::kMalformedToken, "malformed_token"},
    {ErrorReason::kTokenRefused, "token_refused"},
    {ErrorReason::kServerNotProven, "server_not_proven"},
    {ErrorReason::kMechanismRefused, "mechanism_refused"},
    {ErrorReason::kChannelBindingsMismatch, "channel_bindings_mismatch"},
    {ErrorReason::kDelegationUnavailable, "delegation_unavailable"},
    {ErrorReason::kUnsupported, "unsupported"},
    {ErrorReason::kProtectionMissing, "protection_missing"},
    {ErrorReason::kWrongState, "wrong_state"},
    {ErrorReason::kInvalidArgument, "invalid_argument"},
    {ErrorReason::kDelegationRefused, "delegation_refused"},
};

// The reason named `name`; nullopt for a name this version does not know.
std::optional<ErrorReason> ReasonNamed(absl::string_view name) {
  for (const auto& entry : kReasonNames) {
    if (name == entry.name) return entry.reason;
  }
  return std::nullopt;
}

// The payload is a sequence of "<decimal length>:<bytes>" fields, so that
// any byte may appear in a field.
void AppendField(std::string& out, absl::string_view field) {
  absl::StrAppend(&out, field.size(), ":", field);
}

bool ReadField(absl::string_view& in, std::string& field) {
  size_t colon = in.find(':');
  if (colon == absl::string_view::npos) return false;
  size_t length = 0;
  if (!absl::SimpleAtoi(in.substr(0, colon), &length)) return false;
  in.remove_prefix(colon + 1);
  if (length > in.size()) return false;
  field.assign(in.data(), length);
  in.remove_prefix(length);
  return true;
}

// ShownText() keeps a text whole when it is at most this much longer than
// its limit: room for the "... (N more bytes)" note, so that a shown text
// shown again is unchanged.
constexpr size_t kTruncationSlack = 48;

// The code points that terminals and text viewers act on although they are
// well-formed UTF-8: the C1 controls, LRM/RLM, the line and paragraph
// separators, the bidirectional embeddings, overrides and isolates, and the
// byte-order mark.
bool IsActiveCodePoint(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0xfeff;
}

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF) at the start of `text`, with its
// code point; 0 when there is none.
size_t Utf8Sequence(absl::string_view text, uint32_t& cp) {
  const unsigned char lead = static_cast<unsigned char>(text[0]);
  size_t length = 0;
  unsigned char low = 0x80, high = 0xbf;  // the second byte's range
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, cp = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, cp = lead & 0x0f;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, cp = lead & 0x07;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xbf)) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  return length;
}

void AppendEscaped(std::string& out, unsigned char c) {
  switch (c) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
  }
}

}  // namespace

absl::string_view ErrorReasonName(ErrorReason reason) {
  for (const auto& entry : kReasonNames) {
    if (entry.reason == reason) return entry.name;
  }
  return "unspecified";
}

std::optional<NativeError> GetNativeError(const absl::Status& status) {
  auto payload = status.GetPayload(kNativeErrorUrl);
  if (!payload.has_value()) return std::nullopt;
  std::string flat(*payload);
  absl::string_view in(flat);
  NativeError error;
  std::string major, minor, reason;
  if (!ReadField(in, error.backend) || !ReadField(in, error.call) ||
      !ReadField(in, major) || !ReadField(in, minor) ||
      !ReadField(in, error.mechanism) || !ReadField(in, error.text) ||
      !ReadField(in, error.hint) || !ReadField(in, reason) || !in.empty() ||
      !absl::SimpleAtoi(major, &error.major) ||
      !absl::SimpleAtoi(minor, &error.minor)) {
    return std::nullopt;
  }
  // A reason a later version added reads as kOther: still a failure.
  error.reason = ReasonNamed(reason).value_or(ErrorReason::kOther);
  return error;
}

ErrorReason GetErrorReason(const absl::Status& status) {
  if (status.ok()) return ErrorReason::kUnspecified;
  if (std::optional<NativeError> native = GetNativeError(status)) {
    return native->reason;
  }
  auto payload = status.GetPayload(kErrorReasonUrl);
  if (payload.has_value()) {
    return ReasonNamed(std::string(*payload)).value_or(ErrorReason::kOther);
  }
  // The codes that name their reason by themselves (DESIGN.md: a platform's
  // gap is Unimplemented, a call in the wrong state FailedPrecondition).
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return ErrorReason::kInvalidArgument;
    case absl::StatusCode::kFailedPrecondition:
      return ErrorReason::kWrongState;
    case absl::StatusCode::kUnimplemented:
      return ErrorReason::kUnsupported;
    default:
      return ErrorReason::kUnspecified;
  }
}

std::optional<std::vector<uint8_t>> GetErrorToken(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorTokenUrl);
  if (!payload.has_value()) return std::nullopt;
  std::string flat(*payload);
  return std::vector<uint8_t>(flat.begin(), flat.end());
}

namespace {

// The codes and the parts that FormatError() does not already show in the
// message: everything of ToString() but the call, the text and the hint.
std::string Codes(const NativeError& error) {
  std::string out;
  if (error.backend == "sspi") {
    absl::StrAppend(&out, "status 0x", absl::Hex(error.major, absl::kZeroPad8));
  } else {
    absl::StrAppend(&out, "major 0x", absl::Hex(error.major), ", minor 0x",
                    absl::Hex(error.minor));
  }
  if (!error.mechanism.empty()) {
    absl::StrAppend(&out, " (mechanism ", error.mechanism, ")");
  }
  return out;
}

}  // namespace

std::string ToString(const NativeError& error) {
  std::string out = absl::StrCat(
      internal::ShownText(error.backend), " ", internal::ShownText(error.call),
      ": reason ", ErrorReasonName(error.reason), "; ", Codes(error));
  if (!error.text.empty()) {
    absl::StrAppend(&out, "; ", internal::ShownText(error.text));
  }
  if (!error.hint.empty()) {
    absl::StrAppend(&out, "; hint: ", internal::ShownText(error.hint));
  }
  return out;
}

std::string FormatError(const absl::Status& status) {
  if (status.ok()) return "OK";
  std::string out = absl::StrCat(
      absl::StatusCodeToString(status.code()), ": ",
      internal::ShownText(status.message(), internal::kMaxShownMessage));
  std::vector<std::string> details;
  const ErrorReason reason = GetErrorReason(status);
  if (reason != ErrorReason::kUnspecified) {
    details.push_back(absl::StrCat("reason ", ErrorReasonName(reason)));
  }
  if (std::optional<NativeError> native = GetNativeError(status)) {
    details.push_back(Codes(*native));
  }
  if (std::optional<std::vector<uint8_t>> token = GetErrorToken(status)) {
    details.push_back(absl::StrCat("error token ", token->size(), " bytes"));
  }
  if (!details.empty()) {
    absl::StrAppend(&out, " [", absl::StrJoin(details, "; "), "]");
  }
  return out;
}

namespace internal {

void SetNativeError(absl::Status& status, const NativeError& error) {
  std::string out;
  AppendField(out, error.backend);
  AppendField(out, error.call);
  AppendField(out, absl::StrCat(error.major));
  AppendField(out, absl::StrCat(error.minor));
  AppendField(out, error.mechanism);
  AppendField(out, error.text);
  AppendField(out, error.hint);
  AppendField(out, ErrorReasonName(error.reason));
  status.SetPayload(kNativeErrorUrl, absl::Cord(out));
  // One place holds the reason: the NativeError, once there is one.
  status.ErasePayload(kErrorReasonUrl);
}

void SetErrorToken(absl::Status& status, const std::vector<uint8_t>& token) {
  status.SetPayload(
      kErrorTokenUrl,
      absl::Cord(absl::string_view(reinterpret_cast<const char*>(token.data()),
                                   token.size())));
}

void SetErrorReason(absl::Status& status, ErrorReason reason) {
  if (status.ok()) return;
  if (std::optional<NativeError> native = GetNativeError(status)) {
    native->reason = reason;
    SetNativeError(status, *native);
    return;
  }
  if (reason == ErrorReason::kUnspecified) {
    status.ErasePayload(kErrorReasonUrl);
  } else {
    status.SetPayload(kErrorReasonUrl, absl::Cord(ErrorReasonName(reason)));
  }
}

absl::Status ReasonedError(absl::StatusCode code, absl::string_view message,
                           ErrorReason reason) {
  absl::Status status(code, message);
  SetErrorReason(status, reason);
  return status;
}

std::string ShownText(absl::string_view text, size_t limit) {
  std::string out;
  // Where the text is cut if it turns out too long: the output size and the
  // input offset at the last whole piece that fits in `limit`.
  size_t cut_out = std::string::npos, cut_in = 0;
  size_t in = 0;
  // Each pass consumes at least one byte, and the loop stops once the
  // output is past what it may keep, so a huge text costs little.
  while (in < text.size() && out.size() <= limit + kTruncationSlack) {
    const size_t before = out.size();
    const unsigned char c = static_cast<unsigned char>(text[in]);
    size_t consumed = 1;
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else if (c < 0x80) {
      AppendEscaped(out, c);
    } else {
      uint32_t cp = 0;
      const size_t length = Utf8Sequence(text.substr(in), cp);
      if (length == 0) {
        AppendEscaped(out, c);
      } else {
        consumed = length;
        for (size_t i = 0; i < length; ++i) {
          const unsigned char byte = static_cast<unsigned char>(text[in + i]);
          if (IsActiveCodePoint(cp)) {
            AppendEscaped(out, byte);
          } else {
            out += static_cast<char>(byte);
          }
        }
      }
    }
    if (out.size() > limit && cut_out == std::string::npos) {
      cut_out = before, cut_in = in;
    }
    in += consumed;
  }
  if (in == text.size() && out.size() <= limit + kTruncationSlack) return out;
  out.resize(cut_out);
  absl::StrAppend(&out, "... (", text.size() - cut_in, " more bytes)");
  return out;
}

namespace {

std::atomic<StatusObserver> status_observer{nullptr};

absl::Status Observed(absl::Status status) {
  if (StatusObserver observer = status_observer.load()) observer(status);
  return status;
}

}  // namespace

void SetStatusObserver(StatusObserver observer) {
  status_observer.store(observer);
}

absl::Status Restated(absl::StatusCode code, absl::string_view message,
                      const absl::Status& cause, ErrorReason reason) {
  absl::Status status(code, ShownText(message, kMaxShownMessage));
  if (std::optional<NativeError> native = GetNativeError(cause)) {
    SetNativeError(status, *native);
  }
  SetErrorReason(status, reason == ErrorReason::kUnspecified
                             ? GetErrorReason(cause)
                             : reason);
  return Observed(std::move(status));
}

absl::Status NativeStatus(absl::StatusCode code, const NativeError& error) {
  // The native text may quote a peer; both the message and the payload get
  // it escaped and bounded.
  NativeError shown = error;
  shown.text = ShownText(error.text);
  shown.hint = ShownText(error.hint);
  std::string message = absl::StrCat(shown.call, ": ", shown.text);
  if (!shown.hint.empty()) absl::StrAppend(&message, "; ", shown.hint);
  absl::Status status(code, message);
  SetNativeError(status, shown);
  return Observed(std::move(status));
}

}  // namespace internal
}  // namespace crossauth
