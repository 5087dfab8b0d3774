// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// NativeContext on GSS-API, and the backend factory.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "backends/common/hints.h"
#include "backends/common/native_status.h"
#include "backends/gssapi/gss_credential.h"
#include "backends/gssapi/gss_handles.h"
#include "backends/gssapi/gss_keytab.h"
#include "backends/gssapi/gss_library.h"
#include "backends/gssapi/gss_messages.h"
#include "backends/gssapi/gss_names.h"
#include "backends/gssapi/gss_oids.h"
#include "backends/gssapi/gss_peer.h"
#include "backends/gssapi/gss_status.h"
#include "crossauth/error.h"
#include "src/core/backend.h"
#include "src/core/initial_token.h"
#include "src/core/policy.h"
#include "src/platform/secure_wipe.h"

namespace crossauth {
namespace internal {
namespace {

constexpr char kAcceptCall[] = "gss_accept_sec_context";

// GSS_C_DELEG_POLICY_FLAG (0x8000) as the client context keeps it, in its
// one byte of flags: the top bit, which FlagsFor() never sets
// (GSS_C_PROT_READY_FLAG is an output flag). ExpandFlags() restores it.
constexpr OM_uint32 kDelegPolicyBit = 0x80;

OM_uint32 ExpandFlags(uint8_t flags) {
  OM_uint32 out = flags & ~kDelegPolicyBit;
  if (flags & kDelegPolicyBit) out |= GSS_C_DELEG_POLICY_FLAG;
  return out;
}

OM_uint32 FlagsFor(const SecurityFlags& flags) {
  OM_uint32 out = 0;
  if (flags.mutual) out |= GSS_C_MUTUAL_FLAG;
  if (flags.delegate) out |= GSS_C_DELEG_FLAG;
  if (flags.replay_detect) out |= GSS_C_REPLAY_FLAG;
  if (flags.sequence_detect) out |= GSS_C_SEQUENCE_FLAG;
  if (flags.confidentiality) out |= GSS_C_CONF_FLAG;
  if (flags.integrity) out |= GSS_C_INTEG_FLAG;
  return out;
}

SecurityFlags FlagsFrom(OM_uint32 flags) {
  SecurityFlags out;
  out.mutual = flags & GSS_C_MUTUAL_FLAG;
  out.delegate = flags & GSS_C_DELEG_FLAG;
  out.replay_detect = flags & GSS_C_REPLAY_FLAG;
  out.sequence_detect = flags & GSS_C_SEQUENCE_FLAG;
  out.confidentiality = flags & GSS_C_CONF_FLAG;
  out.integrity = flags & GSS_C_INTEG_FLAG;
  out.channel_bound = flags & GSS_C_CHANNEL_BOUND_FLAG;
  return out;
}

// Bindings with application data only: addresses are meaningless across NAT
// and modern peers ignore them. Allocated only when there are bindings, so
// that a session without them carries one null pointer.
class Bindings {
 public:
  explicit Bindings(const std::optional<ChannelBindings>& bindings) {
    if (!bindings.has_value()) return;
    held_ = std::make_unique<Held>();
    held_->data = bindings->application_data();
    gss_channel_bindings_struct& desc = held_->desc;
    desc.initiator_addrtype = GSS_C_AF_NULLADDR;
    desc.initiator_address = {0, nullptr};
    desc.acceptor_addrtype = GSS_C_AF_NULLADDR;
    desc.acceptor_address = {0, nullptr};
    desc.application_data = {held_->data.size(), held_->data.data()};
  }
  Bindings(const Bindings&) = delete;
  Bindings& operator=(const Bindings&) = delete;
  gss_channel_bindings_t get() {
    return held_ != nullptr ? &held_->desc : GSS_C_NO_CHANNEL_BINDINGS;
  }

 private:
  struct Held {
    std::vector<uint8_t> data;
    gss_channel_bindings_struct desc;
  };
  std::unique_ptr<Held> held_;
};

// What client and server contexts share once established.
class GssContextBase : public NativeContext {
 public:
  // `credential` is the session's, which outlives the context: SessionCore
  // holds it and destroys it after the context.
  explicit GssContextBase(const GssCredential& credential,
                          bool unnamed_acceptor = false)
      : credential_(credential),
        context_(credential.provider().get()),
        unnamed_acceptor_(unnamed_acceptor) {}

  // No names here: each name query makes MIT build a krb5 context, so they
  // wait for Names().
  absl::StatusOr<SessionInfo> Info() const override {
    OM_uint32 minor = 0;
    OM_uint32 lifetime = 0;
    gss_OID mech = GSS_C_NO_OID;
    OM_uint32 flags = 0;
    OM_uint32 major = provider()->library->inquire_context(
        &minor, context_.get(), nullptr, nullptr, &lifetime, &mech, &flags,
        nullptr, nullptr);
    if (GSS_ERROR(major)) {
      return MapGssStatus(*provider(), "gss_inquire_context", major, minor);
    }
    SessionInfo info;
    std::optional<Mechanism> used = MechanismForOid(actual_mech_);
    if (!used.has_value() || used == Mechanism::kNegotiate) {
      used = MechanismForOid(mech);
    }
    info.mechanism = used.value_or(Mechanism::kKerberos);
    info.negotiated = negotiated_;
    // Use the flags the handshake returned: they include
    // GSS_C_CHANNEL_BOUND_FLAG, which gss_inquire_context may not repeat.
    // Delegation only as they say it: MIT's context keeps GSS_C_DELEG_FLAG
    // for an S4U2Proxy evidence credential, which the server's Step() took
    // out of ret_flags_.
    info.flags = FlagsFrom(ret_flags_ |
                           (flags & ~static_cast<OM_uint32>(GSS_C_DELEG_FLAG)));
    info.expiry = lifetime == GSS_C_INDEFINITE
                      ? absl::InfiniteFuture()
                      : absl::Now() + absl::Seconds(lifetime);
    return info;
  }

  absl::StatusOr<NativeNames> Names() const override {
    const GssLibrary& lib = *provider()->library;
    OM_uint32 minor = 0;
    ScopedGssName source(provider());
    ScopedGssName target(provider());
    gss_OID mech = GSS_C_NO_OID;
    int locally_initiated = 0;
    // gss-ntlmssp 1.2 crashes (strdup(NULL) while converting the name)
    // when asked for the own name of an NTLM acceptor that has none, as an
    // any-service acceptor; so ask for the mechanism first there. Covered by
    // interop_wine_ntlm_* (the example server accepts for any service); not
    // in-process, because gss-ntlmssp also leaks a name when it acquires
    // such a credential (src/gss_creds.c, get_server_creds), which would fail
    // the sanitizer stage for a leak that is not crossauth's.
    bool want_target = true;
    if (unnamed_acceptor_) {
      OM_uint32 major =
          lib.inquire_context(&minor, context_.get(), nullptr, nullptr, nullptr,
                              &mech, nullptr, nullptr, nullptr);
      if (GSS_ERROR(major)) {
        return MapGssStatus(*provider(), "gss_inquire_context", major, minor);
      }
      want_target = MechanismForOid(mech) != Mechanism::kNtlm;
    }
    OM_uint32 major =
        lib.inquire_context(&minor, context_.get(), source.receive(),
                            want_target ? target.receive() : nullptr, nullptr,
                            nullptr, nullptr, &locally_initiated, nullptr);
    if (GSS_ERROR(major)) {
      return MapGssStatus(*provider(), "gss_inquire_context", major, minor);
    }
    absl::StatusOr<std::string> source_name = Display(source);
    if (!source_name.ok()) return source_name.status();
    std::optional<std::string> target_name;
    if (want_target) {
      absl::StatusOr<std::string> shown = Display(target);
      if (!shown.ok()) return shown.status();
      target_name = *std::move(shown);
    }
    NativeNames names;
    names.local = locally_initiated ? std::optional(*source_name) : target_name;
    names.peer = locally_initiated ? target_name : std::optional(*source_name);
    return names;
  }

  absl::StatusOr<std::vector<uint8_t>> Wrap(absl::Span<const uint8_t> message,
                                            Protection protection) override {
    return messages().Wrap(message, protection);
  }
  absl::Status WrapAppend(absl::Span<const uint8_t> message,
                          Protection protection,
                          std::vector<uint8_t>& out) override {
    return messages().WrapAppend(message, protection, out);
  }
  absl::StatusOr<UnwrappedMessage> Unwrap(
      absl::Span<const uint8_t> token) override {
    return messages().Unwrap(token);
  }
  absl::StatusOr<UnwrappedSpan> UnwrapInPlace(
      absl::Span<uint8_t> token) override {
    return messages().UnwrapInPlace(token);
  }
  absl::StatusOr<size_t> MaxMessageSize(size_t token_limit,
                                        Protection protection) override {
    return messages().MaxMessageSize(token_limit, protection);
  }
  absl::StatusOr<IovSizes> WrapIovSizes(absl::Span<const IovBuffer> buffers,
                                        Protection protection) override {
    return messages().WrapIovSizes(buffers, protection);
  }
  absl::StatusOr<IovSizes> WrapIov(absl::Span<IovBuffer> buffers,
                                   Protection protection) override {
    return messages().WrapIov(buffers, protection);
  }
  absl::StatusOr<Protection> UnwrapIov(absl::Span<IovBuffer> buffers) override {
    return messages().UnwrapIov(buffers);
  }
  absl::StatusOr<std::vector<uint8_t>> GetMic(
      absl::Span<const uint8_t> message) override {
    return messages().GetMic(message);
  }
  absl::Status VerifyMic(absl::Span<const uint8_t> message,
                         absl::Span<const uint8_t> mic) override {
    return messages().VerifyMic(message, mic);
  }

  absl::StatusOr<Secret> SessionKey() const override {
    // GSS_C_INQ_SSPI_SESSION_KEY, 1.2.840.113554.1.2.2.5.5, spelled out so
    // that no implementation's header must declare it.
    static const uint8_t kSessionKeyOid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12,
                                             0x01, 0x02, 0x02, 0x05, 0x05};
    gss_OID_desc oid = {sizeof(kSessionKeyOid),
                        const_cast<uint8_t*>(kSessionKeyOid)};
    const GssLibrary& lib = *provider()->library;
    OM_uint32 minor = 0;
    gss_buffer_set_t data = GSS_C_NO_BUFFER_SET;
    OM_uint32 major =
        lib.inquire_sec_context_by_oid(&minor, context_.get(), &oid, &data);
    if (GSS_ERROR(major)) {
      return MapGssStatus(*provider(), "gss_inquire_sec_context_by_oid", major,
                          minor);
    }
    // The key first, then (MIT) its enctype; wipe every buffer before the
    // library frees it.
    std::string key;
    bool have_key = data != GSS_C_NO_BUFFER_SET && data->count > 0 &&
                    data->elements[0].length > 0;
    if (have_key) {
      key.assign(static_cast<const char*>(data->elements[0].value),
                 data->elements[0].length);
    }
    if (data != GSS_C_NO_BUFFER_SET) {
      for (size_t i = 0; i < data->count; ++i) {
        SecureWipe(data->elements[i].value, data->elements[i].length);
      }
      OM_uint32 ignored = 0;
      lib.release_buffer_set(&ignored, &data);
    }
    if (!have_key) {
      return ReasonedError(absl::StatusCode::kInternal,
                           "gss_inquire_sec_context_by_oid returned no "
                           "session key",
                           ErrorReason::kOther);
    }
    return Secret(std::move(key));
  }

  absl::Status Delete() override {
    OM_uint32 minor = 0;
    OM_uint32 major = context_.Release(&minor);
    if (GSS_ERROR(major)) {
      return MapGssStatus(*provider(), "gss_delete_sec_context", major, minor);
    }
    return absl::OkStatus();
  }

 protected:
  absl::StatusOr<std::string> Display(const ScopedGssName& name) const {
    if (name.get() == GSS_C_NO_NAME) return std::string();
    OM_uint32 minor = 0;
    ScopedGssBuffer text(provider());
    OM_uint32 major = provider()->library->display_name(
        &minor, name.get(), text.receive(), nullptr);
    if (GSS_ERROR(major))
      return MapGssStatus(*provider(), "gss_display_name", major, minor);
    return text.str();
  }

  // What Info() reports, taken from the completing call's own outputs
  // (NativeStep::info), which saves a gss_inquire_context per side and
  // handshake: the mechanism (MIT and Heimdal name the one SPNEGO chose),
  // the flags and the lifetime. Unset when the call named no concrete
  // mechanism; SessionCore asks Info() then.
  std::optional<SessionInfo> CompletedInfo(OM_uint32 lifetime) const {
    if (MechanismForOid(actual_mech_) != Mechanism::kKerberos) {
      return std::nullopt;
    }
    // MIT's initiator does not clamp its lifetime: a ticket that ended
    // during the exchange wraps to a huge value. gss_inquire_context then
    // says GSS_S_CONTEXT_EXPIRED, as it should.
    if (lifetime != GSS_C_INDEFINITE && lifetime > 0x7fffffffu) {
      return std::nullopt;
    }
    SessionInfo info;
    info.mechanism = Mechanism::kKerberos;
    info.negotiated = negotiated_;
    info.flags = FlagsFrom(ret_flags_);
    info.expiry = lifetime == GSS_C_INDEFINITE
                      ? absl::InfiniteFuture()
                      : absl::Now() + absl::Seconds(lifetime);
    return info;
  }
  // A step's result: the token, and at completion what Info() would say.
  NativeStep Completed(const ScopedGssBuffer& out, OM_uint32 major,
                       OM_uint32 lifetime) const {
    NativeStep step{out.bytes(), major == GSS_S_COMPLETE, std::nullopt};
    if (step.complete) step.info = CompletedInfo(lifetime);
    return step;
  }
  // The message calls, made on demand (two references: holding one per
  // session would cost 16 bytes of heap per session).
  GssMessages messages() const {
    return GssMessages(provider(), context_.get());
  }

  // Laid out so that the small fields pack together (heap per session,
  // docs/performance.md).
  const std::shared_ptr<const GssProvider>& provider() const {
    return credential_.provider();
  }

  // A reference (see the constructor), not copies of the credential's
  // provider and handle: saves 16 bytes and a reference count per session.
  const GssCredential& credential_;
  BorrowedProviderGssContext context_;  // the credential's provider outlives it
  gss_OID actual_mech_ = GSS_C_NO_OID;  // static storage in the library
  OM_uint32 ret_flags_ = 0;
  // An acceptor for any service (no principal of its own).
  bool unnamed_acceptor_;
  bool negotiated_ = false;
};

class GssClientContext : public GssContextBase {
 public:
  GssClientContext(const GssCredential& credential,
                   std::shared_ptr<const ImportedTarget> target,
                   Mechanism mechanism, OM_uint32 flags,
                   const std::optional<ChannelBindings>& bindings)
      : GssContextBase(credential),
        mechanism_(static_cast<uint8_t>(mechanism)),
        flags_(static_cast<uint8_t>(flags)),
        target_(std::move(target)),
        bindings_(bindings) {
    negotiated_ = mechanism == Mechanism::kNegotiate;
  }

  absl::StatusOr<NativeStep> Step(absl::Span<const uint8_t> input) override {
    if (kGssFallsBackAcrossRealms && input.empty()) {
      if (absl::Status realm = RefuseCrossRealmTarget(); !realm.ok()) {
        return realm;
      }
    }
    OM_uint32 minor = 0;
    OM_uint32 lifetime = 0;
    gss_buffer_desc in = ReadOnlyInput(input);
    ScopedGssBuffer out(provider());
    OM_uint32 major = provider()->library->init_sec_context(
        &minor, credential_.handle(), context_.receive(), target_->name.get(),
        OidFor(static_cast<Mechanism>(mechanism_)), ExpandFlags(flags_),
        GSS_C_INDEFINITE, bindings_.get(),
        input.empty() ? GSS_C_NO_BUFFER : &in, &actual_mech_, out.receive(),
        &ret_flags_, &lifetime);
    if (GSS_ERROR(major)) {
      absl::Status status = MapInitSecContextStatus(
          *provider(), major, minor,
          actual_mech_ != GSS_C_NO_OID
              ? actual_mech_
              : OidFor(static_cast<Mechanism>(mechanism_)),
          target_->principal, /*server_token=*/!input.empty());
      if (out.get().length > 0) SetErrorToken(status, out.bytes());
      return status;
    }
    return Completed(out, major, lifetime);
  }

 private:
  // For a library that may hand over a ticket from another realm than the
  // target's (kGssFallsBackAcrossRealms: Heimdal 7.8, whenever it cannot
  // reach the target's realm, asks the client's realm for the same name and
  // takes a ticket for it in any realm, even where a cross-realm path
  // exists but its KDC does not answer), a target in another realm than the
  // client's is refused before anything is sent: crossauth could not tell
  // which realm's service it authenticated. The realm is the resolved
  // principal's, so a host name that [domain_realm] maps elsewhere counts.
  absl::Status RefuseCrossRealmTarget() const {
    absl::string_view wanted = PrincipalRealm(target_->principal);
    if (wanted.empty()) return absl::OkStatus();  // the client's realm
    absl::StatusOr<std::string> home = credential_.ClientRealm();
    if (!home.ok()) return home.status();
    if (*home == wanted) return absl::OkStatus();
    return ReasonedError(
        absl::StatusCode::kUnimplemented,
        absl::StrCat("gss_init_sec_context: ", kGssCrossRealmRefusal,
                     "; target principal ", target_->principal,
                     ", client realm ", *home),
        ErrorReason::kUnsupported);
  }

  // One byte each, first, so that they fit in GssContextBase's tail
  // padding (heap per session, docs/performance.md): a Mechanism, and
  // FlagsFor()'s GSS flags (all below 0x80) with kDelegPolicyBit.
  uint8_t mechanism_;
  uint8_t flags_;
  static_assert((GSS_C_MUTUAL_FLAG | GSS_C_DELEG_FLAG | GSS_C_REPLAY_FLAG |
                 GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG) <
                kDelegPolicyBit);
  // Shared with the credential's other sessions (GssCredential::Target).
  std::shared_ptr<const ImportedTarget> target_;
  Bindings bindings_;
};

class GssServerContext : public GssContextBase {
 public:
  GssServerContext(const GssCredential& credential,
                   const ServerOptions& options, bool ntlm_allowed,
                   bool any_service)
      : GssContextBase(credential, any_service),
        delegated_(credential.provider().get()),
        bindings_(options.channel_binding_policy ==
                          ChannelBindingPolicy::kIgnore
                      ? std::nullopt
                      : options.channel_bindings),
        ntlm_allowed_(ntlm_allowed) {}

  absl::StatusOr<NativeStep> Step(absl::Span<const uint8_t> input) override {
    ++steps_;
    if (first_) {
      // What the client speaks, for the error mapping below; the
      // allow-list's NTLM refusals of this token happened above the seam
      // (CheckClientFirstToken in src/core/policy.h).
      std::optional<Mechanism> offered = InitialTokenMechanism(input);
      if (!offered.has_value() && !input.empty() && input[0] == kRawApReqTag) {
        offered = Mechanism::kKerberos;  // a bare AP-REQ, without framing
      }
      negotiated_ = offered == Mechanism::kNegotiate;
      ntlm_ = offered == Mechanism::kNtlm;
      first_ = false;
      // Raw Kerberos needs Kerberos on the acceptor's allow-list, and SPNEGO
      // needs Negotiate. MIT's acceptor finds no credential element for the
      // other mechanism itself (GSS_S_NO_CRED, kept with its codes);
      // Heimdal's accepts either, so there the rule is checked here.
      if (kGssAcceptorIgnoresMechanisms &&
          (offered == Mechanism::kKerberos ||
           offered == Mechanism::kNegotiate) &&
          !credential_.allows(*offered)) {
        return MechanismNotAllowed(*offered);
      }
    }
    OM_uint32 minor = 0;
    OM_uint32 lifetime = 0;
    gss_buffer_desc in = ReadOnlyInput(input);
    ScopedGssBuffer out(provider());
    ScopedGssCred delegated(provider());
    // No source name: MIT builds and releases a krb5 context for it, and
    // Names() asks gss_inquire_context when the application wants it.
    OM_uint32 major = provider()->library->accept_sec_context(
        &minor, context_.receive(), credential_.handle(), &in, bindings_.get(),
        /*src_name=*/nullptr, &actual_mech_, out.receive(), &ret_flags_,
        &lifetime, delegated.receive());
    if (delegated.get() != GSS_C_NO_CREDENTIAL) {
      OM_uint32 ignored = 0;
      delegated_.Release(&ignored);
      *delegated_.receive() = delegated.release_ownership();
      // MIT sets GSS_C_DELEG_FLAG for the S4U2Proxy credential it makes
      // from the client's own ticket, too: the client delegated nothing
      // then, and the flags say so (ProxyCredential() hands it over).
      if (ret_flags_ & GSS_C_DELEG_FLAG) {
        absl::StatusOr<bool> evidence = HoldsEvidenceOnly();
        // Fail closed: a credential that may be evidence is never reported
        // as the client's delegation.
        if (!evidence.ok()) return evidence.status();
        if (*evidence) ret_flags_ &= ~static_cast<OM_uint32>(GSS_C_DELEG_FLAG);
      }
    }
    if (GSS_ERROR(major)) {
      absl::Status status =
          MapGssStatus(*provider(), "gss_accept_sec_context", major, minor,
                       actual_mech_, AcceptorHints());
      if (GSS_ROUTINE_ERROR(major) == GSS_S_BAD_MECH && negotiated_ &&
          !ntlm_allowed_) {
        // Our SPNEGO acceptor offers only allowed mechanisms (set_neg_mechs),
        // so a client with nothing in common is refused by policy.
        status = Restated(absl::StatusCode::kPermissionDenied,
                          absl::StrCat(NoAllowedMechanismMessage(kAcceptCall),
                                       "; ", status.message()),
                          status, ErrorReason::kMechanismRefused);
      } else if (GSS_ROUTINE_ERROR(major) == GSS_S_FAILURE && ntlm_ &&
                 steps_ > 1) {
        // gss-ntlmssp rejects a wrong password (a bad NT response in the
        // AUTHENTICATE message, the client's second) with GSS_S_FAILURE and
        // EINVAL; SSPI says SEC_E_LOGON_DENIED.
        status = Restated(
            absl::StatusCode::kUnauthenticated,
            absl::StrCat(status.message(), "; ", kHintNtlmCredentialsRefused),
            status, ErrorReason::kWrongPassword);
        // The payload's hint says the same as the message (crossauth check
        // prints the hint).
        if (std::optional<NativeError> native = GetNativeError(status)) {
          native->hint = std::string(kHintNtlmCredentialsRefused);
          SetNativeError(status, *native);
        }
      }
      if (steps_ == 1 && GetErrorReason(status) == ErrorReason::kStaleKey) {
        status = NameTheKeyVersions(status, input);
      }
      // A KRB-ERROR tells the client why (replay, skew); it must still go.
      if (out.get().length > 0) SetErrorToken(status, out.bytes());
      return status;
    }
    // The NTLM exchange has begun (raw, or chosen inside SPNEGO).
    if (MechanismForOid(actual_mech_) == Mechanism::kNtlm) ntlm_ = true;
    if (major == GSS_S_COMPLETE) {
      // Whatever the first token looked like, the context that resulted
      // must be one the allow-list has: SPNEGO, or the mechanism itself.
      const std::optional<Mechanism> used =
          negotiated_ ? std::optional<Mechanism>(Mechanism::kNegotiate)
                      : MechanismForOid(actual_mech_);
      if ((used == Mechanism::kKerberos || used == Mechanism::kNegotiate) &&
          !credential_.allows(*used)) {
        return MechanismNotAllowed(*used);
      }
    }
    return Completed(out, major, lifetime);
  }

  absl::StatusOr<std::unique_ptr<NativeCredential>> TakeDelegatedCredential()
      override {
    if (delegated_.get() == GSS_C_NO_CREDENTIAL ||
        !(ret_flags_ & GSS_C_DELEG_FLAG)) {
      return NothingDelegatedError();
    }
    return std::unique_ptr<NativeCredential>(
        GssCredential::Adopt(provider(), delegated_.release_ownership()));
  }

  // Whether delegated_ is an impersonator credential (MIT's
  // GSS_KRB5_GET_CRED_IMPERSONATOR names this service in it; tickets the
  // client forwarded never have one). A library that does not know the
  // query (GSS_S_UNAVAILABLE) makes no evidence credentials; any other
  // failure is an error, so that the flags never claim a delegation that
  // may not be one.
  absl::StatusOr<bool> HoldsEvidenceOnly() const {
    if (kGssNoEvidenceTicket[0] != '\0') return false;
    // 1.2.840.113554.1.2.2.5.14, spelled out as for SessionKey().
    static const uint8_t kImpersonatorOid[] = {
        0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x05, 0x0e};
    gss_OID_desc oid = {sizeof(kImpersonatorOid),
                        const_cast<uint8_t*>(kImpersonatorOid)};
    const GssLibrary& lib = *provider()->library;
    OM_uint32 minor = 0;
    gss_buffer_set_t data = GSS_C_NO_BUFFER_SET;
    OM_uint32 major =
        lib.inquire_cred_by_oid(&minor, delegated_.get(), &oid, &data);
    const bool impersonator = !GSS_ERROR(major) &&
                              data != GSS_C_NO_BUFFER_SET && data->count > 0 &&
                              data->elements[0].length > 0;
    if (data != GSS_C_NO_BUFFER_SET) {
      OM_uint32 ignored = 0;
      lib.release_buffer_set(&ignored, &data);
    }
    if (GSS_ERROR(major) && GSS_ROUTINE_ERROR(major) != GSS_S_UNAVAILABLE) {
      return MapGssStatus(*provider(), "gss_inquire_cred_by_oid", major, minor);
    }
    return impersonator;
  }

  absl::StatusOr<std::unique_ptr<NativeCredential>> TakeProxyCredential()
      override {
    if (kGssNoEvidenceTicket[0] != '\0') {
      return ReasonedError(absl::StatusCode::kUnimplemented,
                           absl::StrCat("ServerSession::ProxyCredential(): ",
                                        kGssNoEvidenceTicket),
                           ErrorReason::kUnsupported);
    }
    // Without GSS_C_DELEG_FLAG, the handle MIT returned holds the client's
    // ticket as evidence (and this service's own tickets): initiating with
    // it is S4U2Proxy.
    if (delegated_.get() == GSS_C_NO_CREDENTIAL ||
        (ret_flags_ & GSS_C_DELEG_FLAG)) {
      return NoEvidenceTicketError();
    }
    return std::unique_ptr<NativeCredential>(
        GssCredential::Adopt(provider(), delegated_.release_ownership()));
  }

  absl::StatusOr<PeerIdentity> Peer() const override {
    return PeerIdentityOf(provider(), context_.get());
  }

  absl::StatusOr<std::string> LocalName() const override {
    return LocalNameOf(provider(), context_.get());
  }

 private:
  // The first octet of a bare RFC 4120 AP-REQ ([APPLICATION 14]), which
  // Heimdal's acceptor takes as Kerberos without RFC 2743 framing.
  static constexpr uint8_t kRawApReqTag = 0x6e;

  // A client mechanism the acceptor's credential does not allow, in MIT's
  // terms (its GSS_S_NO_CRED there).
  static absl::Status MechanismNotAllowed(Mechanism mechanism) {
    return ReasonedError(
        absl::StatusCode::kUnauthenticated,
        absl::StrCat(kAcceptCall, ": the client speaks ",
                     MechanismName(mechanism),
                     ", which this acceptor's credential does not allow (",
                     kHintAcceptorNoCredential, ")"),
        ErrorReason::kNoCredential);
  }

  // A ticket of a key version the keytab lacks: the message says which
  // version the ticket has (the AP-REQ names it in the clear) and which the
  // keytab holds for that service (read from a FILE keytab, KRB5_KTNAME
  // when the credential names none). What cannot be read is left out.
  absl::Status NameTheKeyVersions(const absl::Status& status,
                                  absl::Span<const uint8_t> token) const {
    std::optional<KerberosTicketSummary> ticket = KerberosTicket(token);
    if (!ticket.has_value() || !ticket->kvno.has_value()) return status;
    std::string detail = absl::StrCat("the ticket is for key version ",
                                      *ticket->kvno, " of ", ticket->server);
    // Only for the acceptor's own service, whose key version the library
    // already looked for: an acceptor for any service would look up a name
    // the peer chose. The versions come from GssCredential's cache, read
    // again only when the keytab file changes, so a peer cannot make every
    // refused token a keytab read.
    if (!credential_.any_service()) {
      if (std::optional<std::vector<uint32_t>> versions =
              credential_.KeytabVersions(ticket->server);
          versions.has_value()) {
        absl::StrAppend(
            &detail, "; the keytab ", credential_.keytab(), " holds ",
            versions->empty()
                ? std::string("no key of it")
                : absl::StrCat("key version", versions->size() > 1 ? "s " : " ",
                               absl::StrJoin(*versions, ", ")));
      }
    }
    return Restated(status.code(), absl::StrCat(status.message(), "; ", detail),
                    status, ErrorReason::kStaleKey);
  }

  // Until TakeDelegatedCredential(); the credential's provider outlives it.
  BorrowedProviderGssCred delegated_;
  Bindings bindings_;
  int steps_ = 0;  // Step() calls so far
  bool ntlm_allowed_;
  bool first_ = true;
  bool ntlm_ = false;  // the client speaks NTLM
};

class GssBackend : public Backend {
 public:
  absl::string_view name() const override { return "gssapi"; }

  NativeCalls native_calls() const override {
    return {"gss_acquire_cred_from", "gss_init_sec_context", kAcceptCall};
  }

  absl::StatusOr<std::unique_ptr<NativeCredential>> AcquireCredential(
      const CredentialOptions& options) override {
    absl::StatusOr<std::unique_ptr<GssCredential>> credential =
        GssCredential::Acquire(options);
    if (!credential.ok()) return credential.status();
    return std::unique_ptr<NativeCredential>(std::move(*credential));
  }

  absl::StatusOr<std::unique_ptr<NativeContext>> StartClient(
      NativeCredential& credential, const ClientOptions& options,
      const TargetName& target) override {
    auto& gss_credential = static_cast<GssCredential&>(credential);
    // The principal crossauth chose, imported as a Kerberos name so that
    // the library does not canonicalize the host again. gss-ntlmssp cannot
    // read Kerberos names, so where NTLM may be used a host-based name goes
    // in instead (its host already resolved by crossauth's policy).
    const bool ntlm_possible = options.mechanism == Mechanism::kNtlm ||
                               (options.mechanism == Mechanism::kNegotiate &&
                                credential.allows(Mechanism::kNtlm));
    absl::StatusOr<std::shared_ptr<const ImportedTarget>> imported =
        gss_credential.Target(
            target,
            ntlm_possible && target.kind == TargetName::Kind::kHostBased);
    if (!imported.ok()) return imported.status();
    return std::make_unique<GssClientContext>(
        gss_credential, *std::move(imported), options.mechanism,
        FlagsFor(options.flags) |
            (options.delegation == Delegation::kIfTrusted ? kDelegPolicyBit
                                                          : 0),
        options.channel_bindings);
  }

  absl::StatusOr<std::unique_ptr<NativeContext>> StartServer(
      NativeCredential& credential, const ServerOptions& options) override {
    auto& gss_credential = static_cast<GssCredential&>(credential);
    return std::make_unique<GssServerContext>(
        gss_credential, options, credential.allows(Mechanism::kNtlm),
        gss_credential.any_service());
  }
};

}  // namespace

Backend& GetBackend() {
  static GssBackend* backend = new GssBackend();
  return *backend;
}

}  // namespace internal
}  // namespace crossauth
