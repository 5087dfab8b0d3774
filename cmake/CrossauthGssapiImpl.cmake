# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# CrossauthGssapiImpl: chooses the GSS-API implementation the gssapi backend
# is built against.
#
# ``CROSSAUTH_GSSAPI_IMPL``: ``auto`` (whatever FindGSSAPI finds first, MIT on
# Debian), ``mit`` or ``heimdal``. With ``heimdal``, ``CROSSAUTH_HEIMDAL_ROOT``
# names a tree that holds Heimdal's pkg-config files, such as the one
# scripts/build-heimdal-deps unpacks (Debian's heimdal-dev conflicts with
# libkrb5-dev, so it is never installed). Empty means the system's own
# Heimdal (heimdal-dev installed, or macOS's).
#
# Include before find_package(GSSAPI); call crossauth_gssapi_impl_check()
# after it. The check fails the configure when the flavor found is not the
# one asked for, and defines CROSSAUTH_GSSAPI_HEIMDAL (0 or 1) on
# GSSAPI::GSSAPI, the one switch backends/gssapi/gss_impl.h reads.

set(CROSSAUTH_GSSAPI_IMPL "auto" CACHE STRING
  "GSS-API implementation for the gssapi backend: auto, mit or heimdal")
set_property(CACHE CROSSAUTH_GSSAPI_IMPL PROPERTY STRINGS auto mit heimdal)
set(CROSSAUTH_HEIMDAL_ROOT "" CACHE PATH
  "A Heimdal tree (scripts/build-heimdal-deps) for CROSSAUTH_GSSAPI_IMPL=heimdal")

set(_crossauth_heimdal_libdir "")
if(CROSSAUTH_GSSAPI_IMPL STREQUAL "heimdal" AND NOT CROSSAUTH_HEIMDAL_ROOT STREQUAL "")
  file(GLOB _crossauth_heimdal_pc
    "${CROSSAUTH_HEIMDAL_ROOT}/usr/lib/*/pkgconfig/heimdal-gssapi.pc"
    "${CROSSAUTH_HEIMDAL_ROOT}/lib/pkgconfig/heimdal-gssapi.pc"
    "${CROSSAUTH_HEIMDAL_ROOT}/usr/lib/pkgconfig/heimdal-gssapi.pc")
  if(NOT _crossauth_heimdal_pc)
    message(FATAL_ERROR "CROSSAUTH_HEIMDAL_ROOT=${CROSSAUTH_HEIMDAL_ROOT} holds "
      "no heimdal-gssapi.pc (run scripts/build-heimdal-deps)")
  endif()
  list(GET _crossauth_heimdal_pc 0 _crossauth_heimdal_pc)
  get_filename_component(_crossauth_heimdal_pcdir "${_crossauth_heimdal_pc}" DIRECTORY)
  # FindGSSAPI asks pkg-config in this directory only.
  set(GSSAPI_PKG_CONFIG_DIR "${_crossauth_heimdal_pcdir}")
  # The runtime libraries (libgssapi.so.3, libkrb5.so.26, ...) sit beside
  # pkgconfig/. An old-style DT_RPATH (not RUNPATH) also serves the libraries'
  # own dependencies, which RUNPATH would not.
  get_filename_component(_crossauth_heimdal_libdir "${_crossauth_heimdal_pcdir}" DIRECTORY)
  # Build trees only: the path is a BUILD_RPATH, which `cmake --install`
  # removes, so that nothing installed points into the unpacked root (an
  # install against it sets its own rpath). The linker flag (read when the
  # build is generated) makes every rpath a DT_RPATH, and the library target,
  # made before this file is included, gets the path too.
  foreach(_crossauth_kind EXE SHARED MODULE)
    string(APPEND CMAKE_${_crossauth_kind}_LINKER_FLAGS " -Wl,--disable-new-dtags")
  endforeach()
  list(APPEND CMAKE_BUILD_RPATH "${_crossauth_heimdal_libdir}")
  if(TARGET crossauth)
    set_property(TARGET crossauth APPEND PROPERTY BUILD_RPATH "${_crossauth_heimdal_libdir}")
  endif()
elseif(NOT CROSSAUTH_GSSAPI_IMPL MATCHES "^(auto|mit|heimdal)$")
  message(FATAL_ERROR "CROSSAUTH_GSSAPI_IMPL must be auto, mit or heimdal")
endif()

function(crossauth_gssapi_impl_check)
  if(CROSSAUTH_GSSAPI_IMPL STREQUAL "heimdal" AND NOT GSSAPI_FLAVOR STREQUAL "Heimdal")
    message(FATAL_ERROR "CROSSAUTH_GSSAPI_IMPL=heimdal but FindGSSAPI found "
      "${GSSAPI_FLAVOR} (set CROSSAUTH_HEIMDAL_ROOT)")
  endif()
  if(CROSSAUTH_GSSAPI_IMPL STREQUAL "mit" AND NOT GSSAPI_FLAVOR STREQUAL "MIT")
    message(FATAL_ERROR "CROSSAUTH_GSSAPI_IMPL=mit but FindGSSAPI found ${GSSAPI_FLAVOR}")
  endif()
  if(GSSAPI_FLAVOR STREQUAL "Heimdal")
    set(heimdal 1)
  else()
    set(heimdal 0)
  endif()
  set_property(TARGET GSSAPI::GSSAPI APPEND PROPERTY
    INTERFACE_COMPILE_DEFINITIONS "CROSSAUTH_GSSAPI_HEIMDAL=${heimdal}")
  set(CROSSAUTH_GSSAPI_HEIMDAL ${heimdal} PARENT_SCOPE)
endfunction()
