// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// gss_peer.h: who an acceptor's client is, from its name's RFC 6680
// attributes (the PAC and the authentication indicators), and the local
// account its principal maps to (ServerSession::PeerIdentity() and
// LocalName()).

#ifndef CROSSAUTH_BACKENDS_GSSAPI_GSS_PEER_H_
#define CROSSAUTH_BACKENDS_GSSAPI_GSS_PEER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "backends/gssapi/gss_library.h"
#include "crossauth/session.h"

namespace crossauth {
namespace internal {

// PeerIdentityOf()
//
// The established acceptor context's client (gss_inquire_context's
// src_name): the "urn:mspac:" attribute (the whole PAC, decoded with
// src/core/pac.h: MIT 1.20 cannot give "urn:mspac:logon-info" alone) and
// every "auth-indicators" value. Values the library does not mark
// authenticated are ignored; an attribute the name does not have
// (GSS_S_UNAVAILABLE: no PAC, an NTLM name) is an empty result.
absl::StatusOr<PeerIdentity> PeerIdentityOf(
    const std::shared_ptr<const GssProvider>& provider, gss_ctx_id_t context);

// LocalNameOf()
//
// gss_localname of the context's client; GSS_S_UNAVAILABLE (no
// auth_to_local rule maps it) is NotFound naming the principal.
absl::StatusOr<std::string> LocalNameOf(
    const std::shared_ptr<const GssProvider>& provider, gss_ctx_id_t context);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_GSSAPI_GSS_PEER_H_
