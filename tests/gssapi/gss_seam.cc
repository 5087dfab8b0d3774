// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The counting and fault-injecting GSS-API table behind native_seam.h.

#include "tests/gssapi/gss_seam.h"

#include <cerrno>
#include <map>
#include <string>
#include <type_traits>

#include "absl/base/const_init.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "backends/gssapi/gss_library.h"
#include "tests/support/handle_ledger.h"
#include "tests/support/native_seam.h"

namespace crossauth {
namespace test {
namespace {

using internal::GssLibrary;
using internal::SystemGssLibrary;

const GssLibrary& Real() { return SystemGssLibrary(); }

// Counts a call; true when this call must fail instead of running.
bool Inject(const char* call, OM_uint32* minor) {
  if (!ledger::CountCall(call)) return false;
  *minor = ENOMEM;
  return true;
}

std::string Key(const void* handle) { return absl::StrFormat("%p", handle); }

void Track(const void* handle, const char* call) {
  if (handle != nullptr) ledger::Track(Key(handle), call);
}

void Forget(const void* handle) {
  if (handle != nullptr) ledger::Forget(Key(handle));
}

OM_uint32 ImportName(OM_uint32* minor, gss_buffer_t text, gss_OID type,
                     gss_name_t* name) {
  if (Inject("gss_import_name", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().import_name(minor, text, type, name);
  if (!GSS_ERROR(major)) Track(*name, "gss_import_name");
  return major;
}

OM_uint32 DisplayName(OM_uint32* minor, gss_name_t name, gss_buffer_t text,
                      gss_OID* type) {
  if (Inject("gss_display_name", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().display_name(minor, name, text, type);
  if (!GSS_ERROR(major)) Track(text->value, "gss_display_name");
  return major;
}

OM_uint32 ReleaseName(OM_uint32* minor, gss_name_t* name) {
  Forget(*name);
  return Real().release_name(minor, name);
}

OM_uint32 GetNameAttribute(OM_uint32* minor, gss_name_t name, gss_buffer_t attr,
                           int* authenticated, int* complete,
                           gss_buffer_t value, gss_buffer_t display_value,
                           int* more) {
  if (Inject("gss_get_name_attribute", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().get_name_attribute(
      minor, name, attr, authenticated, complete, value, display_value, more);
  if (!GSS_ERROR(major)) {
    if (value != GSS_C_NO_BUFFER) Track(value->value, "gss_get_name_attribute");
    if (display_value != GSS_C_NO_BUFFER) {
      Track(display_value->value, "gss_get_name_attribute");
    }
  }
  return major;
}

OM_uint32 Localname(OM_uint32* minor, gss_name_t name, gss_OID mech,
                    gss_buffer_t localname) {
  if (Inject("gss_localname", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().localname(minor, name, mech, localname);
  if (!GSS_ERROR(major)) Track(localname->value, "gss_localname");
  return major;
}

OM_uint32 AcquireCredFrom(OM_uint32* minor, gss_name_t name, OM_uint32 time,
                          gss_OID_set mechs, gss_cred_usage_t usage,
                          gss_const_key_value_set_t store, gss_cred_id_t* cred,
                          gss_OID_set* actual, OM_uint32* time_rec) {
  if (Inject("gss_acquire_cred_from", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().acquire_cred_from(minor, name, time, mechs, usage,
                                             store, cred, actual, time_rec);
  if (!GSS_ERROR(major)) Track(*cred, "gss_acquire_cred_from");
  return major;
}

OM_uint32 AcquireCredImpersonateName(OM_uint32* minor,
                                     gss_cred_id_t impersonator,
                                     gss_name_t name, OM_uint32 time,
                                     gss_OID_set mechs, gss_cred_usage_t usage,
                                     gss_cred_id_t* cred, gss_OID_set* actual,
                                     OM_uint32* time_rec) {
  if (Inject("gss_acquire_cred_impersonate_name", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().acquire_cred_impersonate_name(
      minor, impersonator, name, time, mechs, usage, cred, actual, time_rec);
  if (!GSS_ERROR(major)) Track(*cred, "gss_acquire_cred_impersonate_name");
  return major;
}

OM_uint32 InquireCred(OM_uint32* minor, gss_cred_id_t cred, gss_name_t* name,
                      OM_uint32* lifetime, gss_cred_usage_t* usage,
                      gss_OID_set* mechs) {
  if (Inject("gss_inquire_cred", minor)) return GSS_S_FAILURE;
  OM_uint32 major =
      Real().inquire_cred(minor, cred, name, lifetime, usage, mechs);
  if (!GSS_ERROR(major) && name != nullptr) Track(*name, "gss_inquire_cred");
  return major;
}

OM_uint32 SetNegMechs(OM_uint32* minor, gss_cred_id_t cred,
                      const gss_OID_set mechs) {
  if (Inject("gss_set_neg_mechs", minor)) return GSS_S_FAILURE;
  return Real().set_neg_mechs(minor, cred, mechs);
}

OM_uint32 ReleaseCred(OM_uint32* minor, gss_cred_id_t* cred) {
  Forget(*cred);
  return Real().release_cred(minor, cred);
}

OM_uint32 StoreCredInto(OM_uint32* minor, gss_cred_id_t cred,
                        gss_cred_usage_t usage, const gss_OID mech,
                        OM_uint32 overwrite, OM_uint32 make_default,
                        gss_const_key_value_set_t store,
                        gss_OID_set* elements_stored,
                        gss_cred_usage_t* usage_stored) {
  if (Inject("gss_store_cred_into", minor)) return GSS_S_FAILURE;
  return Real().store_cred_into(minor, cred, usage, mech, overwrite,
                                make_default, store, elements_stored,
                                usage_stored);
}

OM_uint32 InitSecContext(OM_uint32* minor, gss_cred_id_t cred,
                         gss_ctx_id_t* context, gss_name_t target, gss_OID mech,
                         OM_uint32 flags, OM_uint32 time,
                         gss_channel_bindings_t bindings, gss_buffer_t input,
                         gss_OID* actual_mech, gss_buffer_t output,
                         OM_uint32* ret_flags, OM_uint32* time_rec) {
  if (Inject("gss_init_sec_context", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().init_sec_context(
      minor, cred, context, target, mech, flags, time, bindings, input,
      actual_mech, output, ret_flags, time_rec);
  Track(*context, "gss_init_sec_context");
  Track(output->value, "gss_init_sec_context (token)");
  return major;
}

OM_uint32 AcceptSecContext(OM_uint32* minor, gss_ctx_id_t* context,
                           gss_cred_id_t cred, gss_buffer_t input,
                           gss_channel_bindings_t bindings, gss_name_t* source,
                           gss_OID* mech, gss_buffer_t output,
                           OM_uint32* ret_flags, OM_uint32* time_rec,
                           gss_cred_id_t* delegated) {
  if (Inject("gss_accept_sec_context", minor)) return GSS_S_FAILURE;
  OM_uint32 major =
      Real().accept_sec_context(minor, context, cred, input, bindings, source,
                                mech, output, ret_flags, time_rec, delegated);
  Track(*context, "gss_accept_sec_context");
  Track(output->value, "gss_accept_sec_context (token)");
  if (source != nullptr) Track(*source, "gss_accept_sec_context (name)");
  if (delegated != nullptr) {
    Track(*delegated, "gss_accept_sec_context (delegated)");
  }
  return major;
}

OM_uint32 InquireContext(OM_uint32* minor, gss_ctx_id_t context,
                         gss_name_t* source, gss_name_t* target,
                         OM_uint32* lifetime, gss_OID* mech, OM_uint32* flags,
                         int* local, int* open) {
  if (Inject("gss_inquire_context", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().inquire_context(minor, context, source, target,
                                           lifetime, mech, flags, local, open);
  if (!GSS_ERROR(major)) {
    if (source != nullptr) Track(*source, "gss_inquire_context (source)");
    if (target != nullptr) Track(*target, "gss_inquire_context (target)");
  }
  return major;
}

OM_uint32 DeleteSecContext(OM_uint32* minor, gss_ctx_id_t* context,
                           gss_buffer_t output) {
  Forget(*context);
  return Real().delete_sec_context(minor, context, output);
}

OM_uint32 Wrap(OM_uint32* minor, gss_ctx_id_t context, int conf, gss_qop_t qop,
               gss_buffer_t input, int* conf_state, gss_buffer_t output) {
  if (Inject("gss_wrap", minor)) return GSS_S_FAILURE;
  OM_uint32 major =
      Real().wrap(minor, context, conf, qop, input, conf_state, output);
  if (!GSS_ERROR(major)) Track(output->value, "gss_wrap");
  return major;
}

OM_uint32 Unwrap(OM_uint32* minor, gss_ctx_id_t context, gss_buffer_t input,
                 gss_buffer_t output, int* conf_state, gss_qop_t* qop) {
  if (Inject("gss_unwrap", minor)) return GSS_S_FAILURE;
  OM_uint32 major =
      Real().unwrap(minor, context, input, output, conf_state, qop);
  Track(output->value, "gss_unwrap");
  return major;
}

// The IOV calls write into caller buffers (none is allocated by the library
// unless a buffer asks for it with GSS_IOV_BUFFER_FLAG_ALLOCATE, which
// crossauth never does), so there is nothing to track.
OM_uint32 WrapIov(OM_uint32* minor, gss_ctx_id_t context, int conf,
                  gss_qop_t qop, int* conf_state, gss_iov_buffer_desc* iov,
                  int count) {
  if (Inject("gss_wrap_iov", minor)) return GSS_S_FAILURE;
  return Real().wrap_iov(minor, context, conf, qop, conf_state, iov, count);
}

OM_uint32 UnwrapIov(OM_uint32* minor, gss_ctx_id_t context, int* conf_state,
                    gss_qop_t* qop, gss_iov_buffer_desc* iov, int count) {
  if (Inject("gss_unwrap_iov", minor)) return GSS_S_FAILURE;
  return Real().unwrap_iov(minor, context, conf_state, qop, iov, count);
}

OM_uint32 WrapIovLength(OM_uint32* minor, gss_ctx_id_t context, int conf,
                        gss_qop_t qop, int* conf_state,
                        gss_iov_buffer_desc* iov, int count) {
  if (Inject("gss_wrap_iov_length", minor)) return GSS_S_FAILURE;
  return Real().wrap_iov_length(minor, context, conf, qop, conf_state, iov,
                                count);
}

OM_uint32 WrapSizeLimit(OM_uint32* minor, gss_ctx_id_t context, int conf,
                        gss_qop_t qop, OM_uint32 req_output_size,
                        OM_uint32* max_input_size) {
  if (Inject("gss_wrap_size_limit", minor)) return GSS_S_FAILURE;
  return Real().wrap_size_limit(minor, context, conf, qop, req_output_size,
                                max_input_size);
}

OM_uint32 ReleaseIovBuffer(OM_uint32* minor, gss_iov_buffer_desc* iov,
                           int count) {
  return Real().release_iov_buffer(minor, iov, count);
}

OM_uint32 GetMic(OM_uint32* minor, gss_ctx_id_t context, gss_qop_t qop,
                 gss_buffer_t message, gss_buffer_t token) {
  if (Inject("gss_get_mic", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().get_mic(minor, context, qop, message, token);
  if (!GSS_ERROR(major)) Track(token->value, "gss_get_mic");
  return major;
}

OM_uint32 VerifyMic(OM_uint32* minor, gss_ctx_id_t context,
                    gss_buffer_t message, gss_buffer_t token, gss_qop_t* qop) {
  if (Inject("gss_verify_mic", minor)) return GSS_S_FAILURE;
  return Real().verify_mic(minor, context, message, token, qop);
}

OM_uint32 InquireSecContextByOid(OM_uint32* minor, gss_ctx_id_t context,
                                 gss_OID oid, gss_buffer_set_t* data) {
  if (Inject("gss_inquire_sec_context_by_oid", minor)) return GSS_S_FAILURE;
  OM_uint32 major =
      Real().inquire_sec_context_by_oid(minor, context, oid, data);
  if (!GSS_ERROR(major)) Track(*data, "gss_inquire_sec_context_by_oid");
  return major;
}

OM_uint32 InquireCredByOid(OM_uint32* minor, gss_cred_id_t cred, gss_OID oid,
                           gss_buffer_set_t* data) {
  if (Inject("gss_inquire_cred_by_oid", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().inquire_cred_by_oid(minor, cred, oid, data);
  if (!GSS_ERROR(major)) Track(*data, "gss_inquire_cred_by_oid");
  return major;
}

OM_uint32 ReleaseBufferSet(OM_uint32* minor, gss_buffer_set_t* data) {
  Forget(*data);
  return Real().release_buffer_set(minor, data);
}

OM_uint32 ReleaseBuffer(OM_uint32* minor, gss_buffer_t buffer) {
  Forget(buffer->value);
  return Real().release_buffer(minor, buffer);
}

OM_uint32 IndicateMechs(OM_uint32* minor, gss_OID_set* mechs) {
  if (Inject("gss_indicate_mechs", minor)) return GSS_S_FAILURE;
  OM_uint32 major = Real().indicate_mechs(minor, mechs);
  if (!GSS_ERROR(major)) Track(*mechs, "gss_indicate_mechs");
  return major;
}

OM_uint32 ReleaseOidSet(OM_uint32* minor, gss_OID_set* set) {
  Forget(*set);
  return Real().release_oid_set(minor, set);
}

// Status text is how errors are explained; it is never failed or counted.
OM_uint32 DisplayStatus(OM_uint32* minor, OM_uint32 code, int type,
                        gss_OID mech, OM_uint32* context, gss_buffer_t text) {
  return Real().display_status(minor, code, type, mech, context, text);
}

// krb5 calls: counted apart from the GSS calls (see gss_seam.h).
ABSL_CONST_INIT absl::Mutex krb5_mutex(absl::kConstInit);

struct Krb5Calls {
  std::map<std::string, int> counts;
  std::map<std::string, krb5_error_code> fail_next;
};

Krb5Calls& Krb5State() ABSL_EXCLUSIVE_LOCKS_REQUIRED(krb5_mutex) {
  static Krb5Calls* calls = new Krb5Calls();
  return *calls;
}

// Counts a krb5 call; its injected error code, or 0 to run it.
krb5_error_code Krb5Call(const char* call) {
  absl::MutexLock lock(&krb5_mutex);
  Krb5Calls& state = Krb5State();
  ++state.counts[call];
  auto it = state.fail_next.find(call);
  if (it == state.fail_next.end()) return 0;
  const krb5_error_code code = it->second;
  state.fail_next.erase(it);
  return code;
}

krb5_error_code Krb5InitContext(krb5_context* context) {
  if (krb5_error_code code = Krb5Call("krb5_init_context")) return code;
  return Real().init_context(context);
}

void Krb5FreeContext(krb5_context context) { Real().free_context(context); }

krb5_error_code Krb5GetHostRealm(krb5_context context, const char* host,
                                 char*** realms) {
  if (krb5_error_code code = Krb5Call("krb5_get_host_realm")) return code;
  krb5_error_code code = Real().get_host_realm(context, host, realms);
  if (code == 0) Track(*realms, "krb5_get_host_realm");
  return code;
}

krb5_error_code Krb5FreeHostRealm(krb5_context context, char** realms) {
  Forget(realms);
  return Real().free_host_realm(context, realms);
}

krb5_error_code Krb5GetDefaultRealm(krb5_context context, char** realm) {
  if (krb5_error_code code = Krb5Call("krb5_get_default_realm")) return code;
  krb5_error_code code = Real().get_default_realm(context, realm);
  if (code == 0) Track(*realm, "krb5_get_default_realm");
  return code;
}

void Krb5FreeDefaultRealm(krb5_context context, char* realm) {
  Forget(realm);
  Real().free_default_realm(context, realm);
}

// Error text is how errors are explained; it is counted, never failed.
const char* Krb5GetErrorMessage(krb5_context context, krb5_error_code code) {
  Krb5Call("krb5_get_error_message");
  const char* text = Real().get_error_message(context, code);
  Track(text, "krb5_get_error_message");
  return text;
}

void Krb5FreeErrorMessage(krb5_context context, const char* text) {
  Forget(text);
  Real().free_error_message(context, text);
}

// The wrappers above are written with MIT's parameter types. Heimdal
// declares some of the same parameters const (gss_const_name_t,
// gss_const_ctx_id_t, ...) and krb5_free_default_realm returning a code;
// Adapted<member type, wrapper> passes the table's arguments on to the
// wrapper unchanged (with MIT the two types are the same).
template <typename To, typename From>
To Pass(From value) {
  if constexpr (std::is_pointer_v<From> && std::is_pointer_v<To>) {
    return const_cast<To>(value);
  } else {
    return value;
  }
}

template <typename R, typename... B, typename... A>
R CallWith(R (*f)(B...), A... args) {
  return f(Pass<B>(args)...);
}

template <typename To, auto F>
struct Adapter;

template <typename R, typename... A, auto F>
struct Adapter<R (*)(A...), F> {
  static R Call(A... args) {
    if constexpr (std::is_void_v<decltype(CallWith(F, args...))>) {
      CallWith(F, args...);
      if constexpr (!std::is_void_v<R>) return R{};
    } else {
      return CallWith(F, args...);
    }
  }
};

template <typename To, auto F>
inline constexpr To Adapted = &Adapter<To, F>::Call;

const GssLibrary kCounting = [] {
  GssLibrary l;
  l.import_name = Adapted<decltype(l.import_name), ImportName>;
  l.display_name = Adapted<decltype(l.display_name), DisplayName>;
  l.release_name = Adapted<decltype(l.release_name), ReleaseName>;
  l.get_name_attribute =
      Adapted<decltype(l.get_name_attribute), GetNameAttribute>;
  l.localname = Adapted<decltype(l.localname), Localname>;
  l.acquire_cred_from = Adapted<decltype(l.acquire_cred_from), AcquireCredFrom>;
  l.acquire_cred_impersonate_name =
      Adapted<decltype(l.acquire_cred_impersonate_name),
              AcquireCredImpersonateName>;
  l.inquire_cred = Adapted<decltype(l.inquire_cred), InquireCred>;
  l.set_neg_mechs = Adapted<decltype(l.set_neg_mechs), SetNegMechs>;
  l.release_cred = Adapted<decltype(l.release_cred), ReleaseCred>;
  l.store_cred_into = Adapted<decltype(l.store_cred_into), StoreCredInto>;
  l.init_sec_context = Adapted<decltype(l.init_sec_context), InitSecContext>;
  l.accept_sec_context =
      Adapted<decltype(l.accept_sec_context), AcceptSecContext>;
  l.inquire_context = Adapted<decltype(l.inquire_context), InquireContext>;
  l.delete_sec_context =
      Adapted<decltype(l.delete_sec_context), DeleteSecContext>;
  l.wrap = Adapted<decltype(l.wrap), Wrap>;
  l.unwrap = Adapted<decltype(l.unwrap), Unwrap>;
  l.wrap_iov = Adapted<decltype(l.wrap_iov), WrapIov>;
  l.unwrap_iov = Adapted<decltype(l.unwrap_iov), UnwrapIov>;
  l.wrap_iov_length = Adapted<decltype(l.wrap_iov_length), WrapIovLength>;
  l.wrap_size_limit = Adapted<decltype(l.wrap_size_limit), WrapSizeLimit>;
  l.release_iov_buffer =
      Adapted<decltype(l.release_iov_buffer), ReleaseIovBuffer>;
  l.get_mic = Adapted<decltype(l.get_mic), GetMic>;
  l.verify_mic = Adapted<decltype(l.verify_mic), VerifyMic>;
  l.release_buffer = Adapted<decltype(l.release_buffer), ReleaseBuffer>;
  l.inquire_sec_context_by_oid =
      Adapted<decltype(l.inquire_sec_context_by_oid), InquireSecContextByOid>;
  l.inquire_cred_by_oid =
      Adapted<decltype(l.inquire_cred_by_oid), InquireCredByOid>;
  l.release_buffer_set =
      Adapted<decltype(l.release_buffer_set), ReleaseBufferSet>;
  l.display_status = Adapted<decltype(l.display_status), DisplayStatus>;
  l.indicate_mechs = Adapted<decltype(l.indicate_mechs), IndicateMechs>;
  l.release_oid_set = Adapted<decltype(l.release_oid_set), ReleaseOidSet>;
  l.init_context = Adapted<decltype(l.init_context), Krb5InitContext>;
  l.free_context = Adapted<decltype(l.free_context), Krb5FreeContext>;
  l.get_host_realm = Adapted<decltype(l.get_host_realm), Krb5GetHostRealm>;
  l.free_host_realm = Adapted<decltype(l.free_host_realm), Krb5FreeHostRealm>;
  l.get_default_realm =
      Adapted<decltype(l.get_default_realm), Krb5GetDefaultRealm>;
  l.free_default_realm =
      Adapted<decltype(l.free_default_realm), Krb5FreeDefaultRealm>;
  l.get_error_message =
      Adapted<decltype(l.get_error_message), Krb5GetErrorMessage>;
  l.free_error_message =
      Adapted<decltype(l.free_error_message), Krb5FreeErrorMessage>;
  return l;
}();

}  // namespace

void InstallCountingSeam() { internal::SetGssLibraryForTesting(&kCounting); }

int Krb5CallCount(const std::string& call) {
  absl::MutexLock lock(&krb5_mutex);
  const std::map<std::string, int>& counts = Krb5State().counts;
  auto it = counts.find(call);
  return it == counts.end() ? 0 : it->second;
}

void FailNextKrb5Call(const std::string& call, krb5_error_code code) {
  absl::MutexLock lock(&krb5_mutex);
  Krb5State().fail_next[call] = code;
}

}  // namespace test
}  // namespace crossauth
