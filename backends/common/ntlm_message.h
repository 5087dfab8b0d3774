// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ntlm_message.h: recognizing a raw NTLM message. IsRawNtlmMessage() is now
// part of the one initial-token parser, src/core/initial_token.h; this header
// only forwards to it for the backend code that still includes it, and goes
// once nothing does.

#ifndef CROSSAUTH_BACKENDS_COMMON_NTLM_MESSAGE_H_
#define CROSSAUTH_BACKENDS_COMMON_NTLM_MESSAGE_H_

#include "src/core/initial_token.h"

#endif  // CROSSAUTH_BACKENDS_COMMON_NTLM_MESSAGE_H_
