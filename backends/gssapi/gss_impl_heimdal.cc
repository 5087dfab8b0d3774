// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The stand-ins for the MIT calls Heimdal 7.8 lacks (gss_impl_heimdal.h).
// Compiled only when CROSSAUTH_GSSAPI_HEIMDAL is 1.

#include "backends/gssapi/gss_impl_heimdal.h"

#include <asn1_err.h>

#include <cstring>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace crossauth {
namespace internal {
namespace {

thread_local std::string missing_text;

OM_uint32 Unavailable(OM_uint32* minor, absl::string_view what) {
  missing_text = absl::StrCat("Heimdal 7.8 has no ", what);
  *minor = kHeimdalUnimplementedMinor;
  return GSS_S_UNAVAILABLE;
}

bool SameOid(const gss_OID_desc& a, gss_const_OID b) {
  return a.length == b->length &&
         std::memcmp(a.elements, b->elements, a.length) == 0;
}

bool HasOid(gss_OID_set set, gss_const_OID oid) {
  if (set == GSS_C_NO_OID_SET) return false;
  for (size_t i = 0; i < set->count; ++i) {
    if (SameOid(set->elements[i], oid)) return true;
  }
  return false;
}

// A krb5_context for one stand-in call (they are rare: once per credential).
class Context {
 public:
  Context() : code_(krb5_init_context(&context_)) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  ~Context() {
    if (code_ == 0) krb5_free_context(context_);
  }
  krb5_error_code code() const { return code_; }
  krb5_context get() const { return context_; }

 private:
  krb5_context context_ = nullptr;
  krb5_error_code code_;
};

// The Kerberos principal of `name`, for gss_krb5_import_cred's keytab
// principal: canonicalized for Kerberos, then displayed and parsed.
OM_uint32 PrincipalOf(OM_uint32* minor, krb5_context context, gss_name_t name,
                      krb5_principal* out) {
  gss_name_t canonical = GSS_C_NO_NAME;
  OM_uint32 major =
      gss_canonicalize_name(minor, name, GSS_KRB5_MECHANISM, &canonical);
  if (GSS_ERROR(major)) return major;
  gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
  major = gss_display_name(minor, canonical, &text, nullptr);
  OM_uint32 ignored = 0;
  gss_release_name(&ignored, &canonical);
  if (GSS_ERROR(major)) return major;
  std::string principal(static_cast<const char*>(text.value), text.length);
  gss_release_buffer(&ignored, &text);
  krb5_error_code code = krb5_parse_name(context, principal.c_str(), out);
  if (code != 0) {
    *minor = static_cast<OM_uint32>(code);
    return GSS_S_FAILURE;
  }
  return GSS_S_COMPLETE;
}

}  // namespace

bool IsTicketGrantingService(krb5_context context,
                             krb5_const_principal server) {
  if (krb5_principal_get_num_comp(context, server) < 1) return false;
  const char* first = krb5_principal_get_comp_string(context, server, 0);
  return first != nullptr && absl::string_view(first) == "krbtgt";
}

std::optional<std::string> GssUnimplementedText(OM_uint32 minor) {
  if (minor != kHeimdalUnimplementedMinor) return std::nullopt;
  return missing_text;
}

bool GssMinorIsBadEncoding(OM_uint32 minor) {
  // com_err tables hold 256 codes from their base.
  return minor >= static_cast<OM_uint32>(ERROR_TABLE_BASE_asn1) &&
         minor < static_cast<OM_uint32>(ERROR_TABLE_BASE_asn1) + 256;
}

}  // namespace internal
}  // namespace crossauth

using crossauth::internal::Context;
using crossauth::internal::HasOid;
using crossauth::internal::PrincipalOf;
using crossauth::internal::Unavailable;

OM_uint32 gss_acquire_cred_from(
    OM_uint32* minor_status, gss_name_t desired_name, OM_uint32 time_req,
    gss_OID_set desired_mechs, gss_cred_usage_t cred_usage,
    gss_const_key_value_set_t cred_store, gss_cred_id_t* output_cred_handle,
    gss_OID_set* actual_mechs, OM_uint32* time_rec) {
  *minor_status = 0;
  *output_cred_handle = GSS_C_NO_CREDENTIAL;
  if (actual_mechs != nullptr) *actual_mechs = GSS_C_NO_OID_SET;
  if (time_rec != nullptr) *time_rec = 0;
  // Kerberos only, whether asked directly or through Negotiate (see the
  // header): Heimdal's SPNEGO cannot be kept from NTLM.
  if (!HasOid(desired_mechs, GSS_KRB5_MECHANISM) &&
      !HasOid(desired_mechs, GSS_SPNEGO_MECHANISM)) {
    return Unavailable(minor_status,
                       "way to restrict SPNEGO (gss_set_neg_mechs), so "
                       "crossauth offers Kerberos only, not NTLM alone");
  }
  const bool negotiate = HasOid(desired_mechs, GSS_SPNEGO_MECHANISM);
  gss_OID_desc kerberos_oid = *GSS_KRB5_MECHANISM;
  gss_OID_set_desc kerberos = {1, &kerberos_oid};
  // Heimdal's SPNEGO credential holds its own credential over every
  // mechanism, acquired from the environment's defaults; gss_set_neg_mechs
  // below refuses it when NTLM could be among them.
  gss_OID_desc both_oids[] = {*GSS_KRB5_MECHANISM, *GSS_SPNEGO_MECHANISM};
  gss_OID_set_desc kerberos_and_spnego = {2, both_oids};

  const char* ccache = nullptr;
  const char* keytab = nullptr;
  const char* password = nullptr;
  bool no_replay_cache = false;  // the caller chose "none:"
  if (cred_store != GSS_C_NO_CRED_STORE) {
    for (OM_uint32 i = 0; i < cred_store->count; ++i) {
      const absl::string_view key = cred_store->elements[i].key;
      const char* value = cred_store->elements[i].value;
      if (key == "rcache") {
        if (absl::string_view(value) != "none:") {
          return Unavailable(minor_status,
                             "replay cache to choose: its acceptor keeps none, "
                             "so \"none:\" is the only replay_cache it takes");
        }
        no_replay_cache = true;
      } else if (key == "ccache") {
        ccache = value;
      } else if (key == "keytab") {
        keytab = value;
      } else if (key == "password") {
        password = value;
      } else if (key == "client_keytab") {
        return Unavailable(
            minor_status,
            "call that gets an initiator's tickets from a client keytab "
            "(MIT's gss_acquire_cred_from with client_keytab)");
      } else {
        return Unavailable(minor_status,
                           absl::StrCat("credential store key \"", key, "\""));
      }
    }
  }
  // Fail closed: Heimdal's acceptor accepts a replayed first token as its
  // client, which crossauth's default (a replay cache) promises against. An
  // acceptor is only made when the caller said it knows ("none:").
  if (cred_usage != GSS_C_INITIATE && !no_replay_cache) {
    return Unavailable(
        minor_status,
        "replay cache: its acceptor would accept a replayed first token as "
        "its client. Set CredentialOptions::replay_cache to \"none:\" to "
        "accept that (read its DANGER note: require channel bindings, or a "
        "protocol that refuses replays)");
  }
  if (ccache == nullptr && keytab == nullptr && password == nullptr) {
    return gss_acquire_cred(minor_status, desired_name, time_req,
                            negotiate ? &kerberos_and_spnego : &kerberos,
                            cred_usage, output_cred_handle, actual_mechs,
                            time_rec);
  }
  if (negotiate) {
    return Unavailable(minor_status,
                       "Negotiate credential from a given ccache, keytab or "
                       "password: its SPNEGO takes its credential only from "
                       "the environment's defaults (KRB5CCNAME, "
                       "KRB5_KTNAME), not from gss_krb5_import_cred or "
                       "gss_acquire_cred_with_password");
  }
  if (password != nullptr) {
    if (ccache != nullptr || keytab != nullptr) {
      return Unavailable(minor_status,
                         "call that keeps a password's tickets in a named "
                         "ccache (MIT's gss_acquire_cred_from with password "
                         "and ccache)");
    }
    gss_buffer_desc secret = {std::strlen(password),
                              const_cast<char*>(password)};
    return gss_acquire_cred_with_password(
        minor_status, desired_name, &secret, time_req, &kerberos, cred_usage,
        output_cred_handle, actual_mechs, time_rec);
  }

  Context context;
  if (context.code() != 0) {
    *minor_status = static_cast<OM_uint32>(context.code());
    return GSS_S_FAILURE;
  }
  krb5_ccache cache = nullptr;
  krb5_keytab table = nullptr;
  krb5_principal principal = nullptr;
  OM_uint32 major = GSS_S_COMPLETE;
  krb5_error_code code = 0;
  if (ccache != nullptr && cred_usage != GSS_C_ACCEPT) {
    code = krb5_cc_resolve(context.get(), ccache, &cache);
  }
  if (code == 0 && keytab != nullptr && cred_usage != GSS_C_INITIATE) {
    code = krb5_kt_resolve(context.get(), keytab, &table);
    if (code == 0 && desired_name != GSS_C_NO_NAME) {
      major =
          PrincipalOf(minor_status, context.get(), desired_name, &principal);
    }
  }
  if (code != 0) {
    *minor_status = static_cast<OM_uint32>(code);
    major = GSS_S_FAILURE;
  }
  if (!GSS_ERROR(major) && cache == nullptr && table == nullptr) {
    // A ccache for an acceptor or a keytab for an initiator: nothing usable.
    major = GSS_S_NO_CRED;
  }
  // gss_krb5_import_cred checks neither source; MIT's gss_acquire_cred_from
  // does, so check them here with the codes MIT's Kerberos mechanism gives.
  if (!GSS_ERROR(major) && cache != nullptr) {
    krb5_principal owner = nullptr;
    if (krb5_cc_get_principal(context.get(), cache, &owner) != 0) {
      *minor_status = static_cast<OM_uint32>(KRB5_FCC_NOFILE);
      major = GSS_S_NO_CRED;
    } else {
      // A principal was asked for: the cache must be that principal's.
      krb5_principal wanted = nullptr;
      if (desired_name != GSS_C_NO_NAME) {
        major = PrincipalOf(minor_status, context.get(), desired_name, &wanted);
      }
      if (!GSS_ERROR(major) && wanted != nullptr &&
          !krb5_principal_compare(context.get(), owner, wanted)) {
        // MIT's KG_CCACHE_NOMATCH ("Principal in credential cache does not
        // match desired name"), which Heimdal has no code for.
        constexpr OM_uint32 kMitCcacheNoMatch = 39756032;
        *minor_status = kMitCcacheNoMatch;
        major = GSS_S_NO_CRED;
      }
      if (wanted != nullptr) krb5_free_principal(context.get(), wanted);
      krb5_free_principal(context.get(), owner);
    }
  }
  if (!GSS_ERROR(major) && table != nullptr) {
    krb5_keytab_entry entry;
    krb5_kt_cursor cursor;
    krb5_error_code found =
        krb5_kt_start_seq_get(context.get(), table, &cursor);
    if (found == 0) {
      found = krb5_kt_next_entry(context.get(), table, &entry, &cursor);
      if (found == 0) krb5_kt_free_entry(context.get(), &entry);
      krb5_kt_end_seq_get(context.get(), table, &cursor);
    }
    if (found == 0 && principal != nullptr) {
      found = krb5_kt_get_entry(context.get(), table, principal, 0,
                                static_cast<krb5_enctype>(0), &entry);
      if (found == 0) krb5_kt_free_entry(context.get(), &entry);
    }
    if (found != 0) {
      // Missing, unreadable or empty, or without the principal's key.
      *minor_status = static_cast<OM_uint32>(KRB5_KT_NOTFOUND);
      major = GSS_S_NO_CRED;
    }
  }
  if (!GSS_ERROR(major)) {
    major = gss_krb5_import_cred(minor_status, cache, principal, table,
                                 output_cred_handle);
  }
  if (!GSS_ERROR(major) && time_rec != nullptr) {
    OM_uint32 ignored = 0;
    gss_inquire_cred(&ignored, *output_cred_handle, nullptr, time_rec, nullptr,
                     nullptr);
  }
  if (principal != nullptr) krb5_free_principal(context.get(), principal);
  if (table != nullptr) krb5_kt_close(context.get(), table);
  if (cache != nullptr) krb5_cc_close(context.get(), cache);
  return major;
}

OM_uint32 gss_acquire_cred_impersonate_name(
    OM_uint32* minor_status, const gss_cred_id_t, const gss_name_t, OM_uint32,
    const gss_OID_set, gss_cred_usage_t, gss_cred_id_t* output_cred_handle,
    gss_OID_set* actual_mechs, OM_uint32* time_rec) {
  *output_cred_handle = GSS_C_NO_CREDENTIAL;
  if (actual_mechs != nullptr) *actual_mechs = GSS_C_NO_OID_SET;
  if (time_rec != nullptr) *time_rec = 0;
  return Unavailable(minor_status,
                     "gss_acquire_cred_impersonate_name (S4U2Self through "
                     "GSS-API)");
}

OM_uint32 gss_set_neg_mechs(OM_uint32* minor_status, gss_cred_id_t cred,
                            const gss_OID_set mech_set) {
  *minor_status = 0;
  // The SPNEGO credential negotiates whatever its own credential holds: with
  // NTLM credentials in the environment that includes NTLM, which
  // crossauth cannot then keep out.
  gss_cred_usage_t usage = GSS_C_INITIATE;
  OM_uint32 ignored = 0;
  gss_inquire_cred(&ignored, cred, nullptr, nullptr, &usage, nullptr);
  gss_OID_desc ntlm_oid = *GSS_NTLM_MECHANISM;
  gss_OID_set_desc ntlm = {1, &ntlm_oid};
  gss_cred_id_t probe = GSS_C_NO_CREDENTIAL;
  const OM_uint32 probe_major =
      gss_acquire_cred(&ignored, GSS_C_NO_NAME, GSS_C_INDEFINITE, &ntlm, usage,
                       &probe, nullptr, nullptr);
  if (probe != GSS_C_NO_CREDENTIAL) gss_release_cred(&ignored, &probe);
  if (!GSS_ERROR(probe_major)) {
    return Unavailable(minor_status,
                       "gss_set_neg_mechs, and NTLM credentials are present, "
                       "so Negotiate cannot be kept to the allowed mechanisms");
  }
  for (size_t i = 0; i < mech_set->count; ++i) {
    if (!crossauth::internal::SameOid(mech_set->elements[i],
                                      GSS_KRB5_MECHANISM)) {
      return Unavailable(minor_status,
                         "gss_set_neg_mechs, so Negotiate offers Kerberos "
                         "only (NTLM through Negotiate is not available)");
    }
  }
  // The credential holds Kerberos alone (gss_acquire_cred_from above).
  return GSS_S_COMPLETE;
}

OM_uint32 gss_store_cred_into(OM_uint32* minor_status,
                              gss_cred_id_t input_cred_handle,
                              gss_cred_usage_t input_usage, gss_OID, OM_uint32,
                              OM_uint32, gss_const_key_value_set_t cred_store,
                              gss_OID_set* elements_stored,
                              gss_cred_usage_t* cred_usage_stored) {
  *minor_status = 0;
  if (elements_stored != nullptr) *elements_stored = GSS_C_NO_OID_SET;
  if (cred_usage_stored != nullptr) *cred_usage_stored = input_usage;
  if (cred_store == GSS_C_NO_CRED_STORE || cred_store->count != 1 ||
      absl::string_view(cred_store->elements[0].key) != "ccache") {
    return Unavailable(minor_status,
                       "gss_store_cred_into for anything but one ccache");
  }
  Context context;
  if (context.code() != 0) {
    *minor_status = static_cast<OM_uint32>(context.code());
    return GSS_S_FAILURE;
  }
  krb5_ccache cache = nullptr;
  krb5_error_code code =
      krb5_cc_resolve(context.get(), cred_store->elements[0].value, &cache);
  if (code != 0) {
    *minor_status = static_cast<OM_uint32>(code);
    return GSS_S_FAILURE;
  }
  OM_uint32 major =
      gss_krb5_copy_ccache(minor_status, input_cred_handle, cache);
  krb5_cc_close(context.get(), cache);
  return major;
}
