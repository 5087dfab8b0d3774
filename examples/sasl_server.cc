// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-sasl-server: the server side of SASL GSSAPI (RFC 4752)
// with a security layer, speaking the line protocol of Cyrus SASL's
// sasl-sample-client on standard input and output ("C: <base64>" in,
// "S: <base64>" out). Diagnostics go to standard error.
//
//   crossauth-example-sasl-server --service sample --host localhost
//       [--layers none,integrity,confidentiality] [--max-buffer 65536]
//       [--expect-layer LAYER] [--expect-authzid ID]
//
// It offers GSSAPI, accepts the client's context with the keys of
// SERVICE/HOST from the keytab ($KRB5_KTNAME), offers the allowed layers,
// checks the client's choice and authorization identity, then sends its
// message through the layer and checks the client's answer, as
// sasl-sample-server does. Exit status: 0 success, 1 failure, 2 usage error.

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "crossauth/crossauth.h"
#include "examples/sasl_lines.h"
#include "peer/common.h"

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "sasl-server: FAILED: %s\n", status.ToString().c_str());
  return 1;
}

constexpr char kPrefixIn[] = "C: ";
constexpr char kPrefixOut[] = "S: ";

}  // namespace

int main(int argc, char** argv) {
  example::UseBinaryStdio();
  example::Flags flags;
  if (!flags.Parse(argc, argv,
                   {"--service", "--host", "--layers", "--max-buffer",
                    "--expect-layer", "--expect-authzid"},
                   {}) ||
      !flags.Int("--max-buffer", 65536) ||
      !example::ParseSaslLayers(
          flags.Get("--layers", "none,integrity,confidentiality"))) {
    std::fprintf(stderr,
                 "usage: crossauth-example-sasl-server [--service NAME] "
                 "[--host HOST] [--layers none,integrity,confidentiality] "
                 "[--max-buffer N] [--expect-layer LAYER] "
                 "[--expect-authzid ID]\n");
    return 2;
  }

  crossauth::CredentialOptions credential_options;
  credential_options.usage = crossauth::Usage::kAccept;
  credential_options.principal = absl::StrCat(
      flags.Get("--service", "sample"), "@", flags.Get("--host", "localhost"));
  credential_options.mechanisms = {crossauth::Mechanism::kKerberos};
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(credential_options);
  if (!credential.ok()) return Fail(credential.status());

  crossauth::SaslGssapiOptions options;
  options.layers = *example::ParseSaslLayers(
      flags.Get("--layers", "none,integrity,confidentiality"));
  options.max_buffer = static_cast<uint32_t>(*flags.Int("--max-buffer", 65536));
  absl::StatusOr<crossauth::SaslGssapiServer> server =
      crossauth::SaslGssapiServer::Start(*credential, options);
  if (!server.ok()) return Fail(server.status());

  const std::vector<uint8_t> mechanism_list = {'G', 'S', 'S', 'A', 'P', 'I'};
  if (absl::Status sent =
          example::WriteSaslLine(stdout, kPrefixOut, mechanism_list);
      !sent.ok()) {
    return Fail(sent);
  }
  // The client names the mechanism, then (after a NUL) its initial response.
  absl::StatusOr<std::vector<uint8_t>> response =
      example::ReadSaslLine(stdin, kPrefixIn);
  if (!response.ok()) return Fail(response.status());
  std::vector<uint8_t> token;
  auto nul = std::find(response->begin(), response->end(), '\0');
  if (std::string(response->begin(), nul) != "GSSAPI") {
    return Fail(absl::InvalidArgumentError(
        absl::StrCat("the client chose another mechanism: ",
                     absl::CHexEscape(std::string(response->begin(), nul)))));
  }
  if (nul == response->end()) {
    // No initial response: ask for it with an empty challenge.
    if (absl::Status sent = example::WriteSaslLine(stdout, kPrefixOut, {});
        !sent.ok()) {
      return Fail(sent);
    }
    response = example::ReadSaslLine(stdin, kPrefixIn);
    if (!response.ok()) return Fail(response.status());
    token = *std::move(response);
  } else {
    token.assign(nul + 1, response->end());
  }
  for (int round = 0; round < 10; ++round) {
    absl::StatusOr<std::vector<uint8_t>> challenge = server->Step(token);
    if (!challenge.ok()) return Fail(challenge.status());
    if (server->complete()) break;  // nothing more to send
    if (absl::Status sent =
            example::WriteSaslLine(stdout, kPrefixOut, *challenge);
        !sent.ok()) {
      return Fail(sent);
    }
    response = example::ReadSaslLine(stdin, kPrefixIn);
    if (!response.ok()) return Fail(response.status());
    token = *std::move(response);
  }
  if (!server->complete()) {
    return Fail(absl::DeadlineExceededError("no result in 10 rounds"));
  }
  absl::StatusOr<crossauth::SaslSecurityLayer> layer =
      std::move(*server).Finish();
  if (!layer.ok()) return Fail(layer.status());
  absl::StatusOr<crossauth::SessionInfo> info = layer->Info();
  if (!info.ok()) return Fail(info.status());
  const std::string layer_name(crossauth::SaslLayerName(layer->layer()));
  std::fprintf(stderr,
               "sasl-server: authenticated %s acting as \"%s\"; I am %s; "
               "layer %s, client max buffer %u\n",
               example::NameOrUnreported(info->peer_principal).c_str(),
               layer->authzid().c_str(),
               example::NameOrUnreported(info->local_principal).c_str(),
               layer_name.c_str(), layer->peer_max_buffer());
  if (flags.Has("--expect-layer") &&
      flags.Get("--expect-layer") != layer_name) {
    return Fail(absl::FailedPreconditionError(
        absl::StrCat("expected the ", flags.Get("--expect-layer"),
                     " layer, negotiated ", layer_name)));
  }
  if (flags.Has("--expect-authzid") &&
      flags.Get("--expect-authzid") != layer->authzid()) {
    return Fail(absl::FailedPreconditionError(
        absl::StrCat("expected the authzid \"", flags.Get("--expect-authzid"),
                     "\", got \"", layer->authzid(), "\"")));
  }

  const std::vector<uint8_t> greeting(
      example::kServerMessage,
      example::kServerMessage + sizeof(example::kServerMessage));
  absl::StatusOr<std::vector<uint8_t>> encoded = layer->Encode(greeting);
  if (!encoded.ok()) return Fail(encoded.status());
  if (absl::Status sent = example::WriteSaslLine(stdout, kPrefixOut, *encoded);
      !sent.ok()) {
    return Fail(sent);
  }
  absl::StatusOr<std::vector<uint8_t>> incoming =
      example::ReadSaslLine(stdin, kPrefixIn);
  if (!incoming.ok()) return Fail(incoming.status());
  absl::StatusOr<std::vector<uint8_t>> message = layer->Decode(*incoming);
  if (!message.ok()) return Fail(message.status());
  const std::vector<uint8_t> expected(
      example::kClientMessage,
      example::kClientMessage + sizeof(example::kClientMessage));
  if (*message != expected || layer->buffered() != 0) {
    return Fail(absl::DataLossError(
        absl::StrCat("unexpected client message: ",
                     absl::CHexEscape(crossauth::AsString(*message)))));
  }
  absl::Status ended = layer->End();
  std::fprintf(
      stderr, "sasl-server: client says \"%s\" (%s layer); End() -> %s\n",
      example::kClientMessage, layer_name.c_str(), ended.ToString().c_str());
  return ended.ok() ? 0 : 1;
}
