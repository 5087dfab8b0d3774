// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// fuzz_support.h: what the fuzz harnesses share.
//
// - FuzzInput splits an input into a selector byte, tokens and an edit
//   script. The formats of every harness are written down in fuzz/README.md,
//   and fuzz/make_corpus.cc writes seeds in them.
// - FuzzRealm starts a TestRealm (a real KDC with alice, carol for NTLM and
//   the service HTTP/localhost in a keytab) once per process, acquires every
//   credential the harnesses use, and routes the GSS-API backend through the
//   counting seam of the tests, so that CheckNoHandlesLeft() can prove after
//   each input that every native handle an input created was released.
// - ApplyEdits() turns a real token into a slightly broken one, which reaches
//   deeper than random bytes: the token decodes, and its checksums and
//   encrypted parts are what breaks.

#ifndef CROSSAUTH_FUZZ_FUZZ_SUPPORT_H_
#define CROSSAUTH_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"

namespace crossauth {
namespace fuzz {

// kSeparator
//
// Separates the tokens of one input (also in the dictionaries).
inline constexpr absl::string_view kSeparator = "|NEXT|";

// FuzzInput
//
// Reads an input front to back. Never fails: past the end, bytes are 0 and
// tokens are empty.
class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(data, size) {}

  // The next byte, or 0 at the end.
  uint8_t TakeByte();

  // The bytes up to the next kSeparator (which is consumed), or all of the
  // rest when there is none.
  std::vector<uint8_t> TakeToken();

  // Everything not yet taken.
  std::vector<uint8_t> TakeRest();

  bool empty() const { return rest_.empty(); }

 private:
  absl::Span<const uint8_t> rest_;
};

// ApplyEdits()
//
// Applies an edit script to `token`: each 3-byte record (position high,
// position low, value) XORs the byte at position % size with the value, or,
// when the value is 0, cuts the token at position % (size + 1). An empty
// script leaves the token as it is. At most 64 records are applied.
std::vector<uint8_t> ApplyEdits(std::vector<uint8_t> token,
                                absl::Span<const uint8_t> script);

// FuzzRealm
//
// The process's realm and credentials; see the file comment. Harnesses call
// Get() from LLVMFuzzerInitialize(). Credentials that need NTLM are empty
// unless `with_ntlm` (gss-ntlmssp is then enabled through GSS_MECH_CONFIG,
// as the NTLM suite does; every other harness runs without it).
struct FuzzRealm {
  // Initiators: alice (kinit'ed) for Kerberos and Negotiate; carol (an
  // NTLM-only user, from her password) for NTLM and Negotiate+NTLM.
  Credential kerberos_client;
  Credential negotiate_client;
  Credential ntlm_client;
  Credential negotiate_ntlm_client;
  // Acceptors for HTTP/localhost from the realm's keytab, by allow-list.
  Credential kerberos_server;
  Credential negotiate_server;
  Credential ntlm_server;
  Credential negotiate_ntlm_server;
  bool with_ntlm = false;

  static const FuzzRealm& Get(bool with_ntlm);
};

// kTarget
//
// The service every client session authenticates to.
inline constexpr char kTarget[] = "HTTP@localhost";

// The client options for `mechanism` (no mutual authentication for NTLM,
// which cannot prove the server).
ClientOptions ClientOptionsFor(Mechanism mechanism, bool ntlm_user = false);

// CheckNoHandlesLeft()
//
// Aborts, naming `harness` and the handles, when native handles other than
// the realm's credentials are still outstanding. Call it after every input,
// once its sessions are ended.
void CheckNoHandlesLeft(const char* harness);

// Check()
//
// Aborts with `what` when `condition` is false: a harness's oracle, which a
// fuzzer reports as a crash.
void Check(bool condition, const char* harness, absl::string_view what);

// Runs a handshake between `client` and `server` (at most 6 rounds); false
// when it fails or does not finish.
bool Handshake(ClientSession& client, ServerSession& server);

}  // namespace fuzz
}  // namespace crossauth

#endif  // CROSSAUTH_FUZZ_FUZZ_SUPPORT_H_
