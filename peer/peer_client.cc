// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The example client: RunClient() and its flags (see peer.h).

#include <algorithm>
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

int Fail(const absl::Status& status) {
  std::printf("client: FAILED: %s\n", std::string(status.message()).c_str());
  return 1;
}

// The password: the first line of `path` (a trailing "\r" dropped). The
// Secret wipes it when done; the file is the caller's to protect.
absl::StatusOr<crossauth::Secret> ReadPassword(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::string line;
  if (!file || !std::getline(file, line)) {
    return absl::NotFoundError(
        absl::StrCat("cannot read a password from ", path));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  crossauth::Secret password(line);
  volatile char* bytes = line.data();
  for (size_t i = 0; i < line.size(); ++i) bytes[i] = 0;
  return password;
}

std::vector<uint8_t> Bytes(const std::string& text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

// The examples' own handshake: every token we send gets a reply frame.
absl::Status CrossauthHandshake(Connection& connection,
                                crossauth::ClientSession& session) {
  std::vector<uint8_t> from_server;
  for (int step = 1; !session.complete(); ++step) {
    if (step > 10) return absl::DeadlineExceededError("too many steps");
    absl::StatusOr<crossauth::StepResult> result = session.Step(from_server);
    if (!result.ok()) return result.status();
    if (result->token.empty()) break;
    std::printf("client: step %d: sending a %zu-byte token\n", step,
                result->token.size());
    if (absl::Status s = connection.Send(kContext, result->token); !s.ok()) {
      return s;
    }
    absl::StatusOr<Frame> reply = connection.Receive();
    if (!reply.ok()) return reply.status();
    if (reply->flags != kContext) {
      return absl::UnauthenticatedError(
          absl::StrCat("the server refused: ", Text(reply->payload)));
    }
    std::printf("client: step %d: received a %zu-byte token\n", step,
                reply->payload.size());
    from_server = std::move(reply->payload);
    if (result->complete && from_server.empty()) break;
  }
  return absl::OkStatus();
}

// gss-sample's handshake: NOOP|CONTEXT_NEXT, then tokens only when there is
// one to send, and a reply only while our side is not complete.
absl::Status GssSampleHandshake(Connection& connection,
                                crossauth::ClientSession& session) {
  if (absl::Status s = connection.Send(kNoop | kContextNext, {}); !s.ok()) {
    return s;
  }
  std::vector<uint8_t> from_server;
  for (int step = 1;; ++step) {
    if (step > 10) return absl::DeadlineExceededError("too many steps");
    absl::StatusOr<crossauth::StepResult> result = session.Step(from_server);
    if (!result.ok()) return result.status();
    if (!result->token.empty()) {
      std::printf("client: step %d: sending a %zu-byte token\n", step,
                  result->token.size());
      if (absl::Status s = connection.Send(kContext, result->token); !s.ok()) {
        return s;
      }
    }
    if (result->complete) return absl::OkStatus();
    absl::StatusOr<Frame> reply = connection.Receive();
    if (!reply.ok()) return reply.status();
    if (reply->flags != kContext) {
      return absl::UnauthenticatedError(
          absl::StrCat("the server answered with a frame of flags ",
                       reply->flags, " instead of a handshake token"));
    }
    std::printf("client: step %d: received a %zu-byte token\n", step,
                reply->payload.size());
    from_server = std::move(reply->payload);
  }
}

// The examples' messages: wrapped requests get wrapped echoes; then a MIC
// over a clear "goodbye" for the server to verify.
absl::Status CrossauthMessages(Connection& connection,
                               crossauth::ClientSession& session, int messages,
                               bool in_place, bool iov) {
  // In place: one buffer for every token sent, and a last message of the
  // largest size whose token fits in kTokenLimit.
  constexpr size_t kTokenLimit = 4096;
  std::vector<uint8_t> out;
  const int total = in_place ? messages + 1 : messages;
  for (int i = 1; i <= total; ++i) {
    std::string text = absl::StrCat("hello ", i);
    if (i > messages) {
      absl::StatusOr<size_t> max = session.MaxMessageSize(kTokenLimit);
      if (!max.ok()) return max.status();
      text = absl::StrCat("largest ", *max, " ");
      text.resize(std::max(*max, text.size()), 'x');
    }
    if (iov && i <= messages) {
      std::vector<uint8_t> data = Bytes(text);
      absl::StatusOr<std::vector<uint8_t>> header =
          WrapIovMessage(session, data);
      if (!header.ok()) return header.status();
      if (absl::Status s =
              connection.Send(kData | kWrapped | kEncrypted, *header);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = connection.Send(kData | kWrapped | kEncrypted, data);
          !s.ok()) {
        return s;
      }
      absl::StatusOr<Frame> reply_header = connection.Receive();
      if (!reply_header.ok()) return reply_header.status();
      absl::StatusOr<Frame> reply_data = connection.Receive();
      if (!reply_data.ok()) return reply_data.status();
      if (absl::Status s = UnwrapIovMessage(session, reply_header->payload,
                                            reply_data->payload);
          !s.ok()) {
        return s;
      }
      const std::string echo = Text(reply_data->payload);
      if (echo != "echo: " + text) {
        return absl::DataLossError(
            "the server's echo differs from the message");
      }
      std::printf(
          "client: sent \"%s\" with WrapIov (a %zu-byte header), server "
          "replied \"%s\" (UnwrapIov, a %zu-byte header)\n",
          text.c_str(), header->size(), echo.c_str(),
          reply_header->payload.size());
      continue;
    }
    absl::Span<const uint8_t> sealed;
    absl::StatusOr<std::vector<uint8_t>> wrapped;
    if (in_place) {
      out.clear();
      if (absl::Status s = session.Wrap(Bytes(text), out); !s.ok()) return s;
      sealed = out;
      if (i > messages && sealed.size() > kTokenLimit) {
        return absl::InternalError(
            absl::StrCat("MaxMessageSize(", kTokenLimit, ") gave ", text.size(),
                         " bytes, whose token has ", sealed.size()));
      }
    } else {
      wrapped = session.Wrap(Bytes(text));
      if (!wrapped.ok()) return wrapped.status();
      sealed = *wrapped;
    }
    if (absl::Status s = connection.Send(kData | kWrapped | kEncrypted, sealed);
        !s.ok()) {
      return s;
    }
    absl::StatusOr<Frame> reply = connection.Receive();
    if (!reply.ok()) return reply.status();
    std::string echo;
    if (in_place) {
      absl::StatusOr<crossauth::UnwrappedSpan> opened =
          session.UnwrapInPlace(absl::MakeSpan(reply->payload));
      if (!opened.ok()) return opened.status();
      echo.assign(opened->message.begin(), opened->message.end());
    } else {
      absl::StatusOr<crossauth::UnwrappedMessage> opened =
          session.Unwrap(reply->payload);
      if (!opened.ok()) return opened.status();
      echo = Text(opened->message);
    }
    if (echo != "echo: " + text) {
      return absl::DataLossError("the server's echo differs from the message");
    }
    if (i > messages) {
      std::printf(
          "client: sent the largest message for a %zu-byte token, %zu bytes "
          "(%zu bytes wrapped in place), and its echo came back\n",
          kTokenLimit, text.size(), sealed.size());
    } else {
      std::printf(
          "client: sent \"%s\" (%zu bytes wrapped%s), server replied "
          "\"%s\"\n",
          text.c_str(), sealed.size(), in_place ? " in place" : "",
          echo.c_str());
    }
  }

  // A MIC: the message travels in the clear, the MIC proves who sent it.
  const std::vector<uint8_t> goodbye = Bytes("goodbye");
  absl::StatusOr<std::vector<uint8_t>> mic = session.GetMic(goodbye);
  if (!mic.ok()) return mic.status();
  if (absl::Status s = connection.Send(kData, goodbye); !s.ok()) return s;
  if (absl::Status s = connection.Send(kMic, *mic); !s.ok()) return s;
  absl::StatusOr<Frame> verdict = connection.Receive();
  if (!verdict.ok()) return verdict.status();
  std::printf("client: sent \"goodbye\" with a %zu-byte MIC; server says: %s\n",
              mic->size(), Text(verdict->payload).c_str());
  (void)connection.Send(kNoop, {});
  return absl::OkStatus();
}

// gss-sample's messages: each wrapped, encrypted message asks for the
// server's MIC over its plaintext, which we verify.
absl::Status GssSampleMessages(Connection& connection,
                               crossauth::ClientSession& session,
                               int messages) {
  for (int i = 1; i <= messages; ++i) {
    const std::vector<uint8_t> text = Bytes(absl::StrCat("hello ", i));
    absl::StatusOr<std::vector<uint8_t>> sealed = session.Wrap(text);
    if (!sealed.ok()) return sealed.status();
    if (absl::Status s =
            connection.Send(kData | kWrapped | kEncrypted | kSendMic, *sealed);
        !s.ok()) {
      return s;
    }
    absl::StatusOr<Frame> reply = connection.Receive();
    if (!reply.ok()) return reply.status();
    if (reply->flags != kMic) {
      return absl::InvalidArgumentError(absl::StrCat(
          "expected the server's MIC, got a frame of flags ", reply->flags));
    }
    absl::Status verified = session.VerifyMic(text, reply->payload);
    if (!verified.ok()) return verified;
    std::printf(
        "client: sent \"%s\" (%zu bytes wrapped); the server's %zu-byte MIC "
        "over it: MIC verified\n",
        Text(text).c_str(), sealed->size(), reply->payload.size());
  }
  return connection.Send(kNoop, {});
}

}  // namespace

absl::string_view ClientFlagsHelp() {
  return "  --port PORT             the server's port (required)\n"
         "  --host IP               the server's IPv4 address (default "
         "127.0.0.1)\n"
         "  --target SERVICE@HOST   whom to authenticate to (default "
         "HTTP@localhost)\n"
         "  --mech negotiate|kerberos|ntlm\n"
         "                          SPNEGO, raw Kerberos or raw NTLM (default "
         "negotiate)\n"
         "  --user NAME             log on as NAME (with --password-file) "
         "instead of\n"
         "                          using the default credential cache\n"
         "  --password-file FILE    the password: FILE's first line\n"
         "  --allow-ntlm            add NTLM to the allow-list (off by "
         "default)\n"
         "  --no-mutual             do not demand that the server proves "
         "who it is\n"
         "                          (NTLM cannot)\n"
         "  --channel-bindings TEXT bind the session to TEXT (application "
         "data, as\n"
         "                          a TLS channel's binding would be)\n"
         "  --delegate              delegate the user's Kerberos ticket to "
         "the server\n"
         "                          (it must be forwardable), so that the "
         "server can\n"
         "                          reach other services as the user (off by "
         "default)\n"
         "  --messages N            protected messages to send (default 3)\n"
         "  --in-place              wrap into one reused buffer, unwrap in "
         "place, and\n"
         "                          send a last message of MaxMessageSize("
         "4096) bytes\n"
         "  --iov                   send messages with WrapIov (header and "
         "data, two\n"
         "                          frames); the server needs --iov too\n"
         "  --expect-peer PRINCIPAL fail unless the server proves it is "
         "PRINCIPAL\n"
         "  --protocol crossauth|gss-sample\n"
         "                          the examples' protocol, or that of MIT's\n"
         "                          gss-server (default crossauth)\n";
}

std::optional<ClientConfig> ParseClientFlags(int argc, char** argv) {
  Flags flags;
  if (!flags.Parse(argc, argv,
                   {"--host", "--port", "--target", "--mech", "--messages",
                    "--expect-peer", "--protocol", "--user", "--password-file",
                    "--channel-bindings"},
                   {"--allow-ntlm", "--no-mutual", "--delegate", "--in-place",
                    "--iov"})) {
    return std::nullopt;
  }
  ClientConfig config;
  std::optional<int> port = flags.Int("--port", 0);
  std::optional<int> messages = flags.Int("--messages", config.messages);
  std::optional<crossauth::Mechanism> mechanism = MechanismOrNtlmFlag(flags);
  const std::string protocol = flags.Get("--protocol", "crossauth");
  if (!flags.Has("--port") || !port || *port <= 0 || *port > 65535 ||
      !messages || *messages < 0 || *messages > 1000 || !mechanism ||
      (protocol != "crossauth" && protocol != "gss-sample")) {
    std::fprintf(stderr,
                 "missing or invalid --port, --messages, --mech or "
                 "--protocol\n");
    return std::nullopt;
  }
  config.host = flags.Get("--host", config.host);
  config.port = *port;
  config.target = flags.Get("--target", config.target);
  config.mechanism = *mechanism;
  config.messages = *messages;
  config.expect_peer = flags.Get("--expect-peer");
  config.protocol =
      protocol == "gss-sample" ? Protocol::kGssSample : Protocol::kCrossauth;
  config.user = flags.Get("--user");
  config.password_file = flags.Get("--password-file");
  if (config.user.empty() != config.password_file.empty()) {
    std::fprintf(stderr, "--user and --password-file go together\n");
    return std::nullopt;
  }
  config.allow_ntlm = flags.Has("--allow-ntlm");
  config.mutual = !flags.Has("--no-mutual");
  config.channel_bindings = flags.Get("--channel-bindings");
  config.delegate = flags.Has("--delegate");
  config.in_place = flags.Has("--in-place");
  config.iov = flags.Has("--iov");
  return config;
}

int RunClient(const ClientConfig& config) {
  // 1. The credential: who we are.
  crossauth::CredentialOptions credential_options;
  credential_options.mechanisms =
      AllowList(config.mechanism, config.allow_ntlm);
  if (!config.user.empty()) {
    absl::StatusOr<crossauth::Secret> password =
        ReadPassword(config.password_file);
    if (!password.ok()) return Fail(password.status());
    credential_options.principal = config.user;
    credential_options.password = *std::move(password);
  }
  absl::StatusOr<crossauth::Credential> credential =
      crossauth::Credential::Acquire(credential_options);
  if (!credential.ok()) return Fail(credential.status());
  absl::StatusOr<std::string> me = credential->Principal();
  std::printf("client: credential for %s (backend %s)\n",
              me.ok() ? me->c_str() : "?",
              std::string(crossauth::BackendName()).c_str());

  // 2. The session: whom we want to reach.
  crossauth::ClientOptions options;
  options.target = config.target;
  options.mechanism = config.mechanism;
  options.flags.mutual = config.mutual;
  if (!config.channel_bindings.empty()) {
    options.channel_bindings = crossauth::ChannelBindings::FromApplicationData(
        Bytes(config.channel_bindings));
  }
  options.flags.delegate = config.delegate;
  absl::StatusOr<crossauth::ClientSession> session =
      crossauth::ClientSession::Start(*credential, options);
  if (!session.ok()) return Fail(session.status());

  absl::StatusOr<Connection> connection =
      Connection::Connect(config.host, config.port);
  if (!connection.ok()) return Fail(connection.status());
  const bool gss_sample = config.protocol == Protocol::kGssSample;
  std::printf("client: connected to %s:%d, authenticating to %s with %s%s\n",
              config.host.c_str(), config.port, options.target.c_str(),
              std::string(crossauth::MechanismName(config.mechanism)).c_str(),
              gss_sample ? " (gss-sample protocol)" : "");

  // 3. The handshake: send our token, feed back the server's, until done.
  absl::Status handshake = gss_sample
                               ? GssSampleHandshake(*connection, *session)
                               : CrossauthHandshake(*connection, *session);
  if (!handshake.ok()) return Fail(handshake);
  absl::StatusOr<crossauth::SessionInfo> info = session->Info();
  if (!info.ok()) return Fail(info.status());
  std::printf("client: authenticated as %s; the server proved it is %s\n",
              NameOrUnreported(info->local_principal).c_str(),
              NameOrUnreported(info->peer_principal).c_str());
  std::printf("client: %s\n", Describe(*info).c_str());
  if (!config.expect_peer.empty() &&
      info->peer_principal != config.expect_peer) {
    return Fail(absl::PermissionDeniedError(
        absl::StrCat("expected the server to be ", config.expect_peer, ", not ",
                     NameOrUnreported(info->peer_principal))));
  }

  // 4. Protected messages.
  absl::Status exchanged =
      gss_sample ? GssSampleMessages(*connection, *session, config.messages)
                 : CrossauthMessages(*connection, *session, config.messages,
                                     config.in_place, config.iov);
  if (!exchanged.ok()) return Fail(exchanged);

  // 5. The ending: delete the context, release the credential.
  return Finish("client", *session, *credential) ? 0 : 1;
}

}  // namespace example
