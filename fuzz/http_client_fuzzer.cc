// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// http_client: HttpNegotiateClient with a server's WWW-Authenticate values,
// after a real first Authorization.
//
// Input: a selector byte, then
//   raw mode (bit 2 clear): up to 3 responses separated by "|NEXT|", each
//     its WWW-Authenticate values, one per line; each goes to
//     NextAuthorization() (a 401) or, with selector bit 4, the last one to
//     VerifyFinal() (a 200);
//   edit mode (bit 2 set): an edit script (fuzz_support.h ApplyEdits())
//     applied to the text of a real HttpNegotiateServer's answer, which goes
//     to VerifyFinal().
// Selector bit 0: Kerberos instead of Negotiate; bit 1: the first
// NextAuthorization() gets a bare "Negotiate" challenge (else none, as a
// preemptive client).
// Checks: every session ends and every native handle is released; in edit
// mode with an empty script the real exchange completes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "crossauth/credential.h"
#include "crossauth/http_negotiate.h"
#include "crossauth/session.h"
#include "fuzz/fuzz_support.h"

namespace {

using crossauth::HttpNegotiateClient;
using crossauth::HttpNegotiateResponse;
using crossauth::HttpNegotiateServer;
using crossauth::Mechanism;
using crossauth::fuzz::Check;
using crossauth::fuzz::FuzzInput;
using crossauth::fuzz::FuzzRealm;

constexpr char kHarness[] = "http_client";

std::vector<absl::string_view> Lines(const std::vector<uint8_t>& bytes) {
  absl::string_view text(reinterpret_cast<const char*>(bytes.data()),
                         bytes.size());
  if (text.empty()) return {};
  return absl::StrSplit(text, absl::MaxSplits('\n', 7));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  FuzzRealm::Get(/*with_ntlm=*/false);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const FuzzRealm& realm = FuzzRealm::Get(/*with_ntlm=*/false);
  FuzzInput input(data, size);
  const uint8_t selector = input.TakeByte();
  const bool kerberos = (selector & 1) != 0;
  const Mechanism mechanism =
      kerberos ? Mechanism::kKerberos : Mechanism::kNegotiate;
  {
    absl::StatusOr<HttpNegotiateClient> client = HttpNegotiateClient::Start(
        kerberos ? realm.kerberos_client : realm.negotiate_client,
        crossauth::fuzz::ClientOptionsFor(mechanism));
    Check(client.ok(), kHarness, "the client did not start");
    std::vector<absl::string_view> bare = {"Negotiate"};
    absl::StatusOr<std::string> authorization =
        (selector & 2) ? client->NextAuthorization(bare)
                       : client->NextAuthorization();
    Check(authorization.ok(), kHarness, "the real first step failed");
    if (selector & 4) {
      absl::StatusOr<HttpNegotiateServer> server = HttpNegotiateServer::Start(
          kerberos ? realm.kerberos_server : realm.negotiate_server);
      Check(server.ok(), kHarness, "the server did not start");
      HttpNegotiateResponse response = server->Respond(*authorization);
      Check(response.status_code == 200, kHarness,
            "the server refused the real Authorization");
      std::vector<uint8_t> script = input.TakeRest();
      std::vector<uint8_t> edited = crossauth::fuzz::ApplyEdits(
          std::vector<uint8_t>(response.www_authenticate.begin(),
                               response.www_authenticate.end()),
          script);
      absl::Status verified = client->VerifyFinal(Lines(edited));
      if (script.empty()) {
        Check(verified.ok() && client->complete(), kHarness,
              "the real final token was refused");
      }
      (void)server->session().End();
    } else {
      for (int round = 0; round < 3 && !input.empty(); ++round) {
        std::vector<uint8_t> values = input.TakeToken();
        if ((selector & 0x10) && input.empty()) {
          (void)client->VerifyFinal(Lines(values));
        } else {
          (void)client->NextAuthorization(Lines(values));
        }
      }
    }
    (void)client->session().End();
  }
  crossauth::fuzz::CheckNoHandlesLeft(kHarness);
  return 0;
}
