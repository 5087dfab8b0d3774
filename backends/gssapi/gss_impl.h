// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_impl.h: the GSS-API and krb5 headers of the implementation the backend
// is built against, and the one place that tells MIT from Heimdal.
//
// CROSSAUTH_GSSAPI_HEIMDAL (0 or 1) comes from the build
// (cmake/CrossauthGssapiImpl.cmake, on GSSAPI::GSSAPI). With MIT this is
// MIT's headers and nothing more. With Heimdal it is Heimdal's headers plus
// gss_impl_heimdal.h, which supplies the MIT extensions the backend calls and
// Heimdal 7.8 lacks; no other backend file asks which one it is.

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_IMPL_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_IMPL_H_

#ifndef CROSSAUTH_GSSAPI_HEIMDAL
#error \
    "CROSSAUTH_GSSAPI_HEIMDAL must be defined by the build (link GSSAPI::GSSAPI)"
#endif

#if CROSSAUTH_GSSAPI_HEIMDAL
#include "backends/gssapi/gss_impl_heimdal.h"  // IWYU pragma: export
#else
#include <gssapi/gssapi.h>       // IWYU pragma: export
#include <gssapi/gssapi_ext.h>   // IWYU pragma: export
#include <gssapi/gssapi_krb5.h>  // IWYU pragma: export
#include <krb5/krb5.h>           // IWYU pragma: export

#include <algorithm>
#include <optional>
#include <string>
#endif

namespace crossauth {
namespace internal {

#if !CROSSAUTH_GSSAPI_HEIMDAL
// GssUnimplementedText()
//
// MIT has every call the backend makes: never a text (see
// gss_impl_heimdal.h for Heimdal's).
inline std::optional<std::string> GssUnimplementedText(OM_uint32) {
  return std::nullopt;
}

// GssMinorIsBadEncoding()
//
// Whether a minor code says a token's encoding is malformed where the mapping
// tables of gss_status.cc do not: never on MIT (gss_impl_heimdal.h: Heimdal's
// ASN.1 error table).
inline bool GssMinorIsBadEncoding(OM_uint32) { return false; }

// Whether gss_unwrap_iov takes a whole token as one STREAM buffer (MIT
// does; Heimdal 7.8's Kerberos fails it with EINVAL).
inline constexpr bool kGssUnwrapIovTakesStream = true;

// Whether gss_init_sec_context falls back to a ticket from another realm
// for a target principal whose realm it cannot reach (MIT fails; see
// gss_impl_heimdal.h for Heimdal's).
inline constexpr bool kGssFallsBackAcrossRealms = false;
inline constexpr char kGssCrossRealmRefusal[] = "";

// Whether the acceptor ignores its credential's mechanism list (MIT finds
// no credential element for another mechanism itself, GSS_S_NO_CRED).
inline constexpr bool kGssAcceptorIgnoresMechanisms = false;

// The Unimplemented text for ServerSession::ProxyCredential(), empty where
// the acceptor keeps the client's ticket for S4U2Proxy: MIT (1.8 and later)
// returns it as the delegated credential handle when the acceptor's
// credential can also initiate and the ticket is forwardable.
inline constexpr char kGssNoEvidenceTicket[] = "";

// Whether the Kerberos mechanism reads RFC 6680 name attributes (the PAC,
// the authentication indicators), and the Unimplemented text when not: MIT
// does (see gss_impl_heimdal.h).
inline constexpr bool kGssReadsNameAttributes = true;
inline constexpr char kGssNoNameAttributesText[] = "";

// IsTicketGrantingService()
//
// Whether `server` is a krbtgt/... principal (MIT's principal struct).
inline bool IsTicketGrantingService(krb5_context, krb5_const_principal server) {
  const krb5_data* first = server->length > 0 ? &server->data[0] : nullptr;
  return first != nullptr && first->length == 6 &&
         std::equal(first->data, first->data + 6, "krbtgt");
}
#endif

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_IMPL_H_
