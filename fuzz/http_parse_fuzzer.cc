// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// http_parse: the HTTP Negotiate header grammar, both sides
// (include/crossauth/http_negotiate.h), with no session behind it.
//
// Input: the WWW-Authenticate values of one response, one per line ('\n');
// the whole input is also parsed as one Authorization value. Checks: a parsed
// token survives FormatNegotiateHeader() and parses back the same.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "crossauth/http_negotiate.h"
#include "fuzz/fuzz_support.h"

namespace {

constexpr char kHarness[] = "http_parse";

void CheckRoundTrip(const std::vector<uint8_t>& token) {
  using crossauth::fuzz::Check;
  std::string header = crossauth::FormatNegotiateHeader(token);
  absl::StatusOr<crossauth::NegotiateChallenge> challenge =
      crossauth::ParseNegotiateChallenge({header});
  Check(challenge.ok() && challenge->offered && challenge->token == token,
        kHarness, "a formatted challenge does not parse back");
  if (!token.empty()) {
    absl::StatusOr<std::vector<uint8_t>> again =
        crossauth::ParseNegotiateAuthorization(header);
    Check(again.ok() && *again == token, kHarness,
          "a formatted Authorization does not parse back");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<std::vector<uint8_t>> token =
      crossauth::ParseNegotiateAuthorization(text);
  if (token.ok()) {
    crossauth::fuzz::Check(!token->empty(), kHarness,
                           "an Authorization parsed to an empty token");
    CheckRoundTrip(*token);
  }

  std::vector<absl::string_view> values = absl::StrSplit(text, '\n');
  if (text.empty()) values.clear();
  absl::StatusOr<crossauth::NegotiateChallenge> challenge =
      crossauth::ParseNegotiateChallenge(values);
  if (challenge.ok()) {
    crossauth::fuzz::Check(challenge->offered || challenge->token.empty(),
                           kHarness, "a token without a Negotiate challenge");
    for (const std::string& scheme : challenge->schemes) {
      // 32 characters of the scheme, then "..." when it was longer
      // (http_negotiate.h says "at most 32"; see fuzz/README.md, "Found").
      crossauth::fuzz::Check(scheme.size() <= 32 + 3, kHarness,
                             "a scheme longer than 32 characters and \"...\"");
    }
    if (challenge->offered) CheckRoundTrip(challenge->token);
  }
  return 0;
}
