// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// ntlm: the session harnesses with NTLM, through gss-ntlmssp (enabled with
// GSS_MECH_CONFIG, as the NTLM suite does):
//   first byte 0 (mod 3): server_step on NTLM and Negotiate+NTLM acceptors;
//   1: client_step with carol's NTLM and Negotiate+NTLM clients;
//   2: unwrap on an NTLM session.
// The rest of the input is that harness's input (see its file comment).
//
// A harness of its own because gss-ntlmssp leaks an OpenSSL EVP_MD for every
// NT hash it computes (scripts/lsan.supp): the suppression matches only with
// full unwinding (ASAN_OPTIONS=fast_unwind_on_malloc=0), which makes every
// allocation several times slower. scripts/fuzz pays that here only.

#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "fuzz/session_harnesses.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  crossauth::fuzz::FuzzRealm::Get(/*with_ntlm=*/true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const crossauth::fuzz::FuzzRealm& realm =
      crossauth::fuzz::FuzzRealm::Get(/*with_ntlm=*/true);
  crossauth::fuzz::FuzzInput input(data, size);
  switch (input.TakeByte() % 3) {
    case 0:
      crossauth::fuzz::RunServerStep(realm, input);
      break;
    case 1:
      crossauth::fuzz::RunClientStep(realm, input);
      break;
    default:
      crossauth::fuzz::RunUnwrap(realm, input);
      break;
  }
  return 0;
}
