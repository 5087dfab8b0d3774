// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_translation.h: crossauth's values in SSPI's terms and back: the
// ISC_/ASC_ request and return flags, the target SPN and the channel
// bindings buffer. Pure functions; no native calls.

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_TRANSLATION_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_TRANSLATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "crossauth/channel_bindings.h"
#include "crossauth/session.h"
#include "src/core/backend.h"

namespace crossauth {
namespace internal {

// IscRequestFlags() / AscRequestFlags()
//
// The ISC_REQ_ / ASC_REQ_ flags for a request. Both always ask for
// integrity; neither asks SSPI to allocate output buffers (Wine's Kerberos
// package ignores ISC_REQ_ALLOCATE_MEMORY), crossauth sizes them itself. A
// server asks for every protection and for extended errors (a KRB-ERROR for
// the client); what it gets is the client's choice.
unsigned long IscRequestFlags(const SecurityFlags& flags);
unsigned long AscRequestFlags();

// IscReturnedFlags() / AscReturnedFlags()
//
// The ISC_RET_ / ASC_RET_ attributes as SecurityFlags. channel_bound is
// always false: SSPI does not report it.
SecurityFlags IscReturnedFlags(unsigned long attributes);
SecurityFlags AscReturnedFlags(unsigned long attributes);

// ReturnedFlags()
//
// IscReturnedFlags() for an initiator, else AscReturnedFlags().
SecurityFlags ReturnedFlags(bool initiator, unsigned long attributes);

// ReturnedAttributes()
//
// The inverse of ReturnedFlags(): the ISC_RET_ (initiator) or ASC_RET_ bits
// of the set fields of `flags` (channel_bound has none).
unsigned long ReturnedAttributes(bool initiator, const SecurityFlags& flags);

// SspiTargetName()
//
// The SPN for InitializeSecurityContextW: "HTTP/web.example" for the
// host-based "HTTP@web.example", the principal itself otherwise.
std::wstring SspiTargetName(const TargetName& target);

// SspiBindingsBuffer()
//
// Channel bindings as SSPI takes them in a SECBUFFER_CHANNEL_BINDINGS
// buffer: SEC_CHANNEL_BINDINGS followed by the application data.
std::vector<uint8_t> SspiBindingsBuffer(const ChannelBindings& bindings);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_TRANSLATION_H_
