// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-example-sasl-client: the client side of SASL GSSAPI (RFC 4752)
// with a security layer, speaking the line protocol of Cyrus SASL's
// sasl-sample-server on standard input and output ("S: <base64>" in,
// "C: <base64>" out). Diagnostics go to standard error.
//
//   crossauth-example-sasl-client --service sample --host localhost
//       [--layers none,integrity,confidentiality] [--max-buffer 65536]
//       [--authzid ID] [--expect-layer LAYER]
//
// It reads the server's mechanism list, sends "GSSAPI" with the initial
// token, negotiates the strongest allowed layer, then receives the server's
// message through the layer and answers with its own, as
// sasl-sample-client does. It uses the default credential (after kinit).
// Exit status: 0 success, 1 failure, 2 usage error.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "crossauth/crossauth.h"
#include "examples/sasl_lines.h"
#include "peer/common.h"

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "sasl-client: FAILED: %s\n", status.ToString().c_str());
  return 1;
}

constexpr char kPrefixIn[] = "S: ";
constexpr char kPrefixOut[] = "C: ";

}  // namespace

int main(int argc, char** argv) {
  example::UseBinaryStdio();
  example::Flags flags;
  if (!flags.Parse(argc, argv,
                   {"--service", "--host", "--layers", "--max-buffer",
                    "--authzid", "--expect-layer"},
                   {}) ||
      !flags.Int("--max-buffer", 65536) ||
      !example::ParseSaslLayers(
          flags.Get("--layers", "none,integrity,confidentiality"))) {
    std::fprintf(stderr,
                 "usage: crossauth-example-sasl-client [--service NAME] "
                 "[--host HOST] [--layers none,integrity,confidentiality] "
                 "[--max-buffer N] [--authzid ID] [--expect-layer LAYER]\n");
    return 2;
  }
  const std::string target = absl::StrCat(flags.Get("--service", "sample"), "@",
                                          flags.Get("--host", "localhost"));

  crossauth::CredentialOptions credential_options;
  credential_options.mechanisms = {crossauth::Mechanism::kKerberos};
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(credential_options);
  if (!credential.ok()) return Fail(credential.status());

  crossauth::SaslGssapiOptions options;
  options.layers = *example::ParseSaslLayers(
      flags.Get("--layers", "none,integrity,confidentiality"));
  options.max_buffer = static_cast<uint32_t>(*flags.Int("--max-buffer", 65536));
  options.authzid = flags.Get("--authzid");
  absl::StatusOr<crossauth::SaslGssapiClient> client =
      crossauth::SaslGssapiClient::Start(*credential, target, options);
  if (!client.ok()) return Fail(client.status());

  // The server lists its mechanisms; we need GSSAPI among them.
  absl::StatusOr<std::vector<uint8_t>> list =
      example::ReadSaslLine(stdin, kPrefixIn);
  if (!list.ok()) return Fail(list.status());
  std::vector<std::string> mechanisms =
      absl::StrSplit(crossauth::AsString(*list), ' ');
  bool offered = false;
  for (const std::string& mechanism : mechanisms)
    offered |= mechanism == "GSSAPI";
  if (!offered) {
    return Fail(absl::NotFoundError(absl::StrCat(
        "the server does not offer GSSAPI: ", crossauth::AsString(*list))));
  }

  // The initial response: the mechanism name, a NUL, the first token.
  absl::StatusOr<std::vector<uint8_t>> response = client->Step({});
  if (!response.ok()) return Fail(response.status());
  std::vector<uint8_t> initial = {'G', 'S', 'S', 'A', 'P', 'I', '\0'};
  initial.insert(initial.end(), response->begin(), response->end());
  if (absl::Status sent = example::WriteSaslLine(stdout, kPrefixOut, initial);
      !sent.ok()) {
    return Fail(sent);
  }
  for (int round = 0; round < 10 && !client->complete(); ++round) {
    absl::StatusOr<std::vector<uint8_t>> challenge =
        example::ReadSaslLine(stdin, kPrefixIn);
    if (!challenge.ok()) return Fail(challenge.status());
    response = client->Step(*challenge);
    if (!response.ok()) return Fail(response.status());
    if (absl::Status sent =
            example::WriteSaslLine(stdout, kPrefixOut, *response);
        !sent.ok()) {
      return Fail(sent);
    }
  }
  if (!client->complete()) {
    return Fail(absl::DeadlineExceededError("no result in 10 rounds"));
  }
  absl::StatusOr<crossauth::SaslSecurityLayer> layer =
      std::move(*client).Finish();
  if (!layer.ok()) return Fail(layer.status());
  absl::StatusOr<crossauth::SessionInfo> info = layer->Info();
  if (!info.ok()) return Fail(info.status());
  const std::string layer_name(crossauth::SaslLayerName(layer->layer()));
  std::fprintf(stderr,
               "sasl-client: authenticated as %s to %s; layer %s, server max "
               "buffer %u, authzid \"%s\"\n",
               example::NameOrUnreported(info->local_principal).c_str(),
               example::NameOrUnreported(info->peer_principal).c_str(),
               layer_name.c_str(), layer->peer_max_buffer(),
               layer->authzid().c_str());
  if (flags.Has("--expect-layer") &&
      flags.Get("--expect-layer") != layer_name) {
    return Fail(absl::FailedPreconditionError(
        absl::StrCat("expected the ", flags.Get("--expect-layer"),
                     " layer, negotiated ", layer_name)));
  }

  // Through the layer: the server speaks first, as with the Cyrus samples.
  absl::StatusOr<std::vector<uint8_t>> incoming =
      example::ReadSaslLine(stdin, kPrefixIn);
  if (!incoming.ok()) return Fail(incoming.status());
  absl::StatusOr<std::vector<uint8_t>> message = layer->Decode(*incoming);
  if (!message.ok()) return Fail(message.status());
  const std::vector<uint8_t> expected(
      example::kServerMessage,
      example::kServerMessage + sizeof(example::kServerMessage));
  if (*message != expected || layer->buffered() != 0) {
    return Fail(absl::DataLossError(
        absl::StrCat("unexpected server message: ",
                     absl::CHexEscape(crossauth::AsString(*message)))));
  }
  std::fprintf(stderr, "sasl-client: server says \"%s\" (%s layer)\n",
               example::kServerMessage, layer_name.c_str());
  const std::vector<uint8_t> reply(
      example::kClientMessage,
      example::kClientMessage + sizeof(example::kClientMessage));
  absl::StatusOr<std::vector<uint8_t>> encoded = layer->Encode(reply);
  if (!encoded.ok()) return Fail(encoded.status());
  if (absl::Status sent = example::WriteSaslLine(stdout, kPrefixOut, *encoded);
      !sent.ok()) {
    return Fail(sent);
  }
  absl::Status ended = layer->End();
  std::fprintf(stderr, "sasl-client: sent \"%s\"; End() -> %s\n",
               example::kClientMessage, ended.ToString().c_str());
  return ended.ok() ? 0 : 1;
}
