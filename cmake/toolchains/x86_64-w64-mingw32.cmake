# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Cross-compiles crossauth for 64-bit Windows with mingw-w64 (posix threads),
# and runs the results under Wine through scripts/lib/wine-run.
#
#   scripts/build-mingw-deps    # prints the Abseil and GoogleTest prefixes
#   cmake -S . -B build/mingw \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/x86_64-w64-mingw32.cmake \
#     -DCROSSAUTH_MINGW_DEPS_PREFIX="<absl prefix>;<gtest prefix>"
#
# CROSSAUTH_MINGW_DEPS_PREFIX (cache variable, or the environment variable of
# the same name, separated by ';' or ':') lists the prefixes holding
# mingw builds of the dependencies; they join CMAKE_FIND_ROOT_PATH.
#
# The runtime (libgcc, libstdc++, winpthread) is linked statically: Wine has
# no libstdc++-6.dll, and a Windows user should not need one either.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(CROSSAUTH_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${CROSSAUTH_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${CROSSAUTH_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${CROSSAUTH_MINGW_TRIPLE}-windres)

# -static pulls libgcc, libstdc++ and libwinpthread in as archives; system
# DLLs (kernel32, secur32) are still imported dynamically.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")

if(NOT DEFINED CROSSAUTH_MINGW_DEPS_PREFIX
   AND DEFINED ENV{CROSSAUTH_MINGW_DEPS_PREFIX})
  string(REPLACE ":" ";" CROSSAUTH_MINGW_DEPS_PREFIX
                 "$ENV{CROSSAUTH_MINGW_DEPS_PREFIX}")
endif()
set(CROSSAUTH_MINGW_DEPS_PREFIX "${CROSSAUTH_MINGW_DEPS_PREFIX}"
    CACHE STRING "Prefixes holding mingw builds of Abseil and GoogleTest")
# try_compile() re-reads this file in a fresh project; pass the value on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CROSSAUTH_MINGW_DEPS_PREFIX)

set(CMAKE_FIND_ROOT_PATH /usr/${CROSSAUTH_MINGW_TRIPLE}
    ${CROSSAUTH_MINGW_DEPS_PREFIX})
# Paths inside a root are not re-rooted: this lets find_package() look at
# <prefix>/lib/cmake/<name> directly.
list(APPEND CMAKE_PREFIX_PATH ${CROSSAUTH_MINGW_DEPS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Test programs run under Wine, with a private WINEPREFIX inside the build
# tree unless CROSSAUTH_WINEPREFIX names another.
get_filename_component(_crossauth_repo "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
set(CMAKE_CROSSCOMPILING_EMULATOR
    "${_crossauth_repo}/scripts/lib/wine-run;--default-prefix;${CMAKE_BINARY_DIR}/wineprefix")
unset(_crossauth_repo)
