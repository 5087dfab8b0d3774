// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_impl_heimdal.h: what the backend needs from GSS-API and Heimdal 7.8
// lacks. Included through gss_impl.h only, when CROSSAUTH_GSSAPI_HEIMDAL is 1.
//
// Heimdal 7.8 has no gssapi/gssapi_ext.h or krb5/krb5.h, and none of MIT's
// credential-store calls (gss_acquire_cred_from, gss_store_cred_into, the
// key-value store types), gss_set_neg_mechs, GSS_C_CHANNEL_BOUND_FLAG or
// KRB5_KT_KVNONOTFOUND. The declarations below have MIT's names and
// signatures, so that the backend's table (gss_library.h) and its callers
// are the same for both implementations; they are crossauth's own C++
// functions, built from the Heimdal calls that do the same job:
//
// - gss_acquire_cred_from: no store, gss_acquire_cred (the environment's
//   KRB5CCNAME / KRB5_KTNAME, as MIT does); "ccache" or "keytab",
//   gss_krb5_import_cred with that cache or keytab (krb5_cc_resolve,
//   krb5_kt_resolve), so the process environment is not touched;
//   "password", gss_acquire_cred_with_password. A "client_keytab" (an
//   initiator that gets its tickets from a keytab) and a password together
//   with a ccache have no Heimdal call: GSS_S_UNAVAILABLE.
//   Heimdal's SPNEGO credential acquires its own credential over every
//   mechanism from the environment's defaults, so Negotiate works only
//   without a store (KRB5CCNAME / KRB5_KTNAME); Negotiate with a ccache,
//   keytab or password is GSS_S_UNAVAILABLE.
// - gss_acquire_cred_impersonate_name (S4U2Self): Heimdal 7.8's GSS-API
//   has none; GSS_S_UNAVAILABLE.
// - gss_set_neg_mechs: Heimdal cannot restrict SPNEGO. When only Kerberos
//   is asked for and no NTLM credential can be acquired, SPNEGO can only
//   negotiate Kerberos and the call succeeds; when NTLM credentials exist,
//   or NTLM is asked for, it is GSS_S_UNAVAILABLE.
// - gss_store_cred_into with a "ccache": gss_krb5_copy_ccache into that
//   cache (which it first initializes, so the old content is replaced).
// - GSS_C_CHANNEL_BOUND_FLAG is 0: Heimdal 7.8 never reports that the
//   acceptor verified channel bindings, so SessionInfo says it did not.
// - KRB5_KT_KVNONOTFOUND is Heimdal's KRB5_KT_NOTFOUND: Heimdal reports a
//   missing key version with that code.
//
// A GSS_S_UNAVAILABLE from these carries the minor code
// kHeimdalUnimplementedMinor; GssUnimplementedText() gives the message
// naming Heimdal and what it lacks, which gss_status.cc turns into
// Unimplemented.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_IMPL_HEIMDAL_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_IMPL_HEIMDAL_H_

#include <gssapi/gssapi.h>       // IWYU pragma: export
#include <gssapi/gssapi_krb5.h>  // IWYU pragma: export
#include <krb5.h>                // IWYU pragma: export

#include <optional>
#include <string>

// MIT's credential store (gssapi_ext.h), as crossauth uses it.
struct gss_key_value_element_struct {
  const char* key;
  const char* value;
};
typedef gss_key_value_element_struct gss_key_value_element_desc;
struct gss_key_value_set_struct {
  OM_uint32 count;
  gss_key_value_element_desc* elements;
};
typedef gss_key_value_set_struct gss_key_value_set_desc;
typedef const gss_key_value_set_desc* gss_const_key_value_set_t;
inline constexpr gss_const_key_value_set_t GSS_C_NO_CRED_STORE = nullptr;

inline constexpr OM_uint32 GSS_C_CHANNEL_BOUND_FLAG = 0;
inline constexpr krb5_error_code KRB5_KT_KVNONOTFOUND = KRB5_KT_NOTFOUND;

OM_uint32 gss_acquire_cred_from(OM_uint32* minor_status,
                                gss_name_t desired_name, OM_uint32 time_req,
                                gss_OID_set desired_mechs,
                                gss_cred_usage_t cred_usage,
                                gss_const_key_value_set_t cred_store,
                                gss_cred_id_t* output_cred_handle,
                                gss_OID_set* actual_mechs, OM_uint32* time_rec);

OM_uint32 gss_acquire_cred_impersonate_name(
    OM_uint32* minor_status, const gss_cred_id_t impersonator_cred_handle,
    const gss_name_t desired_name, OM_uint32 time_req,
    const gss_OID_set desired_mechs, gss_cred_usage_t cred_usage,
    gss_cred_id_t* output_cred_handle, gss_OID_set* actual_mechs,
    OM_uint32* time_rec);

OM_uint32 gss_set_neg_mechs(OM_uint32* minor_status, gss_cred_id_t cred_handle,
                            const gss_OID_set mech_set);

OM_uint32 gss_store_cred_into(OM_uint32* minor_status,
                              gss_cred_id_t input_cred_handle,
                              gss_cred_usage_t input_usage,
                              gss_OID desired_mech, OM_uint32 overwrite_cred,
                              OM_uint32 default_cred,
                              gss_const_key_value_set_t cred_store,
                              gss_OID_set* elements_stored,
                              gss_cred_usage_t* cred_usage_stored);

namespace crossauth {
namespace internal {

// The minor code of a GSS_S_UNAVAILABLE from the stand-ins above ("HEIM").
inline constexpr OM_uint32 kHeimdalUnimplementedMinor = 0x4845494d;

// GssUnimplementedText()
//
// For a minor code of kHeimdalUnimplementedMinor, what Heimdal lacks (set by
// the stand-in that failed, on this thread); std::nullopt otherwise.
std::optional<std::string> GssUnimplementedText(OM_uint32 minor);

// GssMinorIsBadEncoding()
//
// Whether `minor` is in Heimdal's ASN.1 error table (asn1_err.h: "ASN.1
// unexpected field number", ASN1_OVERRUN, ...): a token that does not decode,
// which MIT reports as GSS_S_DEFECTIVE_TOKEN or its own ASN.1 codes.
bool GssMinorIsBadEncoding(OM_uint32 minor);

// Heimdal 7.8's Kerberos gss_unwrap_iov has no STREAM buffer type (EINVAL):
// in-place unwrapping goes through gss_unwrap and a copy back.
inline constexpr bool kGssUnwrapIovTakesStream = false;

// Whether gss_init_sec_context, for a target principal in a realm it cannot
// reach, falls back to the same name in the client's realm (Heimdal 7.8's
// referral chase, lib/krb5/get_cred.c, starts in the client's realm and
// takes a ticket whose name matches in any realm) instead of failing as MIT
// does. GssClientContext then refuses targets outside the client's realm,
// with this text.
inline constexpr bool kGssFallsBackAcrossRealms = true;
inline constexpr char kGssCrossRealmRefusal[] =
    "Heimdal 7.8 cannot be held to a target in another realm than the "
    "client's: when it cannot reach that realm it takes a ticket for the "
    "same name in the client's realm, so crossauth refuses such targets";

// Whether the acceptor ignores its credential's mechanism list (Heimdal
// 7.8's accepts raw Kerberos on a SPNEGO credential and SPNEGO on a Kerberos
// one); GssServerContext then checks the client's first token itself.
inline constexpr bool kGssAcceptorIgnoresMechanisms = true;

// Heimdal 7.8's acceptor returns a delegated credential handle only for a
// KRB-CRED the client sent (real delegation), never the client's ticket as
// S4U2Proxy evidence, so ServerSession::ProxyCredential() is Unimplemented.
inline constexpr char kGssNoEvidenceTicket[] =
    "Heimdal 7.8's acceptor does not keep the client's ticket as S4U2Proxy "
    "evidence (constrained delegation needs MIT's GSS-API or "
    "Credential::Impersonate)";

// Heimdal 7.8's Kerberos mechanism has no name attributes: its
// gss_get_name_attribute answers GSS_S_UNAVAILABLE (minor 0) for
// "urn:mspac:" and "auth-indicators", even on a ticket that has a PAC
// (measured against the MIT TestRealm, whose tickets MIT reads a PAC from),
// so ServerSession::PeerIdentity() is Unimplemented there
// (kGssNoNameAttributesText).
inline constexpr bool kGssReadsNameAttributes = false;
inline constexpr char kGssNoNameAttributesText[] =
    "ServerSession::PeerIdentity(): Heimdal 7.8's Kerberos mechanism has no "
    "name attributes (gss_get_name_attribute answers GSS_S_UNAVAILABLE for "
    "\"urn:mspac:\" and \"auth-indicators\", even for a ticket with a PAC), "
    "so the PAC and the authentication indicators cannot be read";

// IsTicketGrantingService()
//
// Whether `server` is a krbtgt/... principal (Heimdal's accessors).
bool IsTicketGrantingService(krb5_context context, krb5_const_principal server);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_IMPL_HEIMDAL_H_
