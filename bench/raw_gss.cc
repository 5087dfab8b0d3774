// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "bench/raw_gss.h"

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace bench {
namespace {

// Kerberos V5 (1.2.840.113554.1.2.2) and SPNEGO (1.3.6.1.5.5.2).
gss_OID_desc kKrb5Oid = {9, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12"
                                              "\x01\x02\x02")};
gss_OID_desc kSpnegoOid = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};

constexpr OM_uint32 kRequestedFlags = GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG |
                                      GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG |
                                      GSS_C_INTEG_FLAG;
constexpr int kMaxSteps = 10;

std::string StatusText(OM_uint32 code, int type, gss_OID mech) {
  std::string text;
  OM_uint32 context = 0;
  for (int i = 0; i < 8; ++i) {
    OM_uint32 minor = 0;
    gss_buffer_desc buffer = GSS_C_EMPTY_BUFFER;
    OM_uint32 major =
        gss_display_status(&minor, code, type, mech, &context, &buffer);
    if (GSS_ERROR(major)) break;
    if (!text.empty()) text += "; ";
    text.append(static_cast<const char*>(buffer.value), buffer.length);
    gss_release_buffer(&minor, &buffer);
    if (context == 0) break;
  }
  return text;
}

absl::Status ImportName(const std::string& text, gss_OID type,
                        gss_name_t* name) {
  OM_uint32 minor = 0;
  std::string copy = text;
  gss_buffer_desc buffer = {copy.size(), copy.data()};
  OM_uint32 major = gss_import_name(&minor, &buffer, type, name);
  if (GSS_ERROR(major)) return GssError("gss_import_name", major, minor);
  return absl::OkStatus();
}

void DeleteContext(gss_ctx_id_t& context) {
  if (context == GSS_C_NO_CONTEXT) return;
  OM_uint32 minor = 0;
  gss_delete_sec_context(&minor, &context, GSS_C_NO_BUFFER);
  context = GSS_C_NO_CONTEXT;
}

}  // namespace

absl::Status GssError(const char* call, OM_uint32 major, OM_uint32 minor) {
  return absl::InternalError(
      absl::StrCat(call, ": ", StatusText(major, GSS_C_GSS_CODE, nullptr), "; ",
                   StatusText(minor, GSS_C_MECH_CODE, &kKrb5Oid)));
}

RawPair::RawPair(RawPair&& other) noexcept
    : client(other.client), server(other.server) {
  other.client = GSS_C_NO_CONTEXT;
  other.server = GSS_C_NO_CONTEXT;
}

RawPair& RawPair::operator=(RawPair&& other) noexcept {
  if (this != &other) {
    EndClient();
    EndServer();
    std::swap(client, other.client);
    std::swap(server, other.server);
  }
  return *this;
}

RawPair::~RawPair() {
  EndClient();
  EndServer();
}

void RawPair::EndClient() { DeleteContext(client); }
void RawPair::EndServer() { DeleteContext(server); }

absl::StatusOr<std::unique_ptr<RawGss>> RawGss::Create(
    const RawGssOptions& options) {
  std::unique_ptr<RawGss> raw(new RawGss());
  raw->mech_ = options.spnego ? &kSpnegoOid : &kKrb5Oid;
  gss_OID_set_desc mechs = {1, raw->mech_};
  OM_uint32 minor = 0;

  gss_name_t user = GSS_C_NO_NAME;
  absl::Status imported = ImportName(options.user, GSS_C_NT_USER_NAME, &user);
  if (!imported.ok()) return imported;
  std::string password = options.password;
  gss_key_value_element_desc client_element = {"password", password.c_str()};
  gss_key_value_set_desc client_store = {1, &client_element};
  OM_uint32 major = gss_acquire_cred_from(&minor, user, GSS_C_INDEFINITE,
                                          &mechs, GSS_C_INITIATE, &client_store,
                                          &raw->client_cred_, nullptr, nullptr);
  gss_release_name(&minor, &user);
  if (GSS_ERROR(major)) {
    return GssError("gss_acquire_cred_from (client)", major, minor);
  }

  gss_name_t acceptor = GSS_C_NO_NAME;
  imported =
      ImportName(options.acceptor, GSS_C_NT_HOSTBASED_SERVICE, &acceptor);
  if (!imported.ok()) return imported;
  gss_key_value_element_desc server_element = {"keytab",
                                               options.keytab.c_str()};
  gss_key_value_set_desc server_store = {1, &server_element};
  major = gss_acquire_cred_from(&minor, acceptor, GSS_C_INDEFINITE, &mechs,
                                GSS_C_ACCEPT, &server_store, &raw->server_cred_,
                                nullptr, nullptr);
  gss_release_name(&minor, &acceptor);
  if (GSS_ERROR(major)) {
    return GssError("gss_acquire_cred_from (server)", major, minor);
  }

  if (options.spnego) {
    gss_OID_set_desc negotiable = {1, &kKrb5Oid};
    for (gss_cred_id_t cred : {raw->client_cred_, raw->server_cred_}) {
      major = gss_set_neg_mechs(&minor, cred, &negotiable);
      if (GSS_ERROR(major)) {
        return GssError("gss_set_neg_mechs", major, minor);
      }
    }
  }

  imported = ImportName(options.target_principal, GSS_KRB5_NT_PRINCIPAL_NAME,
                        &raw->target_principal_);
  if (!imported.ok()) return imported;
  imported = ImportName(options.target_host_based, GSS_C_NT_HOSTBASED_SERVICE,
                        &raw->target_host_based_);
  if (!imported.ok()) return imported;
  return raw;
}

RawGss::~RawGss() {
  OM_uint32 minor = 0;
  if (target_principal_ != GSS_C_NO_NAME) {
    gss_release_name(&minor, &target_principal_);
  }
  if (target_host_based_ != GSS_C_NO_NAME) {
    gss_release_name(&minor, &target_host_based_);
  }
  if (client_cred_ != GSS_C_NO_CREDENTIAL) {
    gss_release_cred(&minor, &client_cred_);
  }
  if (server_cred_ != GSS_C_NO_CREDENTIAL) {
    gss_release_cred(&minor, &server_cred_);
  }
}

absl::Status RawGss::Establish(bool host_based, RawPair& pair) const {
  gss_name_t target = host_based ? target_host_based_ : target_principal_;
  OM_uint32 minor = 0;
  gss_buffer_desc to_server = GSS_C_EMPTY_BUFFER;  // init's output
  gss_buffer_desc to_client = GSS_C_EMPTY_BUFFER;  // accept's output
  OM_uint32 client_major = GSS_S_CONTINUE_NEEDED;
  OM_uint32 server_major = GSS_S_CONTINUE_NEEDED;
  OM_uint32 client_flags = 0;
  OM_uint32 server_flags = 0;
  for (int step = 0; step < kMaxSteps; ++step) {
    client_major = gss_init_sec_context(
        &minor, client_cred_, &pair.client, target, mech_, kRequestedFlags,
        GSS_C_INDEFINITE, GSS_C_NO_CHANNEL_BINDINGS,
        step == 0 ? GSS_C_NO_BUFFER : &to_client, nullptr, &to_server,
        &client_flags, nullptr);
    if (to_client.length > 0) gss_release_buffer(&minor, &to_client);
    if (GSS_ERROR(client_major)) {
      if (to_server.length > 0) gss_release_buffer(&minor, &to_server);
      return GssError("gss_init_sec_context", client_major, minor);
    }
    if (to_server.length == 0) break;
    server_major =
        gss_accept_sec_context(&minor, &pair.server, server_cred_, &to_server,
                               GSS_C_NO_CHANNEL_BINDINGS, nullptr, nullptr,
                               &to_client, &server_flags, nullptr, nullptr);
    gss_release_buffer(&minor, &to_server);
    if (GSS_ERROR(server_major)) {
      if (to_client.length > 0) gss_release_buffer(&minor, &to_client);
      return GssError("gss_accept_sec_context", server_major, minor);
    }
    if (to_client.length == 0) break;
  }
  if (to_client.length > 0) gss_release_buffer(&minor, &to_client);
  if (client_major != GSS_S_COMPLETE || server_major != GSS_S_COMPLETE) {
    return absl::InternalError("raw handshake did not complete");
  }
  if ((client_flags & kRequestedFlags) != kRequestedFlags ||
      !(server_flags & GSS_C_INTEG_FLAG)) {
    return absl::InternalError("raw handshake: flags not granted");
  }
  return absl::OkStatus();
}

absl::Status RawGss::Handshake(bool host_based) const {
  RawPair pair;
  return Establish(host_based, pair);
}

absl::Status RawWrapUnwrap(const RawPair& pair,
                           absl::Span<const uint8_t> message, bool conf) {
  OM_uint32 minor = 0;
  gss_buffer_desc input = {message.size(),
                           const_cast<uint8_t*>(message.data())};
  gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
  int conf_state = 0;
  OM_uint32 major = gss_wrap(&minor, pair.client, conf, GSS_C_QOP_DEFAULT,
                             &input, &conf_state, &token);
  if (GSS_ERROR(major)) return GssError("gss_wrap", major, minor);
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  gss_qop_t qop = 0;
  major = gss_unwrap(&minor, pair.server, &token, &output, &conf_state, &qop);
  gss_release_buffer(&minor, &token);
  if (GSS_ERROR(major)) return GssError("gss_unwrap", major, minor);
  const bool same_size = output.length == message.size();
  gss_release_buffer(&minor, &output);
  if (!same_size || (conf != 0) != (conf_state != 0)) {
    return absl::InternalError("gss_unwrap returned another message");
  }
  return absl::OkStatus();
}

absl::Status RawMic(const RawPair& pair, absl::Span<const uint8_t> message) {
  OM_uint32 minor = 0;
  gss_buffer_desc input = {message.size(),
                           const_cast<uint8_t*>(message.data())};
  gss_buffer_desc mic = GSS_C_EMPTY_BUFFER;
  OM_uint32 major =
      gss_get_mic(&minor, pair.client, GSS_C_QOP_DEFAULT, &input, &mic);
  if (GSS_ERROR(major)) return GssError("gss_get_mic", major, minor);
  gss_qop_t qop = 0;
  major = gss_verify_mic(&minor, pair.server, &input, &mic, &qop);
  gss_release_buffer(&minor, &mic);
  if (GSS_ERROR(major)) return GssError("gss_verify_mic", major, minor);
  return absl::OkStatus();
}

namespace {

// gss_wrap_iov_length, then gss_wrap_iov of `message` into `wire` laid out
// header|data|padding|trailer; `iov` describes the four parts.
absl::Status WrapIovInto(const RawPair& pair, absl::Span<const uint8_t> message,
                         std::string& wire, gss_iov_buffer_desc (&iov)[4]) {
  OM_uint32 minor = 0;
  iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
  iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
  iov[1].buffer.length = message.size();
  iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING;
  iov[3].type = GSS_IOV_BUFFER_TYPE_TRAILER;
  int conf_state = 0;
  OM_uint32 major = gss_wrap_iov_length(&minor, pair.client, 1,
                                        GSS_C_QOP_DEFAULT, &conf_state, iov, 4);
  if (GSS_ERROR(major)) return GssError("gss_wrap_iov_length", major, minor);
  const size_t header = iov[0].buffer.length;
  const size_t padding = iov[2].buffer.length;
  const size_t trailer = iov[3].buffer.length;
  wire.resize(header + message.size() + padding + trailer);
  char* base = wire.data();
  std::memcpy(base + header, message.data(), message.size());
  iov[0].buffer.value = base;
  iov[1].buffer.value = base + header;
  iov[2].buffer.value = base + header + message.size();
  iov[3].buffer.value = base + header + message.size() + padding;
  major = gss_wrap_iov(&minor, pair.client, 1, GSS_C_QOP_DEFAULT, &conf_state,
                       iov, 4);
  if (GSS_ERROR(major)) return GssError("gss_wrap_iov", major, minor);
  return absl::OkStatus();
}

}  // namespace

absl::Status RawWrapUnwrapIov(const RawPair& pair,
                              absl::Span<const uint8_t> message,
                              std::string& wire) {
  gss_iov_buffer_desc iov[4] = {};
  absl::Status wrapped = WrapIovInto(pair, message, wire, iov);
  if (!wrapped.ok()) return wrapped;
  OM_uint32 minor = 0;
  int conf_state = 0;
  // The token is header|data|padding|trailer; the receiver sees one stream.
  gss_iov_buffer_desc in[2] = {};
  in[0].type = GSS_IOV_BUFFER_TYPE_STREAM;
  in[0].buffer = {wire.size(), wire.data()};
  in[1].type = GSS_IOV_BUFFER_TYPE_DATA;
  gss_qop_t qop = 0;
  OM_uint32 major =
      gss_unwrap_iov(&minor, pair.server, &conf_state, &qop, in, 2);
  if (GSS_ERROR(major)) return GssError("gss_unwrap_iov", major, minor);
  if (in[1].buffer.length != message.size() || !conf_state) {
    return absl::InternalError("gss_unwrap_iov returned another message");
  }
  return absl::OkStatus();
}

absl::Status RawWrapUnwrapIovBuffers(const RawPair& pair,
                                     absl::Span<const uint8_t> message,
                                     std::string& wire) {
  gss_iov_buffer_desc iov[4] = {};
  absl::Status wrapped = WrapIovInto(pair, message, wire, iov);
  if (!wrapped.ok()) return wrapped;
  OM_uint32 minor = 0;
  int conf_state = 0;
  gss_qop_t qop = 0;
  OM_uint32 major =
      gss_unwrap_iov(&minor, pair.server, &conf_state, &qop, iov, 4);
  if (GSS_ERROR(major)) return GssError("gss_unwrap_iov", major, minor);
  if (iov[1].buffer.length != message.size() || !conf_state) {
    return absl::InternalError("gss_unwrap_iov returned another message");
  }
  return absl::OkStatus();
}

}  // namespace bench
