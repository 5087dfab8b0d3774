// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_status.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "backends/gssapi/gss_oids.h"
#include "crossauth/error.h"
#include "crossauth/mechanism.h"

namespace crossauth {
namespace internal {
namespace {

// gss_display_status may return several lines; a broken library must not
// keep us looping.
constexpr int kMaxStatusLines = 8;

// A native code and what it means: a Cause, whose code and hint come from
// the shared table for the call's phase, or (for codes that are about the
// call itself, not a cause a user can act on) just a canonical code.
struct Known {
  constexpr Known(long code, const char* symbol, Cause cause)
      : code(code), symbol(symbol), cause(cause) {}
  constexpr Known(long code, const char* symbol, absl::StatusCode status)
      : code(code), symbol(symbol), status(status) {}
  long code;
  const char* symbol;
  Cause cause = Cause::kNone;
  absl::StatusCode status = absl::StatusCode::kUnknown;  // when kNone
};

// Minor codes of MIT's Kerberos GSS mechanism (its gssapi_err_krb5 table,
// whose header libkrb5-dev does not install).
constexpr long kKgCcacheNoMatch = 39756032;
constexpr long kKgKeytabNoMatch = 39756033;

// Kerberos minor codes with a clearer meaning than their major status.
const Known kKerberosMinors[] = {
    {KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, "KDC_ERR_S_PRINCIPAL_UNKNOWN",
     Cause::kUnknownService},
    {KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, "KDC_ERR_C_PRINCIPAL_UNKNOWN",
     Cause::kUnknownUser},
    {KRB5KDC_ERR_PREAUTH_FAILED, "KDC_ERR_PREAUTH_FAILED",
     Cause::kWrongPassword},
    {KRB5KDC_ERR_BADOPTION, "KDC_ERR_BADOPTION", Cause::kBadOption},
    {KRB5KRB_AP_ERR_BAD_INTEGRITY, "KRB_AP_ERR_BAD_INTEGRITY",
     Cause::kIntegrityCheckFailed},
    {KRB5KDC_ERR_KEY_EXP, "KDC_ERR_KEY_EXP", Cause::kPasswordExpired},
    {KRB5KDC_ERR_CLIENT_REVOKED, "KDC_ERR_CLIENT_REVOKED",
     Cause::kAccountDisabled},
    {KRB5KDC_ERR_POLICY, "KDC_ERR_POLICY", Cause::kKdcPolicy},
    {KRB5KRB_AP_ERR_TKT_EXPIRED, "KRB_AP_ERR_TKT_EXPIRED", Cause::kExpired},
    {KRB5KRB_AP_ERR_SKEW, "KRB_AP_ERR_SKEW", Cause::kClockSkew},
    {KRB5KRB_AP_ERR_REPEAT, "KRB_AP_ERR_REPEAT", Cause::kReplayedAuthenticator},
    {KRB5KRB_AP_ERR_MODIFIED, "KRB_AP_ERR_MODIFIED", Cause::kStaleKey},
    {KRB5KRB_AP_WRONG_PRINC, "KRB_AP_WRONG_PRINC", Cause::kWrongService},
    // KRB5KRB_AP_ERR_NOT_US is left to its text (kExtendedTexts): MIT
    // returns it both for a ticket whose service is not in the keytab and
    // for one whose service is, but is not this acceptor's.
    {KRB5_PRINC_NOMATCH, "KRB5_PRINC_NOMATCH", Cause::kWrongService},
    // The server's AP-REP does not answer this client's authenticator.
    {KRB5_MUTUAL_FAILED, "KRB5_MUTUAL_FAILED", Cause::kServerNotProven},
    {KRB5_KT_NOTFOUND, "KRB5_KT_NOTFOUND", Cause::kMissingKeytabEntry},
    {KRB5_KT_KVNONOTFOUND, "KRB5_KT_KVNONOTFOUND", Cause::kKeyVersionMissing},
    // A named acceptor whose keytab has the service, but not the ticket's
    // key version ("Cannot find key for HTTP/x@R kvno 1 in keytab"): a key
    // rotated out of the keytab.
    {KRB5KRB_AP_ERR_BADKEYVER, "KRB_AP_ERR_BADKEYVER",
     Cause::kKeyVersionMissing},
    {KRB5_KT_END, "KRB5_KT_END", Cause::kMissingKeytabEntry},
    {kKgKeytabNoMatch, "KG_KEYTAB_NOMATCH", Cause::kMissingKeytabEntry},
    {kKgCcacheNoMatch, "KG_CCACHE_NOMATCH", Cause::kNoCredential},
    {KRB5_CC_NOTFOUND, "KRB5_CC_NOTFOUND", Cause::kNoCredential},
    {KRB5_FCC_NOFILE, "KRB5_FCC_NOFILE", Cause::kNoCredential},
    {KRB5_KDC_UNREACH, "KRB5_KDC_UNREACH", Cause::kKdcUnreachable},
    {KRB5_REALM_UNKNOWN, "KRB5_REALM_UNKNOWN", Cause::kUnknownRealm},
    {KRB5_REALM_CANT_RESOLVE, "KRB5_REALM_CANT_RESOLVE",
     Cause::kRealmUnresolvable},
    {KRB5_CONFIG_NODEFREALM, "KRB5_CONFIG_NODEFREALM", Cause::kNoDefaultRealm},
    {KRB5_PARSE_MALFORMED, "KRB5_PARSE_MALFORMED", Cause::kPrincipalForm},
    {ENOMEM, "ENOMEM", Cause::kOutOfMemory},
    {ENOENT, "ENOENT", Cause::kFileNotFound},
};

const Known kRoutineErrors[] = {
    {GSS_S_BAD_MECH, "GSS_S_BAD_MECH", Cause::kMechanismUnavailable},
    {GSS_S_BAD_NAME, "GSS_S_BAD_NAME", absl::StatusCode::kInvalidArgument},
    {GSS_S_BAD_NAMETYPE, "GSS_S_BAD_NAMETYPE",
     absl::StatusCode::kInvalidArgument},
    {GSS_S_BAD_BINDINGS, "GSS_S_BAD_BINDINGS", Cause::kBadBindings},
    {GSS_S_BAD_STATUS, "GSS_S_BAD_STATUS", absl::StatusCode::kInternal},
    {GSS_S_BAD_SIG, "GSS_S_BAD_MIC", Cause::kMessageAltered},
    {GSS_S_NO_CRED, "GSS_S_NO_CRED", Cause::kNoCredential},
    {GSS_S_NO_CONTEXT, "GSS_S_NO_CONTEXT",
     absl::StatusCode::kFailedPrecondition},
    {GSS_S_DEFECTIVE_TOKEN, "GSS_S_DEFECTIVE_TOKEN", Cause::kMalformedToken},
    {GSS_S_DEFECTIVE_CREDENTIAL, "GSS_S_DEFECTIVE_CREDENTIAL",
     absl::StatusCode::kUnauthenticated},
    {GSS_S_CREDENTIALS_EXPIRED, "GSS_S_CREDENTIALS_EXPIRED", Cause::kExpired},
    {GSS_S_CONTEXT_EXPIRED, "GSS_S_CONTEXT_EXPIRED", Cause::kContextExpired},
    // Unexplained: only a peer-facing call can tell whom to blame.
    {GSS_S_FAILURE, "GSS_S_FAILURE", absl::StatusCode::kUnknown},
    {GSS_S_BAD_QOP, "GSS_S_BAD_QOP", absl::StatusCode::kInvalidArgument},
    {GSS_S_UNAUTHORIZED, "GSS_S_UNAUTHORIZED",
     absl::StatusCode::kPermissionDenied},
    {GSS_S_UNAVAILABLE, "GSS_S_UNAVAILABLE", absl::StatusCode::kUnimplemented},
    {GSS_S_DUPLICATE_ELEMENT, "GSS_S_DUPLICATE_ELEMENT",
     absl::StatusCode::kAlreadyExists},
    {GSS_S_NAME_NOT_MN, "GSS_S_NAME_NOT_MN",
     absl::StatusCode::kInvalidArgument},
};

const Known* FindKnown(const Known* table, size_t size, OM_uint32 code) {
  for (size_t i = 0; i < size; ++i) {
    if (static_cast<OM_uint32>(table[i].code) == code) return &table[i];
  }
  return nullptr;
}

std::string DisplayStatus(const GssProvider& provider, OM_uint32 code, int type,
                          gss_OID mech) {
  std::string text;
  OM_uint32 context = 0;
  for (int i = 0; i < kMaxStatusLines; ++i) {
    OM_uint32 minor = 0;
    gss_buffer_desc line = {0, nullptr};
    OM_uint32 major = provider.library->display_status(&minor, code, type, mech,
                                                       &context, &line);
    if (line.value != nullptr) {
      if (!GSS_ERROR(major)) {
        if (!text.empty()) text += "; ";
        text.append(static_cast<const char*>(line.value), line.length);
      }
      provider.library->release_buffer(&minor, &line);
    }
    if (GSS_ERROR(major) || context == 0) break;
  }
  return text;
}

bool Meaningful(absl::string_view text) {
  return !text.empty() && !absl::StartsWith(text, "Unknown error") &&
         text != "Success" && !absl::StartsWith(text, "Unknown code");
}

absl::string_view MechOid(gss_OID mech) {
  std::optional<Mechanism> mechanism = MechanismForOid(mech);
  return mechanism.has_value() ? MechanismOid(*mechanism) : "";
}

// True when the words of `known` appear in `text` in the same order. Kerberos
// texts carry names in the middle ("Server HTTP/x@R not found in Kerberos
// database" for "Server not found in Kerberos database").
bool WordsInOrder(absl::string_view known, absl::string_view text) {
  std::vector<absl::string_view> want =
      absl::StrSplit(known, ' ', absl::SkipEmpty());
  std::vector<absl::string_view> have =
      absl::StrSplit(text, ' ', absl::SkipEmpty());
  size_t next = 0;
  for (absl::string_view word : have) {
    if (next < want.size() && word == want[next]) ++next;
  }
  return !want.empty() && next == want.size();
}

// MIT's mechanism glue renumbers minor codes that come back through SPNEGO,
// so a Kerberos cause arrives as an opaque number. Recognize it by the text
// the library prints for it, compared with the text the same library prints
// for each known Kerberos code; the longest match wins.
const Known* RecognizeKerberosText(const GssProvider& provider,
                                   absl::string_view minor_text) {
  const Known* best = nullptr;
  size_t best_length = 0;
  for (const Known& known : kKerberosMinors) {
    if (known.code == ENOMEM || known.code == ENOENT) continue;
    std::string text =
        DisplayStatus(provider, static_cast<OM_uint32>(known.code),
                      GSS_C_MECH_CODE, OidFor(Mechanism::kKerberos));
    if (!Meaningful(text) || text.size() <= best_length) continue;
    if (WordsInOrder(text, minor_text)) {
      best = &known;
      best_length = text.size();
    }
  }
  if (best != nullptr) return best;
  // MIT replaces some codes' texts with longer ones of its own. The first
  // phrase that matches wins.
  static const struct {
    const char* phrase;
    Known known;
  } kExtendedTexts[] = {
      // A ticket for another service whose key the acceptor's keytab holds
      // ("Request ticket server host/x@R found in keytab but does not match
      // server principal HTTP/x@R").
      {"found in keytab but does not match server principal",
       {KRB5KRB_AP_ERR_NOT_US, "KRB_AP_ERR_NOT_US", Cause::kWrongService}},
      {"does not match request ticket server",
       {KRB5KRB_AP_WRONG_PRINC, "KRB_AP_WRONG_PRINC", Cause::kWrongService}},
      {"not found in keytab",
       {KRB5_KT_NOTFOUND, "KRB5_KT_NOTFOUND", Cause::kMissingKeytabEntry}},
      {"No key table entry found",
       {kKgKeytabNoMatch, "KG_KEYTAB_NOMATCH", Cause::kMissingKeytabEntry}},
  };
  for (const auto& extended : kExtendedTexts) {
    if (absl::StrContains(minor_text, extended.phrase)) return &extended.known;
  }
  return nullptr;
}

// MIT's text for a malformed token framing (its generic error table, whose
// codes are not public).
constexpr absl::string_view kBadTokenHeaderText =
    "Token header is malformed or corrupt";

// The cause that the codes and the text name, refined by what only this
// backend can see: MIT names the server it could not find, and an
// unexplained failure of a peer-facing call is the peer's.
// `keytab_unusable`: for kAcquireAcceptor, the keytab file is missing,
// unreadable or empty.
Cause Refine(Cause cause, Phase phase, bool keytab_unusable, OM_uint32 routine,
             bool explained_by_minor, absl::string_view minor_text) {
  if (cause == Cause::kUnknownService &&
      absl::StrContains(minor_text, "krbtgt/")) {
    // "Server krbtgt/OTHER.REALM@HOME not found": no path to that realm.
    return Cause::kNoRealmPath;
  }
  if (cause == Cause::kMissingKeytabEntry &&
      absl::StrContains(minor_text, "is likely out of date")) {
    // "Request ticket server HTTP/x@R kvno 1 not found in keytab; ticket is
    // likely out of date": MIT says so when the keytab holds the service
    // with other key versions only (an acceptor for any service).
    return Cause::kKeyVersionMissing;
  }
  if (phase == Phase::kAcquireAcceptor && keytab_unusable &&
      (cause == Cause::kMissingKeytabEntry || cause == Cause::kFileNotFound ||
       cause == Cause::kNoCredential)) {
    return Cause::kKeytabFile;
  }
  if (PeerFacing(phase) && routine == GSS_S_FAILURE && !explained_by_minor) {
    return !Meaningful(minor_text) ||
                   absl::StrContains(minor_text, kBadTokenHeaderText)
               ? Cause::kMalformedToken
               : Cause::kTokenRefused;
  }
  return cause;
}

// The shared core of every mapping function.
absl::Status Map(const GssProvider& provider, absl::string_view call,
                 OM_uint32 major, OM_uint32 minor, gss_OID mech,
                 const MapHints& hints, bool keytab_unusable = false) {
  // A call the implementation lacks (Heimdal, gss_impl.h).
  if (std::optional<std::string> missing = GssUnimplementedText(minor);
      missing.has_value() && GSS_ROUTINE_ERROR(major) == GSS_S_UNAVAILABLE) {
    return absl::UnimplementedError(absl::StrCat(call, ": ", *missing));
  }
  NativeError error;
  error.backend = "gssapi";
  error.call = std::string(call);
  error.major = major;
  error.minor = minor;
  error.mechanism = std::string(MechOid(mech));

  const OM_uint32 routine = GSS_ROUTINE_ERROR(major);
  std::string major_text =
      DisplayStatus(provider, major, GSS_C_GSS_CODE, GSS_C_NO_OID);
  std::string minor_text =
      minor == 0 ? "" : DisplayStatus(provider, minor, GSS_C_MECH_CODE, mech);
  const Known* by_minor =
      minor == 0 ? nullptr
                 : FindKnown(kKerberosMinors,
                             sizeof(kKerberosMinors) / sizeof(Known), minor);
  if (by_minor == nullptr && Meaningful(minor_text)) {
    by_minor = RecognizeKerberosText(provider, minor_text);
  }
  static const Known kBadEncoding = {0, "Heimdal ASN.1 error",
                                     Cause::kMalformedToken};
  if (by_minor == nullptr && minor != 0 && GssMinorIsBadEncoding(minor)) {
    by_minor = &kBadEncoding;
  }
  const Known* by_major = FindKnown(
      kRoutineErrors, sizeof(kRoutineErrors) / sizeof(Known), routine);

  // A known Kerberos cause beats a generic routine error, but not the
  // precise routine errors that describe the token or message itself.
  const Known* known = by_major;
  if (by_minor != nullptr && routine != GSS_S_BAD_SIG &&
      routine != GSS_S_DEFECTIVE_TOKEN && routine != GSS_S_BAD_NAME) {
    known = by_minor;
  }
  absl::StatusCode code = absl::StatusCode::kUnknown;
  std::string symbol;
  if (GSS_CALLING_ERROR(major) != 0) {
    code = absl::StatusCode::kInternal;
    symbol = "GSS_S_CALL_BAD_STRUCTURE";
  }
  Cause cause = Cause::kNone;
  if (known != nullptr) {
    code = known->status;
    symbol = known->symbol;
    cause = known->cause;
  }
  cause = Refine(cause, hints.phase, keytab_unusable, routine,
                 by_minor != nullptr, minor_text);
  const Diagnosis diagnosis = Explain(cause, code, hints);

  if (routine == GSS_S_FAILURE && Meaningful(minor_text)) {
    error.text = minor_text;
  } else if (Meaningful(minor_text)) {
    error.text = absl::StrCat(major_text, ": ", minor_text);
  } else {
    error.text = major_text.empty() ? "unknown GSS-API failure" : major_text;
  }
  if (!symbol.empty()) absl::StrAppend(&error.text, " (", symbol, ")");
  error.hint = diagnosis.hint;
  error.reason = diagnosis.reason;
  return NativeStatus(diagnosis.code, error);
}

// True when the keytab file named by `keytab` (a FILE: or WRFILE: name, or a
// plain path) cannot be opened or holds nothing. False for other keytab
// types and for an empty name, which this cannot check.
bool KeytabFileUnusable(absl::string_view keytab) {
  const bool file_type = absl::ConsumePrefix(&keytab, "FILE:") ||
                         absl::ConsumePrefix(&keytab, "WRFILE:");
  if (!file_type && keytab.find(':') != absl::string_view::npos) {
    return false;  // MEMORY:, KEYRING: and the like
  }
  if (keytab.empty()) return false;
  std::FILE* file = std::fopen(std::string(keytab).c_str(), "rb");
  if (file == nullptr) return true;
  const bool empty = std::fgetc(file) == EOF;
  std::fclose(file);
  return empty;
}

}  // namespace

absl::Status MapGssStatus(const GssProvider& provider, absl::string_view call,
                          OM_uint32 major, OM_uint32 minor, gss_OID mech,
                          const MapHints& hints) {
  return Map(provider, call, major, minor, mech, hints);
}

absl::Status MapMessageCheck(const GssProvider& provider,
                             absl::string_view call, OM_uint32 major,
                             OM_uint32 minor) {
  if (GSS_ERROR(major)) {
    MapHints hints;
    hints.phase = Phase::kMessage;
    return Map(provider, call, major, minor, GSS_C_NO_OID, hints);
  }
  const OM_uint32 supplementary = GSS_SUPPLEMENTARY_INFO(major);
  const char* what = nullptr;
  const char* symbol = nullptr;
  if (supplementary & GSS_S_DUPLICATE_TOKEN) {
    what = "the message is a replay of one already received";
    symbol = "GSS_S_DUPLICATE_TOKEN";
  } else if (supplementary & GSS_S_OLD_TOKEN) {
    what = "the message is too old to be checked for replay";
    symbol = "GSS_S_OLD_TOKEN";
  } else if (supplementary & GSS_S_UNSEQ_TOKEN) {
    what = "the message arrived out of order (a later one came first)";
    symbol = "GSS_S_UNSEQ_TOKEN";
  } else if (supplementary & GSS_S_GAP_TOKEN) {
    what = "an earlier message is missing (the message skipped ahead)";
    symbol = "GSS_S_GAP_TOKEN";
  } else {
    return absl::OkStatus();
  }
  MapHints hints;
  hints.phase = Phase::kMessage;
  const Diagnosis diagnosis =
      Explain(Cause::kMessageSequence, absl::StatusCode::kAborted, hints);
  NativeError error;
  error.backend = "gssapi";
  error.call = std::string(call);
  error.major = major;
  error.minor = minor;
  error.text = absl::StrCat(what, " (", symbol, ")");
  error.hint = diagnosis.hint;
  error.reason = diagnosis.reason;
  return NativeStatus(diagnosis.code, error);
}

absl::Status MapImportNameStatus(const GssProvider& provider, OM_uint32 major,
                                 OM_uint32 minor, absl::string_view name) {
  MapHints hints;
  hints.fallback_hint = absl::StrCat("check the name \"", name, "\"");
  return Map(provider, "gss_import_name", major, minor, GSS_C_NO_OID, hints);
}

absl::Status MapAcquireCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor,
                                  const CredentialOptions& options) {
  MapHints hints;
  hints.phase = options.usage == Usage::kAccept ? Phase::kAcquireAcceptor
                                                : Phase::kAcquireInitiator;
  bool keytab_unusable = false;
  if (hints.phase == Phase::kAcquireAcceptor) {
    std::string keytab = options.keytab;
    if (keytab.empty()) {
      const char* from_environment = std::getenv("KRB5_KTNAME");
      if (from_environment != nullptr) keytab = from_environment;
    }
    keytab_unusable = KeytabFileUnusable(keytab);
    if (keytab_unusable) hints.detail = "keytab " + keytab;
  }
  return Map(provider, "gss_acquire_cred_from", major, minor, GSS_C_NO_OID,
             hints, keytab_unusable);
}

absl::Status MapInitSecContextStatus(const GssProvider& provider,
                                     OM_uint32 major, OM_uint32 minor,
                                     gss_OID mech, absl::string_view target,
                                     bool server_token) {
  return Map(provider, "gss_init_sec_context", major, minor, mech,
             InitiatorHints(target, server_token));
}

}  // namespace internal
}  // namespace crossauth
