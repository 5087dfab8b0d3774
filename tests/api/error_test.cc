// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0

#include "crossauth/error.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace crossauth {
namespace {

TEST(ErrorTest, NativeErrorRoundTripsThroughThePayload) {
  NativeError error;
  error.backend = "gssapi";
  error.call = "gss_init_sec_context";
  error.major = 0xd0000;
  error.minor = 0x96c73a07;
  error.mechanism = "1.2.840.113554.1.2.2";
  error.text = "Server not found: 12:34 (with colons and \n newlines)";
  error.hint = "check the service name";
  absl::Status status = absl::NotFoundError("x");
  SetNativeError(status, error);

  std::optional<NativeError> read = GetNativeError(status);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->backend, error.backend);
  EXPECT_EQ(read->call, error.call);
  EXPECT_EQ(read->major, error.major);
  EXPECT_EQ(read->minor, error.minor);
  EXPECT_EQ(read->mechanism, error.mechanism);
  EXPECT_EQ(read->text, error.text);
  EXPECT_EQ(read->hint, error.hint);
}

TEST(ErrorTest, StatusesWithoutPayloadHaveNoNativeErrorOrToken) {
  absl::Status status = absl::InvalidArgumentError("bad option");
  EXPECT_FALSE(GetNativeError(status).has_value());
  EXPECT_FALSE(GetErrorToken(status).has_value());
}

TEST(ErrorTest, ErrorTokenRoundTripsWithAnyBytes) {
  const std::vector<uint8_t> token = {0x7e, 0x00, 0x81, 0xff, 0x00};
  absl::Status status = absl::UnauthenticatedError("replay");
  SetErrorToken(status, token);
  std::optional<std::vector<uint8_t>> read = GetErrorToken(status);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, token);
}

TEST(ErrorTest, CorruptPayloadIsIgnoredNotMisread) {
  absl::Status status = absl::InternalError("x");
  status.SetPayload("type.crossauth.dev/crossauth.NativeError",
                    absl::Cord("3:abc99999:truncated"));
  EXPECT_FALSE(GetNativeError(status).has_value());
}

}  // namespace
}  // namespace crossauth
