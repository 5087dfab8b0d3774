// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The example server: RunServer() and its flags (see peer.h).

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "crossauth/crossauth.h"
#include "peer/common.h"
#include "peer/peer.h"
#include "peer/wire.h"

namespace example {
namespace {

std::vector<uint8_t> Bytes(const std::string& text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

absl::Status Refuse(Connection& connection, const absl::Status& why,
                    bool gss_sample) {
  std::printf("server: refused: %s\n", std::string(why.message()).c_str());
  // A KRB-ERROR lets the client see the real cause; otherwise a plain no
  // (gss-sample has none: gss-server just closes the connection).
  if (std::optional<std::vector<uint8_t>> token =
          crossauth::GetErrorToken(why)) {
    (void)connection.Send(kContext, *token);
  } else if (!gss_sample) {
    (void)connection.Send(kNoop, Bytes("authentication failed"));
  }
  return why;
}

// Runs the handshake from the client's first token on. In the examples'
// protocol every client token gets a reply; in gss-sample's only non-empty
// ones are sent.
absl::Status Handshake(Connection& connection,
                       crossauth::ServerSession& session, Frame frame,
                       bool gss_sample) {
  for (int step = 1;; ++step) {
    if (frame.flags != kContext) {
      return absl::InvalidArgumentError("expected a handshake token");
    }
    std::printf("server: step %d: received a %zu-byte token\n", step,
                frame.payload.size());
    absl::StatusOr<crossauth::StepResult> result = session.Step(frame.payload);
    if (!result.ok()) return Refuse(connection, result.status(), gss_sample);
    std::printf("server: step %d: replying with a %zu-byte token%s\n", step,
                result->token.size(),
                result->complete ? " (session complete)" : "");
    if (!gss_sample || !result->token.empty()) {
      absl::Status sent = connection.Send(kContext, result->token);
      if (!sent.ok()) return sent;
    }
    if (result->complete) return absl::OkStatus();
    if (step >= 10) return absl::DeadlineExceededError("too many steps");
    absl::StatusOr<Frame> next = connection.Receive();
    if (!next.ok()) return next.status();
    frame = *std::move(next);
  }
}

// The examples' messages: echo wrapped ones, verify a MIC over the last
// clear one, until a NOOP.
absl::Status CrossauthMessages(Connection& connection,
                               crossauth::ServerSession& session, bool in_place,
                               bool iov) {
  std::vector<uint8_t> last_clear;
  std::vector<uint8_t> out;  // in place: every echo's token
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<Frame> frame = connection.Receive();
    if (!frame.ok()) return frame.status();
    if (frame->flags == kNoop) return absl::OkStatus();
    if ((frame->flags & kWrapped) && iov) {
      // A scatter/gather pair: this header, then the data.
      absl::StatusOr<Frame> data = connection.Receive();
      if (!data.ok()) return data.status();
      if (absl::Status s =
              UnwrapIovMessage(session, frame->payload, data->payload);
          !s.ok()) {
        return s;
      }
      const std::string text = Text(data->payload);
      std::printf(
          "server: received \"%s\" with UnwrapIov (a %zu-byte header)\n",
          text.c_str(), frame->payload.size());
      std::vector<uint8_t> echo = Bytes("echo: " + text);
      absl::StatusOr<std::vector<uint8_t>> header =
          WrapIovMessage(session, echo);
      if (!header.ok()) return header.status();
      absl::Status sent =
          connection.Send(kData | kWrapped | kEncrypted, *header);
      if (sent.ok())
        sent = connection.Send(kData | kWrapped | kEncrypted, echo);
      if (!sent.ok()) return sent;
    } else if (frame->flags & kWrapped) {
      std::string text;
      if (in_place) {
        absl::StatusOr<crossauth::UnwrappedSpan> opened =
            session.UnwrapInPlace(absl::MakeSpan(frame->payload));
        if (!opened.ok()) return opened.status();
        text.assign(opened->message.begin(), opened->message.end());
      } else {
        absl::StatusOr<crossauth::UnwrappedMessage> opened =
            session.Unwrap(frame->payload);
        if (!opened.ok()) return opened.status();
        text = Text(opened->message);
      }
      if (text.size() > 64) {
        std::printf("server: received a %zu-byte message%s\n", text.size(),
                    in_place ? " in place" : "");
      } else {
        std::printf("server: received \"%s\"%s\n", text.c_str(),
                    in_place ? " in place" : "");
      }
      const std::string echo = "echo: " + text;
      absl::StatusOr<std::vector<uint8_t>> wrapped;
      absl::Span<const uint8_t> sealed;
      if (in_place) {
        out.clear();
        if (absl::Status s = session.Wrap(Bytes(echo), out); !s.ok()) return s;
        sealed = out;
      } else {
        wrapped = session.Wrap(Bytes(echo));
        if (!wrapped.ok()) return wrapped.status();
        sealed = *wrapped;
      }
      absl::Status sent =
          connection.Send(kData | kWrapped | kEncrypted, sealed);
      if (!sent.ok()) return sent;
    } else if (frame->flags == kData) {
      last_clear = std::move(frame->payload);
    } else if (frame->flags == kMic) {
      absl::Status verified = session.VerifyMic(last_clear, frame->payload);
      std::string verdict =
          verified.ok() ? "MIC verified"
                        : "MIC refused: " + std::string(verified.message());
      std::printf("server: \"%s\": %s\n", Text(last_clear).c_str(),
                  verdict.c_str());
      absl::Status sent = connection.Send(kData, Bytes(verdict));
      if (!verified.ok()) return verified;
      if (!sent.ok()) return sent;
    } else {
      return absl::InvalidArgumentError("unexpected frame");
    }
  }
  return absl::ResourceExhaustedError("more than 1000 frames");
}

// gss-sample's messages: each DATA frame, wrapped (encrypted or not) or
// clear, is answered with our MIC over its plaintext when the client sets
// SEND_MIC, and with an empty NOOP otherwise, until a NOOP.
absl::Status GssSampleMessages(Connection& connection,
                               crossauth::ServerSession& session) {
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<Frame> frame = connection.Receive();
    if (!frame.ok()) return frame.status();
    if (frame->flags & kNoop) return absl::OkStatus();
    if (!(frame->flags & kData)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected frame of flags ", frame->flags));
    }
    std::vector<uint8_t> message;
    const char* how = "in the clear";
    if (frame->flags & kWrapped) {
      // The client's ENCRYPTED flag says what it asked for; hold it to that.
      const bool encrypted = frame->flags & kEncrypted;
      absl::StatusOr<crossauth::UnwrappedMessage> opened = session.Unwrap(
          frame->payload, encrypted ? crossauth::Protection::kConfidentiality
                                    : crossauth::Protection::kIntegrity);
      if (!opened.ok()) return opened.status();
      message = std::move(opened->message);
      how = encrypted ? "wrapped, encrypted" : "wrapped, integrity only";
    } else {
      message = std::move(frame->payload);
    }
    std::vector<uint8_t> reply;
    uint8_t reply_flags = kNoop;
    if (frame->flags & kSendMic) {
      absl::StatusOr<std::vector<uint8_t>> mic = session.GetMic(message);
      if (!mic.ok()) return mic.status();
      reply = *std::move(mic);
      reply_flags = kMic;
    }
    std::printf("server: received \"%s\" (%s); replying with %s\n",
                Text(message).c_str(), how,
                reply_flags == kMic ? "a MIC over it" : "an empty NOOP");
    if (absl::Status s = connection.Send(reply_flags, reply); !s.ok()) {
      return s;
    }
  }
  return absl::ResourceExhaustedError("more than 1000 frames");
}

absl::Status Serve(Connection& connection,
                   const crossauth::Credential& credential,
                   const ServerConfig& config) {
  const std::string& expect_peer = config.expect_peer;
  crossauth::ServerOptions options;
  if (!config.channel_bindings.empty()) {
    options.channel_bindings = crossauth::ChannelBindings::FromApplicationData(
        Bytes(config.channel_bindings));
  }
  options.channel_binding_policy = config.channel_binding_policy;
  absl::StatusOr<crossauth::ServerSession> session =
      crossauth::ServerSession::Start(credential, options);
  if (!session.ok()) return session.status();

  // The first frame tells the protocol: gss-client opens with a NOOP.
  absl::StatusOr<Frame> first = connection.Receive();
  if (!first.ok()) return first.status();
  const bool gss_sample = first->flags & kNoop;
  if (gss_sample) {
    if (!(first->flags & kContextNext)) {
      return absl::PermissionDeniedError(
          "the gss-sample client does not authenticate (gss-client -na); "
          "refused");
    }
    std::printf("server: the client speaks gss-sample (MIT gss-client)\n");
    first = connection.Receive();
    if (!first.ok()) return first.status();
  }
  absl::Status handshake =
      Handshake(connection, *session, *std::move(first), gss_sample);
  if (!handshake.ok()) return handshake;

  absl::StatusOr<crossauth::SessionInfo> info = session->Info();
  if (!info.ok()) return info.status();
  std::printf("server: authenticated %s; I am %s\n",
              NameOrUnreported(info->peer_principal).c_str(),
              NameOrUnreported(info->local_principal).c_str());
  std::printf("server: %s\n", Describe(*info).c_str());
  if (!expect_peer.empty() && info->peer_principal != expect_peer) {
    return absl::PermissionDeniedError(
        absl::StrCat("expected the client to be ", expect_peer, ", not ",
                     NameOrUnreported(info->peer_principal)));
  }

  absl::Status exchanged = gss_sample
                               ? GssSampleMessages(connection, *session)
                               : CrossauthMessages(connection, *session,
                                                   config.in_place, config.iov);
  if (!exchanged.ok()) return exchanged;
  absl::Status ended = session->End();
  std::printf("server: End() -> %s: %s\n", EndCall(),
              ended.ok() ? "OK" : std::string(ended.message()).c_str());
  return ended;
}

}  // namespace

absl::string_view ServerFlagsHelp() {
  return "  --host IP               the IPv4 address to listen on (default "
         "127.0.0.1)\n"
         "  --port PORT             the port (default 0: any free port)\n"
         "  --port-file FILE        write the port to FILE once listening\n"
         "  --once                  serve one client, then exit\n"
         "  --keytab KEYTAB         the acceptor's keytab (default: "
         "KRB5_KTNAME)\n"
         "  --principal SERVICE@HOST\n"
         "                          accept as this service only (default: "
         "any in\n"
         "                          the keytab)\n"
         "  --mech negotiate|kerberos|ntlm\n"
         "                          SPNEGO, raw Kerberos or raw NTLM (default "
         "negotiate)\n"
         "  --allow-ntlm            add NTLM to the allow-list (off by "
         "default)\n"
         "  --in-place              open and echo messages with "
         "UnwrapInPlace() and\n"
         "                          Wrap() appending\n"
         "  --iov                   take messages as WrapIov pairs (header "
         "and data,\n"
         "                          two frames) and echo them so\n"
         "  --channel-bindings TEXT the channel bindings clients must match "
         "(application\n"
         "                          data, as a TLS channel's binding would "
         "be)\n"
         "  --channel-binding-policy ignore|if-present|require\n"
         "                          what to do with them (default: "
         "if-present with\n"
         "                          --channel-bindings, else ignore)\n"
         "  --accept-raw-kerberos   with --mech negotiate, also accept raw "
         "Kerberos\n"
         "                          tokens (no SPNEGO), as Wine's Negotiate "
         "package\n"
         "                          sends: the allow-list becomes {Negotiate, "
         "Kerberos}\n"
         "  --expect-peer PRINCIPAL refuse clients other than PRINCIPAL\n"
         "Clients of the examples' protocol and of MIT's gss-client are "
         "both served.\n";
}

std::optional<ServerConfig> ParseServerFlags(int argc, char** argv) {
  Flags flags;
  if (!flags.Parse(argc, argv,
                   {"--host", "--port", "--port-file", "--keytab",
                    "--principal", "--mech", "--expect-peer",
                    "--channel-bindings", "--channel-binding-policy"},
                   {"--once", "--accept-raw-kerberos", "--allow-ntlm",
                    "--in-place", "--iov"})) {
    return std::nullopt;
  }
  std::optional<int> port = flags.Int("--port", 0);
  std::optional<crossauth::Mechanism> mechanism = MechanismOrNtlmFlag(flags);
  if (!port || *port < 0 || *port > 65535 || !mechanism) {
    std::fprintf(stderr, "invalid --port or --mech\n");
    return std::nullopt;
  }
  ServerConfig config;
  config.host = flags.Get("--host", config.host);
  config.port = *port;
  config.port_file = flags.Get("--port-file");
  config.once = flags.Has("--once");
  config.keytab = flags.Get("--keytab");
  config.principal = flags.Get("--principal");
  config.mechanism = *mechanism;
  config.expect_peer = flags.Get("--expect-peer");
  config.accept_raw_kerberos = flags.Has("--accept-raw-kerberos");
  config.allow_ntlm = flags.Has("--allow-ntlm");
  config.in_place = flags.Has("--in-place");
  config.iov = flags.Has("--iov");
  config.channel_bindings = flags.Get("--channel-bindings");
  const std::string policy =
      flags.Get("--channel-binding-policy",
                config.channel_bindings.empty() ? "ignore" : "if-present");
  if (policy == "ignore") {
    config.channel_binding_policy = crossauth::ChannelBindingPolicy::kIgnore;
  } else if (policy == "if-present") {
    config.channel_binding_policy = crossauth::ChannelBindingPolicy::kIfPresent;
  } else if (policy == "require") {
    config.channel_binding_policy = crossauth::ChannelBindingPolicy::kRequire;
  } else {
    std::fprintf(stderr, "invalid --channel-binding-policy %s\n",
                 policy.c_str());
    return std::nullopt;
  }
  if (config.channel_bindings.empty() &&
      config.channel_binding_policy !=
          crossauth::ChannelBindingPolicy::kIgnore) {
    std::fprintf(stderr, "--channel-binding-policy needs --channel-bindings\n");
    return std::nullopt;
  }
  return config;
}

int RunServer(const ServerConfig& config) {
  crossauth::CredentialOptions options;
  options.usage = crossauth::Usage::kAccept;
  options.principal = config.principal;
  options.keytab = config.keytab;
  options.mechanisms = AllowList(config.mechanism, config.allow_ntlm);
  if (config.accept_raw_kerberos &&
      config.mechanism == crossauth::Mechanism::kNegotiate) {
    options.mechanisms.push_back(crossauth::Mechanism::kKerberos);
  }
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(options);
  if (!credential.ok()) {
    std::printf("server: FAILED: %s\n",
                std::string(credential.status().message()).c_str());
    return 1;
  }
  std::printf("server: acceptor credential for %s (backend %s)%s\n",
              options.principal.empty() ? "any service in the keytab"
                                        : options.principal.c_str(),
              std::string(crossauth::BackendName()).c_str(),
              config.accept_raw_kerberos &&
                      config.mechanism == crossauth::Mechanism::kNegotiate
                  ? "; raw Kerberos accepted besides SPNEGO"
                  : "");
  if (config.allow_ntlm) std::printf("server: NTLM is on the allow-list\n");

  absl::StatusOr<Listener> listener = Listener::Bind(config.host, config.port);
  if (!listener.ok()) {
    std::printf("server: FAILED: %s\n",
                std::string(listener.status().message()).c_str());
    return 1;
  }
  std::printf("server: listening on port %d\n", listener->port());
  if (!config.port_file.empty()) {
    // Written to a temporary name and renamed, so readers never see half.
    const std::string& path = config.port_file;
    // Binary, so that Windows writes "\n", not "\r\n", for POSIX readers.
    std::ofstream(path + ".tmp", std::ios::binary) << listener->port() << "\n";
    std::rename((path + ".tmp").c_str(), path.c_str());
  }

  bool all_ok = true;
  do {
    absl::StatusOr<Connection> connection = listener->Accept();
    if (!connection.ok()) {
      std::printf("server: accept failed: %s\n",
                  std::string(connection.status().message()).c_str());
      all_ok = false;
      continue;
    }
    absl::Status served = Serve(*connection, *credential, config);
    if (!served.ok()) {
      std::printf("server: FAILED: %s\n",
                  std::string(served.message()).c_str());
      all_ok = false;
    }
  } while (!config.once);

  absl::StatusOr<crossauth::ReleaseOutcome> released = credential->Release();
  std::printf("server: Release() -> %s: %s\n", ReleaseCall(),
              !released.ok() ? std::string(released.status().message()).c_str()
              : *released == crossauth::ReleaseOutcome::kReleased
                  ? "released now"
                  : "deferred to the last session");
  return all_ok && released.ok() ? 0 : 1;
}

}  // namespace example
