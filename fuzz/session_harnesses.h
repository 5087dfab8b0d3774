// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// session_harnesses.h: the session harnesses' bodies, which the ntlm harness
// (ntlm_fuzzer.cc) runs with gss-ntlmssp enabled and the others without.

#ifndef CROSSAUTH_FUZZ_SESSION_HARNESSES_H_
#define CROSSAUTH_FUZZ_SESSION_HARNESSES_H_

#include "fuzz/fuzz_support.h"

namespace crossauth {
namespace fuzz {

// One input of server_step_fuzzer.cc, client_step_fuzzer.cc and
// unwrap_fuzzer.cc on `realm` (NTLM pairings when realm.with_ntlm).
void RunServerStep(const FuzzRealm& realm, FuzzInput& input);
void RunClientStep(const FuzzRealm& realm, FuzzInput& input);
void RunUnwrap(const FuzzRealm& realm, FuzzInput& input);

}  // namespace fuzz
}  // namespace crossauth

#endif  // CROSSAUTH_FUZZ_SESSION_HARNESSES_H_
