// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// http_server: HttpNegotiateServer::Respond() with a client's Authorization
// values, on a real acceptor.
//
// Input: a selector byte, then
//   raw mode (bit 2 clear): up to 4 Authorization values, one per line; a
//     line "-" stands for a request without one;
//   edit mode (bit 2 set): an edit script (fuzz_support.h ApplyEdits())
//     applied to the text of a real HttpNegotiateClient's first
//     Authorization value.
// Selector bits 0-1 choose the acceptor: 0 and 2 Negotiate, 1 Kerberos, 3
// Negotiate with a session of its own (no restarts).
// Checks: the status is 200, 401 or 500, 200 only with a principal, and a
// failure never carries an OK error; every session ends and every native
// handle is released.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "crossauth/credential.h"
#include "crossauth/http_negotiate.h"
#include "crossauth/session.h"
#include "fuzz/fuzz_support.h"

namespace {

using crossauth::Credential;
using crossauth::HttpNegotiateClient;
using crossauth::HttpNegotiateResponse;
using crossauth::HttpNegotiateServer;
using crossauth::fuzz::Check;
using crossauth::fuzz::FuzzInput;
using crossauth::fuzz::FuzzRealm;

constexpr char kHarness[] = "http_server";

void CheckResponse(const HttpNegotiateResponse& response,
                   bool had_authorization) {
  Check(response.status_code == 200 || response.status_code == 401 ||
            response.status_code == 500,
        kHarness, "a status other than 200, 401 or 500");
  if (response.status_code == 200) {
    Check(!response.principal.empty() && response.error.ok(), kHarness,
          "a 200 without a principal, or with an error");
  } else if (had_authorization && response.www_authenticate == "Negotiate") {
    // A bare challenge after credentials says they were refused: why?
    Check(!response.error.ok(), kHarness, "a refusal without a reason");
  }
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
  const Credential* acceptor = &realm.negotiate_server;
  if ((selector & 3) == 1) acceptor = &realm.kerberos_server;
  {
    std::optional<HttpNegotiateServer> server;
    if ((selector & 3) == 3) {
      absl::StatusOr<crossauth::ServerSession> session =
          crossauth::ServerSession::Start(*acceptor);
      Check(session.ok(), kHarness, "the session did not start");
      server.emplace(*std::move(session));
    } else {
      absl::StatusOr<HttpNegotiateServer> started =
          HttpNegotiateServer::Start(*acceptor);
      Check(started.ok(), kHarness, "the server did not start");
      server.emplace(*std::move(started));
    }
    if (selector & 4) {
      absl::StatusOr<HttpNegotiateClient> client = HttpNegotiateClient::Start(
          realm.negotiate_client,
          crossauth::fuzz::ClientOptionsFor(crossauth::Mechanism::kNegotiate));
      Check(client.ok(), kHarness, "the client did not start");
      absl::StatusOr<std::string> authorization = client->NextAuthorization();
      Check(authorization.ok(), kHarness, "the real client failed");
      std::vector<uint8_t> script = input.TakeRest();
      std::vector<uint8_t> edited = crossauth::fuzz::ApplyEdits(
          std::vector<uint8_t>(authorization->begin(), authorization->end()),
          script);
      HttpNegotiateResponse response = server->Respond(absl::string_view(
          reinterpret_cast<const char*>(edited.data()), edited.size()));
      CheckResponse(response, true);
      if (script.empty() && (selector & 3) != 1) {
        Check(response.status_code == 200, kHarness,
              "the real Authorization was refused");
      }
      (void)client->session().End();
    } else {
      std::vector<uint8_t> rest = input.TakeRest();
      absl::string_view text(reinterpret_cast<const char*>(rest.data()),
                             rest.size());
      std::vector<absl::string_view> lines =
          absl::StrSplit(text, absl::MaxSplits('\n', 3));
      for (absl::string_view line : lines) {
        std::optional<absl::string_view> authorization;
        if (line != "-") authorization = line;
        HttpNegotiateResponse response = server->Respond(authorization);
        CheckResponse(response, authorization.has_value());
      }
    }
    (void)server->session().End();
  }
  crossauth::fuzz::CheckNoHandlesLeft(kHarness);
  return 0;
}
