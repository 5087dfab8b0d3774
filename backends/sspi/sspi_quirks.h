// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// sspi_quirks.h: where the SSPI in use departs from Windows', by reason.
//
// crossauth's SSPI backend runs on Windows and, for its tests on Linux, under
// Wine (8.0), whose secur32 forwards to MIT's GSS-API. Where Wine behaves
// differently, the backend does not ask "is this Wine?": it asks the
// provider's SspiQuirks, whose every entry is named after the difference and
// says why it exists. SspiQuirksFor() is the only code that turns "this is
// Wine" into quirks, so a difference found (or fixed) in Wine is one line
// here.
//
// Example:
//   if (provider->quirks().ignores_channel_bindings) return ...Unimplemented;

#ifndef CROSSAUTH_BACKENDS_SSPI_SSPI_QUIRKS_H_
#define CROSSAUTH_BACKENDS_SSPI_SSPI_QUIRKS_H_

namespace crossauth {
namespace internal {

// SspiQuirks
//
// Each field is false on Windows. Immutable once chosen.
struct SspiQuirks {
  // Wine 8 passes GSS_C_NO_CHANNEL_BINDINGS whatever bindings the caller
  // gives, so bindings are refused as unavailable instead of being dropped
  // silently.
  bool ignores_channel_bindings = false;

  // Wine 8's AcceptSecurityContext passes no delegated_cred_handle to
  // gss_accept_sec_context, and its Kerberos and Negotiate packages have no
  // ImpersonateSecurityContext: a credential the client delegated is gone.
  bool drops_delegated_credential = false;

  // Wine 8 turns ISC_REQ_DELEGATE into GSS_C_DELEG_FLAG, which delegates to
  // any service, never GSS_C_DELEG_POLICY_FLAG: Delegation::kIfTrusted
  // cannot be kept, so it is refused as unavailable.
  bool delegates_to_any_service = false;

  // Wine hands SPNEGO to MIT's mechglue, which settles on the client's first
  // mechanism that it has (NTLM, with gss-ntlmssp installed), cannot be told
  // otherwise, and does not say which it chose (no
  // SECPKG_ATTR_NEGOTIATION_INFO): a SPNEGO offer that prefers NTLM can
  // neither be kept to the allow-list nor protect messages correctly.
  bool spnego_follows_client_preference = false;

  // Wine's NTLM package returns none of the protection attributes from
  // InitializeSecurityContextW/AcceptSecurityContext; it reports the
  // negotiated NTLMSSP features only through SECPKG_ATTR_FLAGS (as ISC_RET_
  // bits, on both sides).
  bool ntlm_features_only_in_attr_flags = false;

  // Wine 8's Negotiate (dlls/secur32/negotiate.c) is its Kerberos package
  // with a fallback to NTLM whenever Kerberos fails, sends the inner
  // package's raw tokens, and ignores SEC_WINNT_AUTH_IDENTITY_EX's package
  // list: a Negotiate credential without NTLM must be the Kerberos package.
  bool negotiate_ignores_package_list = false;

  // Wine's Kerberos package splits gss_wrap's token across the DATA and
  // TOKEN buffers of EncryptMessage, and under-reports SECPKG_ATTR_SIZES;
  // sspi_message_layout.h lays messages out for it.
  bool wrap_token_split_across_buffers = false;

  // Scatter/gather messages (WrapIov, UnwrapIov) under Wine 8:
  // - Kerberos: SpSealMessage and SpUnsealMessage (dlls/kerberos/krb5_ap.c)
  //   take the first buffer whose type is exactly SECBUFFER_DATA and the
  //   first SECBUFFER_TOKEN and ignore every other buffer ("FIXME: multiple
  //   data buffers, read-only buffers"); outside a DCE-style context,
  //   unixlib.c's seal_message_no_vector calls gss_wrap and splits its
  //   token as above. So the backend builds Windows' header-only layout
  //   itself: it wraps the data buffers' bytes as one message and rotates
  //   gss_wrap's token (wrap_token.h HeaderLayoutOf), and unwraps header ||
  //   data as one token (MIT's gss_unwrap takes any RRC), each through a
  //   copy. Sign-only buffers cannot be had: gss_wrap covers no clear bytes.
  // - NTLM: ntlm_SpSealMessage and ntlm_SpUnsealMessage
  //   (dlls/msv1_0/main.c) encrypt only the first SECBUFFER_DATA buffer
  //   (the signature covers every buffer with the SECBUFFER_DATA bit, so
  //   sign-only buffers work, and so would SECBUFFER_PADDING = 9, whose
  //   contents must not be hashed: NTLM gets no padding buffer).
  bool kerberos_iov_through_gss_wrap = false;
  bool ntlm_seals_first_data_buffer_only = false;
};

// SspiQuirksFor()
//
// The quirks of Wine's SSPI when `wine`, else none (Windows).
SspiQuirks SspiQuirksFor(bool wine);

}  // namespace internal
}  // namespace crossauth

#endif  // CROSSAUTH_BACKENDS_SSPI_SSPI_QUIRKS_H_
