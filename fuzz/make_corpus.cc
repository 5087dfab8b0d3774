// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// make_corpus: writes a seed corpus of real tokens for every fuzz harness,
// from handshakes in a TestRealm of its own, in each harness's input format
// (see the harnesses' file comments and fuzz/README.md).
//
//   fuzz_make_corpus OUTPUT_DIR   # writes OUTPUT_DIR/<harness>/<seed>
//
// fuzz/make_corpus.sh runs it; scripts/fuzz runs that. The tokens come from
// another realm than the fuzzing process's, so none of them authenticates
// there: they give the fuzzer real structure, and the edit modes of the
// harnesses give it real keys.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "crossauth/credential.h"
#include "crossauth/http_negotiate.h"
#include "crossauth/sasl_gssapi.h"
#include "crossauth/session.h"
#include "fuzz/fuzz_support.h"

namespace crossauth {
namespace fuzz {
namespace {

using Bytes = std::vector<uint8_t>;

std::filesystem::path output;
int written = 0;

Bytes Of(absl::string_view text) { return Bytes(text.begin(), text.end()); }

// selector, then the parts separated by kSeparator.
Bytes Seed(std::initializer_list<uint8_t> prefix,
           std::initializer_list<Bytes> parts) {
  Bytes seed(prefix);
  bool first = true;
  for (const Bytes& part : parts) {
    if (!first) seed.insert(seed.end(), kSeparator.begin(), kSeparator.end());
    first = false;
    seed.insert(seed.end(), part.begin(), part.end());
  }
  return seed;
}

void Write(const std::string& harness, const std::string& name,
           const Bytes& bytes) {
  std::filesystem::path dir = output / harness;
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "make_corpus: cannot write %s/%s\n", harness.c_str(),
                 name.c_str());
    std::exit(1);
  }
  ++written;
}

[[noreturn]] void Fail(absl::string_view what, const absl::Status& status) {
  std::fprintf(stderr, "make_corpus: %.*s: %s\n", static_cast<int>(what.size()),
               what.data(), status.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(absl::StatusOr<T> value, absl::string_view what) {
  if (!value.ok()) Fail(what, value.status());
  return *std::move(value);
}

// A recorded handshake: the tokens of each side in order, and messages
// each side protected afterwards.
struct Recording {
  std::vector<Bytes> client_tokens;
  std::vector<Bytes> server_tokens;
  Bytes client_conf, client_integ, client_mic, server_conf, server_integ,
      server_mic;
};

Recording Record(const Credential& initiator, const Credential& acceptor,
                 Mechanism mechanism, bool ntlm_user) {
  ClientOptions client_options = ClientOptionsFor(mechanism, ntlm_user);
  client_options.allow_messages_without_replay_protection = true;
  ClientSession client =
      Must(ClientSession::Start(initiator, client_options), "client start");
  ServerSession server = Must(ServerSession::Start(acceptor), "server start");
  Recording recording;
  Bytes token;
  for (int round = 0; round < 6; ++round) {
    if (!client.complete()) {
      StepResult step = Must(client.Step(token), "client step");
      token = std::move(step.token);
      if (!token.empty()) recording.client_tokens.push_back(token);
    }
    if (token.empty() || server.complete()) break;
    StepResult step = Must(server.Step(token), "server step");
    token = std::move(step.token);
    if (!token.empty()) recording.server_tokens.push_back(token);
    if (token.empty() && client.complete()) break;
  }
  if (!client.complete() || !server.complete()) {
    Fail("recording a handshake", absl::InternalError("did not complete"));
  }
  const Bytes message = Of("a message from the corpus");
  auto protect = [&](Session& session, Bytes* conf, Bytes* integ, Bytes* mic) {
    absl::StatusOr<Bytes> wrapped = session.Wrap(message);
    if (wrapped.ok()) *conf = *wrapped;
    wrapped = session.Wrap(message, Protection::kIntegrity);
    if (wrapped.ok()) *integ = *wrapped;
    absl::StatusOr<Bytes> signature = session.GetMic(message);
    if (signature.ok()) *mic = *signature;
  };
  protect(client, &recording.client_conf, &recording.client_integ,
          &recording.client_mic);
  protect(server, &recording.server_conf, &recording.server_integ,
          &recording.server_mic);
  (void)client.End();
  (void)server.End();
  return recording;
}

std::string Header(const Bytes& token) { return FormatNegotiateHeader(token); }

void SessionSeeds(const std::string& harness,
                  std::initializer_list<uint8_t> pre, uint8_t mechanism_bit,
                  const Recording& r) {
  auto with = [&](uint8_t selector) {
    Bytes prefix(pre);
    prefix.push_back(selector);
    return prefix;
  };
  auto write = [&](const std::string& name, Bytes prefix, const Bytes& rest) {
    prefix.insert(prefix.end(), rest.begin(), rest.end());
    Write(harness, name, prefix);
  };
  std::string m = mechanism_bit ? "negotiate" : "kerberos";
  if (harness == "ntlm") m = mechanism_bit ? "negotiate-ntlm" : "ntlm";
  const std::string base;
  // server_step
  if (harness == "server_step" || harness == "ntlm") {
    Bytes p = with(mechanism_bit);
    if (harness == "ntlm") p = {0, mechanism_bit};
    Bytes tokens;
    for (size_t i = 0; i < r.client_tokens.size(); ++i) {
      if (i) tokens.insert(tokens.end(), kSeparator.begin(), kSeparator.end());
      tokens.insert(tokens.end(), r.client_tokens[i].begin(),
                    r.client_tokens[i].end());
    }
    write(base + "server-raw-" + m, p, tokens);
    for (uint8_t edit : {0x04, 0x0c, 0x14}) {
      Bytes e = p;
      e.back() |= edit;
      write(base + absl::StrCat("server-edit-", m, "-", edit), e, {});
      write(base + absl::StrCat("server-edit-flip-", m, "-", edit), e,
            {0x00, 0x20, 0x01, 0x00, 0x40, 0x80});
    }
  }
  // client_step
  if (harness == "client_step" || harness == "ntlm") {
    Bytes p = with(mechanism_bit);
    if (harness == "ntlm") p = {1, mechanism_bit};
    Bytes tokens;
    for (size_t i = 0; i < r.server_tokens.size(); ++i) {
      if (i) tokens.insert(tokens.end(), kSeparator.begin(), kSeparator.end());
      tokens.insert(tokens.end(), r.server_tokens[i].begin(),
                    r.server_tokens[i].end());
    }
    write(base + "client-raw-" + m, p, tokens);
    for (uint8_t edit : {0x04, 0x0c}) {
      Bytes e = p;
      e.back() |= edit;
      write(base + absl::StrCat("client-edit-", m, "-", edit), e, {});
      write(base + absl::StrCat("client-edit-cut-", m, "-", edit), e,
            {0x00, 0x30, 0x00});
    }
  }
  // unwrap
  if (harness == "unwrap" || harness == "ntlm") {
    auto p = [&](uint8_t selector) {
      return harness == "ntlm" ? Bytes{2, selector} : with(selector);
    };
    const uint8_t b = mechanism_bit;
    write(base + "unwrap-conf-" + m, p(b | 0x00), r.client_conf);
    write(base + "unwrap-integ-" + m, p(b | 0x08), r.client_integ);
    write(base + "unwrap-server-conf-" + m, p(b | 0x04), r.server_conf);
    write(base + "unwrap-mic-" + m, p(b | 0x10),
          Seed({}, {Of("a message from the corpus"), r.client_mic}));
    for (uint8_t edit : {0x18, 0x38, 0x58, 0x1c, 0x3c}) {
      write(base + absl::StrCat("unwrap-edit-", m, "-", edit), p(b | edit),
            Seed({}, {Of("payload"), {}}));
      write(base + absl::StrCat("unwrap-edit-flip-", m, "-", edit), p(b | edit),
            Seed({}, {Of("payload"), {0x00, 0x06, 0x01}}));
    }
  }
}

void Generate() {
  const FuzzRealm& realm = FuzzRealm::Get(/*with_ntlm=*/true);
  Recording kerberos = Record(realm.kerberos_client, realm.kerberos_server,
                              Mechanism::kKerberos, false);
  Recording negotiate = Record(realm.negotiate_client, realm.negotiate_server,
                               Mechanism::kNegotiate, false);
  Recording ntlm =
      Record(realm.ntlm_client, realm.ntlm_server, Mechanism::kNtlm, true);
  Recording negotiate_ntlm =
      Record(realm.negotiate_ntlm_client, realm.negotiate_ntlm_server,
             Mechanism::kNegotiate, true);

  for (const std::string& harness : {"server_step", "client_step", "unwrap"}) {
    SessionSeeds(harness, {}, 0, kerberos);
    SessionSeeds(harness, {}, 1, negotiate);
  }
  SessionSeeds("ntlm", {}, 0, ntlm);
  SessionSeeds("ntlm", {}, 1, negotiate_ntlm);

  // token_parsers: every token seen.
  int n = 0;
  for (const Recording* r : {&kerberos, &negotiate, &ntlm, &negotiate_ntlm}) {
    for (const auto* list : {&r->client_tokens, &r->server_tokens}) {
      for (const Bytes& token : *list) {
        Write("token_parsers", absl::StrCat("token-", n++), token);
      }
    }
    for (const Bytes* token :
         {&r->client_conf, &r->client_integ, &r->client_mic, &r->server_conf}) {
      if (!token->empty()) {
        Write("token_parsers", absl::StrCat("token-", n++), *token);
      }
    }
  }

  // http_parse and http_server: Authorization and WWW-Authenticate values.
  const std::string init = Header(negotiate.client_tokens[0]);
  const std::string reply = Header(negotiate.server_tokens[0]);
  const std::string ap_req = Header(kerberos.client_tokens[0]);
  const std::string ntlm_init = Header(negotiate_ntlm.client_tokens[0]);
  Write("http_parse", "authorization", Of(init));
  Write("http_parse", "bare", Of("Negotiate"));
  Write("http_parse", "challenges",
        Of("Basic realm=\"x\", Negotiate\nNTLM, Bearer error=\"e\""));
  Write("http_parse", "final",
        Of(absl::StrCat("Basic realm=\"a, b\", ", reply)));
  Write("http_parse", "lowercase", Of("negotiate YQ=="));
  Write("http_server", "negotiate", Seed({0x00}, {Of(init)}));
  Write("http_server", "kerberos", Seed({0x01}, {Of(ap_req)}));
  Write("http_server", "ntlm-offer", Seed({0x00}, {Of(ntlm_init)}));
  Write("http_server", "rounds",
        Seed({0x03}, {Of(absl::StrCat("-\n", init, "\nBasic eA==\n", init))}));
  Write("http_server", "edit", Seed({0x04}, {}));
  Write("http_server", "edit-kerberos", Seed({0x05}, {}));
  Write("http_server", "edit-cut", Seed({0x04}, {{0x00, 0x0a, 0x00}}));
  Write("http_client", "continue", Seed({0x02}, {Of(reply)}));
  Write("http_client", "final", Seed({0x12}, {Of(reply)}));
  Write("http_client", "final-kerberos",
        Seed({0x13}, {Of(Header(kerberos.server_tokens[0]))}));
  Write("http_client", "other-schemes", Seed({0x02}, {Of("Basic realm=x")}));
  Write("http_client", "edit", Seed({0x04}, {}));
  Write("http_client", "edit-kerberos", Seed({0x05}, {}));
  Write("http_client", "edit-flip", Seed({0x06}, {{0x00, 0x12, 0x01}}));

  // SASL: messages, and both sides.
  SaslServerOffer offer;
  offer.layers = kSaslAllLayers;
  offer.max_buffer = 65536;
  SaslClientChoice choice;
  choice.layer = SaslLayer::kConfidentiality;
  choice.max_buffer = 65536;
  choice.authzid = "alice";
  SaslClientChoice integrity;
  integrity.layer = SaslLayer::kIntegrity;
  integrity.max_buffer = 4096;
  SaslClientChoice none;
  const Bytes offer_bytes = Must(EncodeSaslServerOffer(offer), "offer");
  const Bytes choice_bytes = Must(EncodeSaslClientChoice(choice), "choice");
  const Bytes integrity_bytes =
      Must(EncodeSaslClientChoice(integrity), "choice");
  const Bytes none_bytes = Must(EncodeSaslClientChoice(none), "choice");
  Write("sasl_messages", "offer", offer_bytes);
  Write("sasl_messages", "choice", choice_bytes);
  Write("sasl_messages", "choice-integrity", integrity_bytes);
  Write("sasl_messages", "choice-none", none_bytes);
  Write("sasl_messages", "offer-none", {0x01, 0, 0, 0});
  const Bytes data = Of("a SASL buffer");
  Write("sasl_server", "initial", Seed({0x00}, {kerberos.client_tokens[0]}));
  Write("sasl_server", "choice-conf", Seed({0x01}, {choice_bytes}));
  Write("sasl_server", "choice-integ", Seed({0x02}, {integrity_bytes}));
  Write("sasl_server", "choice-none", Seed({0x01}, {none_bytes}));
  Write("sasl_server", "choice-raw", Seed({0x03}, {choice_bytes}));
  Write("sasl_server", "stream", Seed({0x05}, {choice_bytes, data, data}));
  Write("sasl_server", "stream-raw",
        Seed({0x01}, {choice_bytes, {0, 0, 0, 4, 1, 2, 3, 4}}));
  Write("sasl_client", "challenges",
        Seed({0x00}, {kerberos.server_tokens[0], kerberos.server_integ}));
  Write("sasl_client", "offer-conf", Seed({0x01}, {offer_bytes}));
  Write("sasl_client", "offer-integ", Seed({0x02}, {offer_bytes}));
  Write("sasl_client", "offer-authzid", Seed({0x09}, {offer_bytes}));
  Write("sasl_client", "offer-raw", Seed({0x03}, {offer_bytes}));
  Write("sasl_client", "stream", Seed({0x05}, {offer_bytes, data, data}));
  Write("sasl_client", "stream-raw",
        Seed({0x01}, {offer_bytes, {0, 0, 0, 4, 1, 2, 3, 4}}));
}

}  // namespace
}  // namespace fuzz
}  // namespace crossauth

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  crossauth::fuzz::output = argv[1];
  crossauth::fuzz::Generate();
  std::printf("make_corpus: wrote %d seeds under %s\n",
              crossauth::fuzz::written, argv[1]);
  return 0;
}
