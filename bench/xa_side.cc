// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "bench/xa_side.h"

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossauth/credential.h"
#include "crossauth/mechanism.h"
#include "crossauth/session.h"

namespace bench {
namespace {

constexpr int kMaxSteps = 10;

struct Sessions {
  std::optional<crossauth::ClientSession> client;
  std::optional<crossauth::ServerSession> server;
};

absl::Status Run(const crossauth::Credential& client_cred,
                 const crossauth::Credential& server_cred,
                 const crossauth::ClientOptions& options, Sessions& out) {
  absl::StatusOr<crossauth::ClientSession> client =
      crossauth::ClientSession::Start(client_cred, options);
  if (!client.ok()) return client.status();
  absl::StatusOr<crossauth::ServerSession> server =
      crossauth::ServerSession::Start(server_cred);
  if (!server.ok()) return server.status();
  std::vector<uint8_t> to_client;
  for (int step = 0; step < kMaxSteps; ++step) {
    absl::StatusOr<crossauth::StepResult> c = client->Step(to_client);
    if (!c.ok()) return c.status();
    if (c->token.empty()) break;
    absl::StatusOr<crossauth::StepResult> s = server->Step(c->token);
    if (!s.ok()) return s.status();
    to_client = std::move(s->token);
    if (to_client.empty()) break;
  }
  if (!client->complete() || !server->complete()) {
    return absl::InternalError("crossauth handshake did not complete");
  }
  out.client.emplace(*std::move(client));
  out.server.emplace(*std::move(server));
  return absl::OkStatus();
}

}  // namespace

XaPair::XaPair(crossauth::ClientSession client, crossauth::ServerSession server)
    : client_(std::move(client)), server_(std::move(server)) {}

absl::Status XaPair::WrapUnwrap(absl::Span<const uint8_t> message,
                                crossauth::Protection protection) {
  absl::StatusOr<std::vector<uint8_t>> token =
      client_.Wrap(message, protection);
  if (!token.ok()) return token.status();
  absl::StatusOr<crossauth::UnwrappedMessage> opened =
      server_.Unwrap(*token, protection);
  if (!opened.ok()) return opened.status();
  if (opened->message.size() != message.size()) {
    return absl::InternalError("Unwrap returned another message");
  }
  return absl::OkStatus();
}

absl::Status XaPair::Mic(absl::Span<const uint8_t> message) {
  absl::StatusOr<std::vector<uint8_t>> mic = client_.GetMic(message);
  if (!mic.ok()) return mic.status();
  return server_.VerifyMic(message, *mic);
}

absl::Status XaPair::AppendInPlace(absl::Span<const uint8_t> message) {
  // One buffer reused for every message, as a connection would.
  wire_.clear();
  absl::Status wrapped =
      client_.Wrap(message, wire_, crossauth::Protection::kConfidentiality);
  if (!wrapped.ok()) return wrapped;
  absl::StatusOr<crossauth::UnwrappedSpan> opened =
      server_.UnwrapInPlace(absl::MakeSpan(wire_));
  if (!opened.ok()) return opened.status();
  if (opened->message.size() != message.size()) {
    return absl::InternalError("UnwrapInPlace returned another message");
  }
  return absl::OkStatus();
}

absl::Status XaPair::Iov(absl::Span<const uint8_t> message) {
  using crossauth::IovBuffer;
  using crossauth::IovType;
  IovBuffer buffers[4] = {{IovType::kHeader, {}},
                          {IovType::kData, {}},
                          {IovType::kPadding, {}},
                          {IovType::kTrailer, {}}};
  // WrapIovSizes reads the data buffer's size only.
  buffers[1].data = absl::Span<uint8_t>(nullptr, message.size());
  absl::StatusOr<crossauth::IovSizes> sizes = client_.WrapIovSizes(buffers);
  if (!sizes.ok()) return sizes.status();
  wire_.resize(sizes->header + message.size() + sizes->padding +
               sizes->trailer);
  uint8_t* base = wire_.data();
  std::memcpy(base + sizes->header, message.data(), message.size());
  buffers[0].data = absl::MakeSpan(base, sizes->header);
  buffers[1].data = absl::MakeSpan(base + sizes->header, message.size());
  buffers[2].data =
      absl::MakeSpan(base + sizes->header + message.size(), sizes->padding);
  buffers[3].data = absl::MakeSpan(
      base + sizes->header + message.size() + sizes->padding, sizes->trailer);
  absl::StatusOr<crossauth::IovSizes> used = client_.WrapIov(buffers);
  if (!used.ok()) return used.status();
  // The receiver gets the parts with the sizes that were used.
  buffers[0].data = buffers[0].data.subspan(0, used->header);
  buffers[2].data = buffers[2].data.subspan(0, used->padding);
  buffers[3].data = buffers[3].data.subspan(0, used->trailer);
  absl::StatusOr<crossauth::Protection> opened = server_.UnwrapIov(buffers);
  if (!opened.ok()) return opened.status();
  if (*opened != crossauth::Protection::kConfidentiality) {
    return absl::InternalError("UnwrapIov: not confidential");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<XaSide>> XaSide::Create(bool spnego,
                                                       const Names& names) {
  std::unique_ptr<XaSide> side(new XaSide());
  const crossauth::Mechanism mechanism = spnego
                                             ? crossauth::Mechanism::kNegotiate
                                             : crossauth::Mechanism::kKerberos;
  crossauth::CredentialOptions client;
  client.principal = names.user;
  client.password = crossauth::Secret(names.password);
  client.mechanisms = {mechanism};
  absl::StatusOr<crossauth::Credential> client_cred =
      crossauth::Credential::Acquire(std::move(client));
  if (!client_cred.ok()) return client_cred.status();
  side->client_ = *std::move(client_cred);

  crossauth::CredentialOptions server;
  server.usage = crossauth::Usage::kAccept;
  server.principal = names.acceptor;
  server.keytab = names.keytab;
  server.mechanisms = {mechanism};
  absl::StatusOr<crossauth::Credential> server_cred =
      crossauth::Credential::Acquire(std::move(server));
  if (!server_cred.ok()) return server_cred.status();
  side->server_ = *std::move(server_cred);

  side->principal_options_.target = names.target_principal;
  side->principal_options_.mechanism = mechanism;
  side->host_based_options_.target = names.target_host_based;
  side->host_based_options_.mechanism = mechanism;
  return side;
}

absl::Status XaSide::Handshake(bool host_based) const {
  Sessions sessions;
  return Run(client_, server_,
             host_based ? host_based_options_ : principal_options_, sessions);
}

absl::StatusOr<std::unique_ptr<XaPair>> XaSide::Establish(
    bool host_based) const {
  Sessions sessions;
  absl::Status done =
      Run(client_, server_,
          host_based ? host_based_options_ : principal_options_, sessions);
  if (!done.ok()) return done;
  return std::make_unique<XaPair>(*std::move(sessions.client),
                                  *std::move(sessions.server));
}

}  // namespace bench
