# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Build crossauth with Conan against Debian 12's own libraries instead of
# ConanCenter's packages (apt-get install libabsl-dev libkrb5-dev libssl-dev
# pkgconf first):
#
#   conan create . --profile:all=conan/debian12.profile
#
# CMakeDeps generates nothing for platform requirements and leaves them out
# of the targets it generates, so this profile also sets
# installed_cmake_config: consumers then load crossauth's own installed
# crossauthConfig.cmake, which finds Abseil, GSS-API and OpenSSL on the
# system itself.

include(default)

[settings]
compiler.cppstd=17

[platform_requires]
abseil/20220623.1
krb5/1.20.1
openssl/3.0.19

[options]
crossauth/*:installed_cmake_config=True
