// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth.h: the whole public API in one include.
//
// crossauth gives network services one Credential/Session API for Kerberos,
// SPNEGO (Negotiate) and NTLM, on GSS-API (POSIX) and SSPI (Windows):
//
//   #include "crossauth/crossauth.h"
//
//   auto credential = crossauth::Credential::Acquire({});
//   auto session = crossauth::ClientSession::Start(
//       *credential, {"HTTP@web.example.com"});
//   absl::Status done = crossauth::RunHandshake(*session, send, receive);
//
// (tests/package/readme_examples.cc compiles this and the README's examples
// with -Wall -Wextra -Werror.)
//
// See credential.h, session.h, error.h, mechanism.h, channel_bindings.h,
// http_negotiate.h and sasl_gssapi.h.

#ifndef CROSSAUTH_CROSSAUTH_H_
#define CROSSAUTH_CROSSAUTH_H_

#include "crossauth/channel_bindings.h"  // IWYU pragma: export
#include "crossauth/credential.h"        // IWYU pragma: export
#include "crossauth/error.h"             // IWYU pragma: export
#include "crossauth/http_negotiate.h"    // IWYU pragma: export
#include "crossauth/mechanism.h"         // IWYU pragma: export
#include "crossauth/sasl_gssapi.h"       // IWYU pragma: export
#include "crossauth/session.h"           // IWYU pragma: export
#include "crossauth/version.h"           // IWYU pragma: export

#endif  // CROSSAUTH_CROSSAUTH_H_
