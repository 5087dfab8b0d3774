# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# An overlay port that builds crossauth from the repository it lives in:
#
#   vcpkg install crossauth --overlay-ports=<clone>/ports
#   vcpkg install "crossauth[testing,tools]" --overlay-ports=<clone>/ports
#
# or, in a manifest, "dependencies": ["crossauth"] with
# "vcpkg-configuration": {"overlay-ports": ["<clone>/ports"]}.
#
# vcpkg's package hash covers this folder, not the tree it builds: after
# changing the library, reinstall with --no-binarycaching (or bump the
# version in vcpkg.json), or vcpkg reuses the binary it cached before.

set(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../..")
cmake_path(NORMAL_PATH SOURCE_PATH)

# The public API has no export macros yet (CROSSAUTH_EXPORT), so a DLL would
# export nothing; until it does, crossauth is a static library everywhere,
# which is also what the default Linux and macOS triplets build.
vcpkg_check_linkage(ONLY_STATIC_LIBRARY)

vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
  FEATURES
    testing CROSSAUTH_BUILD_TEST_KIT
    tools   CROSSAUTH_BUILD_TOOLS
)

# On GSS-API platforms cmake/FindGSSAPI.cmake finds the krb5 port through
# its pkg-config module (mit-krb5-gssapi).
set(_crossauth_options "")
if(NOT VCPKG_TARGET_IS_WINDOWS)
  vcpkg_find_acquire_program(PKGCONFIG)
  list(APPEND _crossauth_options "-DPKG_CONFIG_EXECUTABLE=${PKGCONFIG}")
endif()

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    ${FEATURE_OPTIONS}
    ${_crossauth_options}
    -DCROSSAUTH_BUILD_TESTING=OFF
    -DCROSSAUTH_BUILD_EXAMPLES=OFF
    -DCROSSAUTH_BUILD_BENCH=OFF
    -DCROSSAUTH_INSTALL=ON
  MAYBE_UNUSED_VARIABLES
    CROSSAUTH_BUILD_BENCH
)

vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH "lib/cmake/${PORT}")
vcpkg_fixup_pkgconfig()

# Executables go to tools/${PORT}; the exported crossauth::test-realm target
# points there after vcpkg_cmake_config_fixup.
set(_crossauth_tools "")
if("tools" IN_LIST FEATURES)
  list(APPEND _crossauth_tools crossauth)
endif()
if("testing" IN_LIST FEATURES)
  list(APPEND _crossauth_tools crossauth-test-realm crossauth-test-domain)
endif()
if(_crossauth_tools)
  vcpkg_copy_tools(TOOL_NAMES ${_crossauth_tools} AUTO_CLEAN)
endif()

file(REMOVE_RECURSE
  "${CURRENT_PACKAGES_DIR}/debug/include"
  "${CURRENT_PACKAGES_DIR}/debug/share")

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage"
  DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
