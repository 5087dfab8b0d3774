// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/gssapi/gss_status.h"

#include <krb5/krb5.h>

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "backends/gssapi/gss_oids.h"
#include "crossauth/error.h"
#include "crossauth/mechanism.h"
#include "src/hints.h"
#include "src/native_status.h"

namespace crossauth {
namespace internal {
namespace {

// gss_display_status may return several lines; a broken library must not
// keep us looping.
constexpr int kMaxStatusLines = 8;

struct Known {
  long code;
  absl::StatusCode status;
  const char* symbol;
  const char* hint;
};

// Minor codes of MIT's Kerberos GSS mechanism (its gssapi_err_krb5 table,
// whose header libkrb5-dev does not install).
constexpr long kKgCcacheNoMatch = 39756032;
constexpr long kKgKeytabNoMatch = 39756033;

// Kerberos minor codes with a clearer meaning than their major status.
const Known kKerberosMinors[] = {
    {KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, absl::StatusCode::kNotFound,
     "KDC_ERR_S_PRINCIPAL_UNKNOWN", kHintServiceName},
    // Unauthenticated, not NotFound: a logon with an unknown user fails like
    // one with a wrong password, and SSPI cannot tell the two apart.
    {KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN, absl::StatusCode::kUnauthenticated,
     "KDC_ERR_C_PRINCIPAL_UNKNOWN", kHintUserName},
    {KRB5KDC_ERR_PREAUTH_FAILED, absl::StatusCode::kUnauthenticated,
     "KDC_ERR_PREAUTH_FAILED", kHintPassword},
    {KRB5KRB_AP_ERR_BAD_INTEGRITY, absl::StatusCode::kUnauthenticated,
     "KRB_AP_ERR_BAD_INTEGRITY", kHintPassword},
    {KRB5KDC_ERR_KEY_EXP, absl::StatusCode::kUnauthenticated, "KDC_ERR_KEY_EXP",
     kHintPasswordExpired},
    {KRB5KDC_ERR_CLIENT_REVOKED, absl::StatusCode::kPermissionDenied,
     "KDC_ERR_CLIENT_REVOKED", kHintAccountDisabled},
    {KRB5KDC_ERR_POLICY, absl::StatusCode::kPermissionDenied, "KDC_ERR_POLICY",
     "the KDC's policy refuses this request"},
    {KRB5KRB_AP_ERR_TKT_EXPIRED, absl::StatusCode::kUnauthenticated,
     "KRB_AP_ERR_TKT_EXPIRED", kHintExpired},
    {KRB5KRB_AP_ERR_SKEW, absl::StatusCode::kUnauthenticated, "KRB_AP_ERR_SKEW",
     kHintClockSkew},
    {KRB5KRB_AP_ERR_REPEAT, absl::StatusCode::kUnauthenticated,
     "KRB_AP_ERR_REPEAT", kHintReplayedAuthenticator},
    {KRB5KRB_AP_ERR_MODIFIED, absl::StatusCode::kUnauthenticated,
     "KRB_AP_ERR_MODIFIED", kHintStaleKey},
    {KRB5KRB_AP_WRONG_PRINC, absl::StatusCode::kUnauthenticated,
     "KRB_AP_WRONG_PRINC", kHintWrongService},
    {KRB5_PRINC_NOMATCH, absl::StatusCode::kUnauthenticated,
     "KRB5_PRINC_NOMATCH", kHintWrongService},
    {KRB5_KT_NOTFOUND, absl::StatusCode::kNotFound, "KRB5_KT_NOTFOUND",
     kHintMissingKeytabEntry},
    {KRB5_KT_KVNONOTFOUND, absl::StatusCode::kNotFound, "KRB5_KT_KVNONOTFOUND",
     "the keytab lacks the key version the ticket was issued for; export the "
     "keytab again"},
    {KRB5_KT_END, absl::StatusCode::kNotFound, "KRB5_KT_END",
     kHintMissingKeytabEntry},
    {kKgKeytabNoMatch, absl::StatusCode::kNotFound, "KG_KEYTAB_NOMATCH",
     kHintMissingKeytabEntry},
    {kKgCcacheNoMatch, absl::StatusCode::kUnauthenticated, "KG_CCACHE_NOMATCH",
     kHintNoTicket},
    {KRB5_CC_NOTFOUND, absl::StatusCode::kUnauthenticated, "KRB5_CC_NOTFOUND",
     kHintNoTicket},
    {KRB5_FCC_NOFILE, absl::StatusCode::kUnauthenticated, "KRB5_FCC_NOFILE",
     kHintNoTicket},
    {KRB5_KDC_UNREACH, absl::StatusCode::kUnavailable, "KRB5_KDC_UNREACH",
     kHintKdcUnreachable},
    {KRB5_REALM_UNKNOWN, absl::StatusCode::kNotFound, "KRB5_REALM_UNKNOWN",
     kHintUnknownRealm},
    {KRB5_REALM_CANT_RESOLVE, absl::StatusCode::kNotFound,
     "KRB5_REALM_CANT_RESOLVE",
     "cannot find the realm's KDC: check [realms] in krb5.conf and DNS"},
    {KRB5_CONFIG_NODEFREALM, absl::StatusCode::kNotFound,
     "KRB5_CONFIG_NODEFREALM",
     "no default realm: set default_realm in krb5.conf or give a full "
     "principal"},
    {KRB5_PARSE_MALFORMED, absl::StatusCode::kInvalidArgument,
     "KRB5_PARSE_MALFORMED", "check the principal's form (name/host@REALM)"},
    {ENOMEM, absl::StatusCode::kResourceExhausted, "ENOMEM", ""},
    {ENOENT, absl::StatusCode::kNotFound, "ENOENT",
     "a file was not found: check the keytab and credential cache paths"},
};

const Known kRoutineErrors[] = {
    {GSS_S_BAD_MECH, absl::StatusCode::kUnimplemented, "GSS_S_BAD_MECH",
     kHintMechanismUnavailable},
    {GSS_S_BAD_NAME, absl::StatusCode::kInvalidArgument, "GSS_S_BAD_NAME", ""},
    {GSS_S_BAD_NAMETYPE, absl::StatusCode::kInvalidArgument,
     "GSS_S_BAD_NAMETYPE", ""},
    {GSS_S_BAD_BINDINGS, absl::StatusCode::kUnauthenticated,
     "GSS_S_BAD_BINDINGS", kHintBadBindings},
    {GSS_S_BAD_STATUS, absl::StatusCode::kInternal, "GSS_S_BAD_STATUS", ""},
    {GSS_S_BAD_SIG, absl::StatusCode::kDataLoss, "GSS_S_BAD_MIC",
     kHintMessageAltered},
    {GSS_S_NO_CRED, absl::StatusCode::kUnauthenticated, "GSS_S_NO_CRED",
     kHintNoTicket},
    {GSS_S_NO_CONTEXT, absl::StatusCode::kFailedPrecondition,
     "GSS_S_NO_CONTEXT", ""},
    {GSS_S_DEFECTIVE_TOKEN, absl::StatusCode::kInvalidArgument,
     "GSS_S_DEFECTIVE_TOKEN", kHintMalformedToken},
    {GSS_S_DEFECTIVE_CREDENTIAL, absl::StatusCode::kUnauthenticated,
     "GSS_S_DEFECTIVE_CREDENTIAL", ""},
    {GSS_S_CREDENTIALS_EXPIRED, absl::StatusCode::kUnauthenticated,
     "GSS_S_CREDENTIALS_EXPIRED", kHintExpired},
    {GSS_S_CONTEXT_EXPIRED, absl::StatusCode::kUnauthenticated,
     "GSS_S_CONTEXT_EXPIRED", kHintContextExpired},
    {GSS_S_FAILURE, absl::StatusCode::kUnknown, "GSS_S_FAILURE", ""},
    {GSS_S_BAD_QOP, absl::StatusCode::kInvalidArgument, "GSS_S_BAD_QOP", ""},
    {GSS_S_UNAUTHORIZED, absl::StatusCode::kPermissionDenied,
     "GSS_S_UNAUTHORIZED", ""},
    {GSS_S_UNAVAILABLE, absl::StatusCode::kUnimplemented, "GSS_S_UNAVAILABLE",
     ""},
    {GSS_S_DUPLICATE_ELEMENT, absl::StatusCode::kAlreadyExists,
     "GSS_S_DUPLICATE_ELEMENT", ""},
    {GSS_S_NAME_NOT_MN, absl::StatusCode::kInvalidArgument, "GSS_S_NAME_NOT_MN",
     ""},
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
  // MIT replaces some codes' texts with longer ones of its own.
  static const struct {
    const char* phrase;
    long code;
  } kExtendedTexts[] = {
      {"not found in keytab", KRB5_KT_NOTFOUND},
      {"No key table entry found", kKgKeytabNoMatch},
  };
  for (const auto& extended : kExtendedTexts) {
    if (absl::StrContains(minor_text, extended.phrase)) {
      return FindKnown(kKerberosMinors, sizeof(kKerberosMinors) / sizeof(Known),
                       static_cast<OM_uint32>(extended.code));
    }
  }
  return nullptr;
}

// MIT's text for a malformed token framing (its generic error table, whose
// codes are not public).
constexpr absl::string_view kBadTokenHeaderText =
    "Token header is malformed or corrupt";

// The shared core of every mapping function: `overrides` lets a call give a
// routine error a more precise code or hint than the generic table.
// `peer_token` marks calls whose only untrusted input is the peer's token:
// when the library fails one without saying why, the token is to blame.
absl::Status Map(const GssProvider& provider, absl::string_view call,
                 OM_uint32 major, OM_uint32 minor, gss_OID mech,
                 absl::string_view extra_hint = "", bool peer_token = false) {
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
  const Known* by_major = FindKnown(
      kRoutineErrors, sizeof(kRoutineErrors) / sizeof(Known), routine);

  absl::StatusCode code = absl::StatusCode::kUnknown;
  std::string symbol;
  std::string hint;
  if (GSS_CALLING_ERROR(major) != 0) {
    code = absl::StatusCode::kInternal;
    symbol = "GSS_S_CALL_BAD_STRUCTURE";
  }
  if (by_major != nullptr) {
    code = by_major->status;
    symbol = by_major->symbol;
    hint = by_major->hint;
  }
  // A known Kerberos cause beats a generic routine error, but not the
  // precise routine errors that describe the token or message itself.
  if (by_minor != nullptr && routine != GSS_S_BAD_SIG &&
      routine != GSS_S_DEFECTIVE_TOKEN && routine != GSS_S_BAD_NAME) {
    code = by_minor->status;
    symbol = by_minor->symbol;
    hint = by_minor->hint;
  }
  if (peer_token && routine == GSS_S_FAILURE && by_minor == nullptr &&
      (!Meaningful(minor_text) ||
       absl::StrContains(minor_text, kBadTokenHeaderText))) {
    code = absl::StatusCode::kInvalidArgument;
    hint = kHintMalformedToken;
  }
  if (!extra_hint.empty() && hint.empty()) hint = std::string(extra_hint);

  if (routine == GSS_S_FAILURE && Meaningful(minor_text)) {
    error.text = minor_text;
  } else if (Meaningful(minor_text)) {
    error.text = absl::StrCat(major_text, ": ", minor_text);
  } else {
    error.text = major_text.empty() ? "unknown GSS-API failure" : major_text;
  }
  if (!symbol.empty()) absl::StrAppend(&error.text, " (", symbol, ")");
  error.hint = hint;
  return NativeStatus(code, error);
}

absl::Status MapMessageCheck(const GssProvider& provider,
                             absl::string_view call, OM_uint32 major,
                             OM_uint32 minor) {
  if (GSS_ERROR(major)) return Map(provider, call, major, minor, GSS_C_NO_OID);
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
  NativeError error;
  error.backend = "gssapi";
  error.call = std::string(call);
  error.major = major;
  error.minor = minor;
  error.text = absl::StrCat(what, " (", symbol, ")");
  error.hint = kHintMessageSequence;
  return NativeStatus(absl::StatusCode::kAborted, error);
}

}  // namespace

absl::Status MapImportNameStatus(const GssProvider& provider, OM_uint32 major,
                                 OM_uint32 minor, absl::string_view name) {
  return Map(provider, "gss_import_name", major, minor, GSS_C_NO_OID,
             absl::StrCat("check the name \"", name, "\""));
}
absl::Status MapDisplayNameStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor) {
  return Map(provider, "gss_display_name", major, minor, GSS_C_NO_OID);
}
absl::Status MapAcquireCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor) {
  return Map(provider, "gss_acquire_cred_from", major, minor, GSS_C_NO_OID);
}
absl::Status MapInquireCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor) {
  return Map(provider, "gss_inquire_cred", major, minor, GSS_C_NO_OID);
}
absl::Status MapSetNegMechsStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor) {
  return Map(provider, "gss_set_neg_mechs", major, minor, GSS_C_NO_OID);
}
absl::Status MapStoreCredStatus(const GssProvider& provider, OM_uint32 major,
                                OM_uint32 minor) {
  return Map(provider, "gss_store_cred_into", major, minor, GSS_C_NO_OID);
}
absl::Status MapIndicateMechsStatus(const GssProvider& provider,
                                    OM_uint32 major, OM_uint32 minor) {
  return Map(provider, "gss_indicate_mechs", major, minor, GSS_C_NO_OID);
}
absl::Status MapReleaseCredStatus(const GssProvider& provider, OM_uint32 major,
                                  OM_uint32 minor) {
  return Map(provider, "gss_release_cred", major, minor, GSS_C_NO_OID);
}
absl::Status MapInitSecContextStatus(const GssProvider& provider,
                                     OM_uint32 major, OM_uint32 minor,
                                     gss_OID mech, absl::string_view target) {
  absl::Status status =
      Map(provider, "gss_init_sec_context", major, minor, mech);
  // Every client-side failure names the principal crossauth asked for.
  std::optional<NativeError> native = GetNativeError(status);
  if (!native.has_value()) return status;
  absl::StrAppend(&native->hint, native->hint.empty() ? "" : "; ",
                  "target principal ", target);
  return NativeStatus(status.code(), *native);
}
absl::Status MapAcceptSecContextStatus(const GssProvider& provider,
                                       OM_uint32 major, OM_uint32 minor,
                                       gss_OID mech) {
  return Map(provider, "gss_accept_sec_context", major, minor, mech, "",
             /*peer_token=*/true);
}
absl::Status MapInquireContextStatus(const GssProvider& provider,
                                     OM_uint32 major, OM_uint32 minor) {
  return Map(provider, "gss_inquire_context", major, minor, GSS_C_NO_OID);
}
absl::Status MapDeleteSecContextStatus(const GssProvider& provider,
                                       OM_uint32 major, OM_uint32 minor) {
  return Map(provider, "gss_delete_sec_context", major, minor, GSS_C_NO_OID);
}
absl::Status MapWrapStatus(const GssProvider& provider, OM_uint32 major,
                           OM_uint32 minor) {
  return Map(provider, "gss_wrap", major, minor, GSS_C_NO_OID);
}
absl::Status MapGetMicStatus(const GssProvider& provider, OM_uint32 major,
                             OM_uint32 minor) {
  return Map(provider, "gss_get_mic", major, minor, GSS_C_NO_OID);
}
absl::Status MapUnwrapStatus(const GssProvider& provider, OM_uint32 major,
                             OM_uint32 minor) {
  return MapMessageCheck(provider, "gss_unwrap", major, minor);
}
absl::Status MapVerifyMicStatus(const GssProvider& provider, OM_uint32 major,
                                OM_uint32 minor) {
  return MapMessageCheck(provider, "gss_verify_mic", major, minor);
}

}  // namespace internal
}  // namespace crossauth
