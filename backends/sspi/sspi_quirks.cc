// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "backends/sspi/sspi_quirks.h"

namespace crossauth {
namespace internal {

SspiQuirks SspiQuirksFor(bool wine) {
  SspiQuirks quirks;
  if (!wine) return quirks;
  // Wine 8.0, checked by tests/sspi and the Wine runs of every suite.
  quirks.ignores_channel_bindings = true;
  quirks.drops_delegated_credential = true;
  quirks.delegates_to_any_service = true;
  quirks.spnego_follows_client_preference = true;
  quirks.ntlm_features_only_in_attr_flags = true;
  quirks.negotiate_ignores_package_list = true;
  quirks.wrap_token_split_across_buffers = true;
  quirks.kerberos_iov_through_gss_wrap = true;
  quirks.ntlm_seals_first_data_buffer_only = true;
  return quirks;
}

}  // namespace internal
}  // namespace crossauth
