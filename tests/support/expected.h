// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// expected.h: the parts of error messages that differ by backend.
//
// Hints (backends/common/hints.h) are the same on every backend; the native
// call names and status symbols are not. Backend-agnostic tests check both: the
// shared hint, and the backend's own call and symbol from here.

#ifndef CROSSAUTH_TESTS_SUPPORT_EXPECTED_H_
#define CROSSAUTH_TESTS_SUPPORT_EXPECTED_H_

namespace crossauth {
namespace test {

#if CROSSAUTH_TEST_BACKEND_SSPI
inline constexpr char kUnwrapCall[] = "DecryptMessage";
inline constexpr char kVerifyMicCall[] = "VerifySignature";
inline constexpr char kAcceptCall[] = "AcceptSecurityContext";
inline constexpr char kInitCall[] = "InitializeSecurityContextW";
inline constexpr char kDefectiveTokenSymbol[] = "SEC_E_INVALID_TOKEN";
// SSPI has no code of its own for a replay (Windows says
// SEC_E_OUT_OF_SEQUENCE, Wine SEC_E_INVALID_TOKEN); the shared hint says it.
inline constexpr char kReplayedMessageText[] =
    "replay and sequence detection reject it";
inline constexpr char kGapText[] = "SEC_E_OUT_OF_SEQUENCE";
inline constexpr char kOutOfOrderText[] = "SEC_E_OUT_OF_SEQUENCE";
#else
inline constexpr char kUnwrapCall[] = "gss_unwrap";
inline constexpr char kVerifyMicCall[] = "gss_verify_mic";
inline constexpr char kAcceptCall[] = "gss_accept_sec_context";
inline constexpr char kInitCall[] = "gss_init_sec_context";
inline constexpr char kDefectiveTokenSymbol[] = "GSS_S_DEFECTIVE_TOKEN";
inline constexpr char kReplayedMessageText[] = "GSS_S_DUPLICATE_TOKEN";
inline constexpr char kGapText[] = "GSS_S_GAP_TOKEN";
inline constexpr char kOutOfOrderText[] = "GSS_S_UNSEQ_TOKEN";
#endif

// The replay cache the suite's acceptors ask for: the library's default,
// except under Heimdal 7.8, whose acceptor keeps none, so that crossauth
// makes one only when told "none:" (README, Heimdal). The tests of the
// refusal itself are in tests/credential/replay_cache_test.cc.
// Heimdal 7.8's refusal of CredentialOptions::client_keytab (README,
// Heimdal), which renewal needs.
inline constexpr char kHeimdalNoClientKeytab[] =
    "gss_acquire_cred_from: Heimdal 7.8 has no call that gets an initiator's "
    "tickets from a client keytab (MIT's gss_acquire_cred_from with "
    "client_keytab)";

#if CROSSAUTH_TEST_GSSAPI_HEIMDAL
inline constexpr char kTestReplayCache[] = "none:";
#else
inline constexpr char kTestReplayCache[] = "";
#endif

}  // namespace test
}  // namespace crossauth

#endif  // CROSSAUTH_TESTS_SUPPORT_EXPECTED_H_
