# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# FindGSSAPI
# ----------
#
# Finds a GSS-API implementation (MIT Kerberos or Heimdal). CMake ships no
# such module, so crossauth carries this one, in the spirit of curl's
# FindGSS.cmake, and installs it beside crossauthConfig.cmake.
#
# Search order, first hit wins:
#
# 1. The cache entries ``GSSAPI_INCLUDE_DIR`` and ``GSSAPI_LIBRARY``, when the
#    user set both (``-DGSSAPI_INCLUDE_DIR=... -DGSSAPI_LIBRARY=...``).
# 2. pkg-config: ``mit-krb5-gssapi``, then ``heimdal-gssapi``, then the plain
#    ``krb5-gssapi`` (its ``vendor`` variable tells the flavor). Skipped when
#    ``GSSAPI_ROOT`` is set, because pkg-config would find the system copy.
# 3. ``krb5-config --cflags gssapi`` / ``krb5-config --libs gssapi`` (from
#    ``${GSSAPI_ROOT}/bin`` when ``GSSAPI_ROOT`` is set, else from PATH).
# 4. ``find_path(gssapi/gssapi.h)`` and ``find_library(gssapi_krb5 gssapi)``,
#    also under the ``mit-krb5`` and ``heimdal`` subdirectories Debian uses.
#
# Imported targets
# ^^^^^^^^^^^^^^^^
#
# ``GSSAPI::GSSAPI``
#   The GSS-API library with its include directories and flags: exactly
#   what the chosen source reports. For MIT through pkg-config that is
#   ``-isystem <prefix>/include/mit-krb5`` (so ``<gssapi/gssapi.h>``,
#   ``<gssapi/gssapi_krb5.h>``, ``<gssapi/gssapi_ext.h>`` and ``<krb5.h>``
#   with its error-code constants all resolve) and ``libgssapi_krb5``.
# ``GSSAPI::Krb5``
#   The Kerberos library itself (``libkrb5``, ``mit-krb5`` / ``heimdal-krb5``
#   in pkg-config), for code that calls ``krb5_*`` functions directly. Defined
#   when found; request it with ``find_package(GSSAPI COMPONENTS Krb5)`` to
#   make it mandatory.
#
# Result variables
# ^^^^^^^^^^^^^^^^
#
# ``GSSAPI_FOUND``          True when a GSS-API library was found.
# ``GSSAPI_FLAVOR``         ``MIT`` or ``Heimdal`` (``unknown`` if neither
#                           could be told apart).
# ``GSSAPI_VERSION``        The implementation's version, when known.
# ``GSSAPI_INCLUDE_DIRS``   Include directories; may be empty when the headers
#                           sit in the compiler's default search path.
# ``GSSAPI_LIBRARIES``      Libraries to link.
# ``GSSAPI_PKGCONFIG_MODULE`` The pkg-config module that was used, if any;
#                           crossauth writes it into crossauth.pc.
# ``GSSAPI_Krb5_FOUND``     True when ``GSSAPI::Krb5`` is available.
#
# Hints
# ^^^^^
#
# ``GSSAPI_ROOT`` (CMake or environment variable): the prefix of the wanted
# implementation. ``GSSAPI_KRB5_CONFIG``: the krb5-config program to run.
# ``GSSAPI_PKG_CONFIG_DIR``: a directory of .pc files (an unpacked Heimdal,
# say); pkg-config then looks there and nowhere else.

include(FindPackageHandleStandardArgs)

set(_gssapi_root "")
if(DEFINED GSSAPI_ROOT AND NOT GSSAPI_ROOT STREQUAL "")
  set(_gssapi_root "${GSSAPI_ROOT}")
elseif(DEFINED ENV{GSSAPI_ROOT} AND NOT "$ENV{GSSAPI_ROOT}" STREQUAL "")
  set(_gssapi_root "$ENV{GSSAPI_ROOT}")
endif()

set(GSSAPI_FLAVOR "")
set(GSSAPI_VERSION "")
set(GSSAPI_INCLUDE_DIRS "")
set(GSSAPI_LIBRARIES "")
set(GSSAPI_PKGCONFIG_MODULE "")
set(_gssapi_compile_options "")
set(_gssapi_link_options "")
set(_gssapi_source "")

# Tells MIT from Heimdal by the text of gssapi.h, for the sources that do not
# say. Heimdal's header declares GSSAPI_LIB_FUNCTION; MIT's carries its
# copyright line.
function(_gssapi_flavor_from_headers out_var)
  set(flavor "unknown")
  foreach(dir IN LISTS ARGN)
    foreach(header "${dir}/gssapi/gssapi.h" "${dir}/gssapi.h")
      if(EXISTS "${header}")
        file(STRINGS "${header}" heimdal_lines REGEX "GSSAPI_LIB_FUNCTION|Heimdal")
        file(STRINGS "${header}" mit_lines REGEX "Massachusetts Institute of Technology|GSS_DLLIMP")
        if(heimdal_lines)
          set(flavor "Heimdal")
        elseif(mit_lines)
          set(flavor "MIT")
        endif()
        break()
      endif()
    endforeach()
    if(NOT flavor STREQUAL "unknown")
      break()
    endif()
  endforeach()
  set(${out_var} "${flavor}" PARENT_SCOPE)
endfunction()

# Splits compiler/linker flags as printed by krb5-config into include
# directories, libraries (resolved to full paths through the -L directories)
# and other options.
function(_gssapi_parse_krb5_config cflags libs prefix)
  separate_arguments(cflag_list UNIX_COMMAND "${cflags}")
  separate_arguments(lib_list UNIX_COMMAND "${libs}")
  set(includes "")
  set(compile_options "")
  set(next_is_include FALSE)
  foreach(flag IN LISTS cflag_list)
    if(next_is_include)
      list(APPEND includes "${flag}")
      set(next_is_include FALSE)
    elseif(flag STREQUAL "-isystem" OR flag STREQUAL "-I")
      set(next_is_include TRUE)
    elseif(flag MATCHES "^-isystem(.+)$" OR flag MATCHES "^-I(.+)$")
      list(APPEND includes "${CMAKE_MATCH_1}")
    else()
      list(APPEND compile_options "${flag}")
    endif()
  endforeach()
  set(link_dirs "")
  set(lib_names "")
  set(link_options "")
  foreach(flag IN LISTS lib_list)
    if(flag MATCHES "^-L(.+)$")
      list(APPEND link_dirs "${CMAKE_MATCH_1}")
    elseif(flag MATCHES "^-l(.+)$")
      list(APPEND lib_names "${CMAKE_MATCH_1}")
    elseif(flag MATCHES "\\.(a|so|dylib|lib|tbd)(\\.[0-9.]+)?$")
      list(APPEND lib_names "${flag}")
    else()
      list(APPEND link_options "${flag}")
    endif()
  endforeach()
  set(libraries "")
  foreach(name IN LISTS lib_names)
    if(IS_ABSOLUTE "${name}")
      list(APPEND libraries "${name}")
      continue()
    endif()
    unset(_gssapi_lib CACHE)
    unset(_gssapi_lib)
    find_library(_gssapi_lib NAMES "${name}" HINTS ${link_dirs} NO_DEFAULT_PATH)
    if(NOT _gssapi_lib)
      find_library(_gssapi_lib NAMES "${name}")
    endif()
    if(_gssapi_lib)
      list(APPEND libraries "${_gssapi_lib}")
    else()
      # Leave it to the linker, as krb5-config meant it.
      list(APPEND libraries "${name}")
    endif()
    unset(_gssapi_lib CACHE)
  endforeach()
  set(${prefix}_INCLUDE_DIRS "${includes}" PARENT_SCOPE)
  set(${prefix}_COMPILE_OPTIONS "${compile_options}" PARENT_SCOPE)
  set(${prefix}_LIBRARIES "${libraries}" PARENT_SCOPE)
  set(${prefix}_LINK_OPTIONS "${link_options}" PARENT_SCOPE)
endfunction()

# 1. Explicit cache entries. Entries that step 4 filled in on an earlier run
# do not count: they must not shadow pkg-config once it becomes available.
if(GSSAPI_INCLUDE_DIR AND GSSAPI_LIBRARY AND NOT _GSSAPI_SEARCHED
    STREQUAL "${GSSAPI_INCLUDE_DIR};${GSSAPI_LIBRARY}")
  set(_gssapi_source "cache")
endif()

# 2. pkg-config.
if(NOT _gssapi_source AND _gssapi_root STREQUAL "")
  find_package(PkgConfig QUIET)
  set(_gssapi_saved_libdir "$ENV{PKG_CONFIG_LIBDIR}")
  set(_gssapi_saved_path "$ENV{PKG_CONFIG_PATH}")
  if(GSSAPI_PKG_CONFIG_DIR)
    set(ENV{PKG_CONFIG_LIBDIR} "${GSSAPI_PKG_CONFIG_DIR}")
    set(ENV{PKG_CONFIG_PATH} "")
  endif()
  if(PKG_CONFIG_FOUND)
    foreach(_gssapi_candidate
        "MIT;mit-krb5-gssapi"
        "HEIMDAL;heimdal-gssapi"
        "KRB5;krb5-gssapi")
      list(GET _gssapi_candidate 0 _gssapi_tag)
      list(GET _gssapi_candidate 1 _gssapi_module)
      pkg_check_modules(_GSSAPI_PC_${_gssapi_tag} QUIET "${_gssapi_module}")
      if(_GSSAPI_PC_${_gssapi_tag}_FOUND)
        set(_gssapi_source "pkg-config")
        set(GSSAPI_PKGCONFIG_MODULE "${_gssapi_module}")
        set(GSSAPI_VERSION "${_GSSAPI_PC_${_gssapi_tag}_VERSION}")
        set(GSSAPI_INCLUDE_DIRS "${_GSSAPI_PC_${_gssapi_tag}_INCLUDE_DIRS}")
        set(GSSAPI_LIBRARIES "${_GSSAPI_PC_${_gssapi_tag}_LINK_LIBRARIES}")
        set(_gssapi_compile_options "")
        # MIT's module says -isystem <prefix>/include/mit-krb5. CMake 3.25's
        # FindPkgConfig lists that directory in _INCLUDE_DIRS on the first
        # configure but, from its cache, leaves it in _CFLAGS_OTHER on later
        # ones, which moved it from every compile line's includes to its
        # flags and so rebuilt everything on a second configure. Taken out
        # of the other flags here, it is an include directory of the
        # imported target (a system one, as every imported directory is)
        # on every run.
        set(_gssapi_next_is_include FALSE)
        foreach(_gssapi_flag IN LISTS _GSSAPI_PC_${_gssapi_tag}_CFLAGS_OTHER)
          if(_gssapi_next_is_include)
            list(APPEND GSSAPI_INCLUDE_DIRS "${_gssapi_flag}")
            set(_gssapi_next_is_include FALSE)
          elseif(_gssapi_flag STREQUAL "-isystem")
            set(_gssapi_next_is_include TRUE)
          elseif(_gssapi_flag MATCHES "^-isystem(.+)$")
            list(APPEND GSSAPI_INCLUDE_DIRS "${CMAKE_MATCH_1}")
          else()
            list(APPEND _gssapi_compile_options "${_gssapi_flag}")
          endif()
        endforeach()
        list(REMOVE_DUPLICATES GSSAPI_INCLUDE_DIRS)
        unset(_gssapi_next_is_include)
        unset(_gssapi_flag)
        set(_gssapi_link_options "${_GSSAPI_PC_${_gssapi_tag}_LDFLAGS_OTHER}")
        if(_gssapi_tag STREQUAL "MIT")
          set(GSSAPI_FLAVOR "MIT")
        elseif(_gssapi_tag STREQUAL "HEIMDAL")
          set(GSSAPI_FLAVOR "Heimdal")
        else()
          pkg_get_variable(_gssapi_vendor "${_gssapi_module}" vendor)
          if(_gssapi_vendor MATCHES "^MIT")
            set(GSSAPI_FLAVOR "MIT")
          elseif(_gssapi_vendor MATCHES "[Hh]eimdal")
            set(GSSAPI_FLAVOR "Heimdal")
          endif()
        endif()
        break()
      endif()
    endforeach()
  endif()
  if(GSSAPI_PKG_CONFIG_DIR AND NOT _gssapi_source)
    message(FATAL_ERROR "GSSAPI_PKG_CONFIG_DIR=${GSSAPI_PKG_CONFIG_DIR}: "
      "pkg-config finds no GSS-API module there")
  endif()
endif()

# 3. krb5-config.
if(NOT _gssapi_source)
  if(NOT _gssapi_root STREQUAL "")
    find_program(GSSAPI_KRB5_CONFIG NAMES krb5-config
      HINTS "${_gssapi_root}/bin" NO_DEFAULT_PATH)
  else()
    find_program(GSSAPI_KRB5_CONFIG NAMES krb5-config)
  endif()
  mark_as_advanced(GSSAPI_KRB5_CONFIG)
  if(GSSAPI_KRB5_CONFIG)
    execute_process(COMMAND "${GSSAPI_KRB5_CONFIG}" --cflags gssapi
      OUTPUT_VARIABLE _gssapi_cflags RESULT_VARIABLE _gssapi_rc1
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND "${GSSAPI_KRB5_CONFIG}" --libs gssapi
      OUTPUT_VARIABLE _gssapi_libs RESULT_VARIABLE _gssapi_rc2
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_gssapi_rc1 EQUAL 0 AND _gssapi_rc2 EQUAL 0 AND _gssapi_libs)
      set(_gssapi_source "krb5-config")
      _gssapi_parse_krb5_config("${_gssapi_cflags}" "${_gssapi_libs}" _gssapi_kc)
      set(GSSAPI_INCLUDE_DIRS "${_gssapi_kc_INCLUDE_DIRS}")
      set(GSSAPI_LIBRARIES "${_gssapi_kc_LIBRARIES}")
      set(_gssapi_compile_options "${_gssapi_kc_COMPILE_OPTIONS}")
      set(_gssapi_link_options "${_gssapi_kc_LINK_OPTIONS}")
      execute_process(COMMAND "${GSSAPI_KRB5_CONFIG}" --vendor
        OUTPUT_VARIABLE _gssapi_vendor OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET)
      if(_gssapi_vendor MATCHES "Massachusetts Institute of Technology")
        set(GSSAPI_FLAVOR "MIT")
      elseif(_gssapi_vendor MATCHES "[Hh]eimdal")
        set(GSSAPI_FLAVOR "Heimdal")
      endif()
      execute_process(COMMAND "${GSSAPI_KRB5_CONFIG}" --version
        OUTPUT_VARIABLE _gssapi_version_text OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET)
      if(_gssapi_version_text MATCHES "([0-9]+(\\.[0-9]+)+)")
        set(GSSAPI_VERSION "${CMAKE_MATCH_1}")
      endif()
    endif()
  endif()
endif()

# 4. Plain search for the header and the library.
if(NOT _gssapi_source OR _gssapi_source STREQUAL "cache")
  set(_gssapi_hints "")
  if(NOT _gssapi_root STREQUAL "")
    set(_gssapi_hints HINTS "${_gssapi_root}")
  endif()
  find_path(GSSAPI_INCLUDE_DIR NAMES gssapi/gssapi.h ${_gssapi_hints}
    PATH_SUFFIXES include include/mit-krb5 include/heimdal mit-krb5 heimdal)
  find_library(GSSAPI_LIBRARY NAMES gssapi_krb5 gssapi ${_gssapi_hints}
    PATH_SUFFIXES lib lib64 mit-krb5 heimdal)
  mark_as_advanced(GSSAPI_INCLUDE_DIR GSSAPI_LIBRARY)
  if(GSSAPI_INCLUDE_DIR AND GSSAPI_LIBRARY)
    if(NOT _gssapi_source)
      set(_gssapi_source "find_library")
      set(_GSSAPI_SEARCHED "${GSSAPI_INCLUDE_DIR};${GSSAPI_LIBRARY}"
        CACHE INTERNAL "GSSAPI_INCLUDE_DIR and GSSAPI_LIBRARY as searched")
    endif()
    set(GSSAPI_INCLUDE_DIRS "${GSSAPI_INCLUDE_DIR}")
    set(GSSAPI_LIBRARIES "${GSSAPI_LIBRARY}")
    # MIT's gssapi_krb5.h includes <krb5.h>, which may sit elsewhere.
    find_path(GSSAPI_KRB5_INCLUDE_DIR NAMES krb5.h
      HINTS "${GSSAPI_INCLUDE_DIR}" ${_gssapi_hints}
      PATH_SUFFIXES include include/mit-krb5 include/heimdal mit-krb5 heimdal)
    mark_as_advanced(GSSAPI_KRB5_INCLUDE_DIR)
    if(GSSAPI_KRB5_INCLUDE_DIR)
      list(APPEND GSSAPI_INCLUDE_DIRS "${GSSAPI_KRB5_INCLUDE_DIR}")
      list(REMOVE_DUPLICATES GSSAPI_INCLUDE_DIRS)
    endif()
    get_filename_component(_gssapi_libname "${GSSAPI_LIBRARY}" NAME_WE)
    if(_gssapi_libname MATCHES "gssapi_krb5$")
      set(GSSAPI_FLAVOR "MIT")
    endif()
  endif()
endif()

if(_gssapi_source AND (GSSAPI_FLAVOR STREQUAL "" OR GSSAPI_FLAVOR STREQUAL "unknown"))
  _gssapi_flavor_from_headers(GSSAPI_FLAVOR ${GSSAPI_INCLUDE_DIRS}
    ${CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES} ${CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES}
    /usr/include /usr/local/include)
endif()

# The optional Kerberos library, from the same source family.
set(GSSAPI_KRB5_LIBRARIES "")
set(GSSAPI_Krb5_FOUND FALSE)
if(_gssapi_source STREQUAL "pkg-config")
  if(GSSAPI_FLAVOR STREQUAL "Heimdal")
    set(_gssapi_krb5_modules heimdal-krb5 krb5)
  else()
    set(_gssapi_krb5_modules mit-krb5 krb5)
  endif()
  foreach(_gssapi_module IN LISTS _gssapi_krb5_modules)
    string(REPLACE "-" "_" _gssapi_tag "${_gssapi_module}")
    pkg_check_modules(_GSSAPI_PC_LIB_${_gssapi_tag} QUIET "${_gssapi_module}")
    if(_GSSAPI_PC_LIB_${_gssapi_tag}_FOUND)
      set(GSSAPI_KRB5_LIBRARIES "${_GSSAPI_PC_LIB_${_gssapi_tag}_LINK_LIBRARIES}")
      set(_gssapi_krb5_includes "${_GSSAPI_PC_LIB_${_gssapi_tag}_INCLUDE_DIRS}")
      break()
    endif()
  endforeach()
elseif(_gssapi_source STREQUAL "krb5-config")
  execute_process(COMMAND "${GSSAPI_KRB5_CONFIG}" --libs krb5
    OUTPUT_VARIABLE _gssapi_krb5_libs RESULT_VARIABLE _gssapi_rc
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_gssapi_rc EQUAL 0)
    _gssapi_parse_krb5_config("" "${_gssapi_krb5_libs}" _gssapi_kk)
    set(GSSAPI_KRB5_LIBRARIES "${_gssapi_kk_LIBRARIES}")
    set(_gssapi_krb5_includes "${GSSAPI_INCLUDE_DIRS}")
  endif()
elseif(_gssapi_source)
  get_filename_component(_gssapi_libdir "${GSSAPI_LIBRARY}" DIRECTORY)
  find_library(GSSAPI_KRB5_LIBRARY NAMES krb5 HINTS "${_gssapi_libdir}")
  mark_as_advanced(GSSAPI_KRB5_LIBRARY)
  if(GSSAPI_KRB5_LIBRARY)
    set(GSSAPI_KRB5_LIBRARIES "${GSSAPI_KRB5_LIBRARY}")
    set(_gssapi_krb5_includes "${GSSAPI_INCLUDE_DIRS}")
  endif()
endif()
if(GSSAPI_KRB5_LIBRARIES)
  set(GSSAPI_Krb5_FOUND TRUE)
endif()
if(DEFINED _gssapi_saved_libdir)
  set(ENV{PKG_CONFIG_LIBDIR} "${_gssapi_saved_libdir}")
  set(ENV{PKG_CONFIG_PATH} "${_gssapi_saved_path}")
  unset(_gssapi_saved_libdir)
  unset(_gssapi_saved_path)
endif()

if(GSSAPI_FLAVOR STREQUAL "")
  set(GSSAPI_FLAVOR "unknown")
endif()

set(_gssapi_version_arg "")
if(GSSAPI_VERSION)
  set(_gssapi_version_arg VERSION_VAR GSSAPI_VERSION)
endif()
find_package_handle_standard_args(GSSAPI
  REQUIRED_VARS GSSAPI_LIBRARIES GSSAPI_FLAVOR
  ${_gssapi_version_arg}
  HANDLE_COMPONENTS
  FAIL_MESSAGE "Could NOT find GSSAPI (install libkrb5-dev or heimdal-dev, or set GSSAPI_ROOT)")

if(GSSAPI_FOUND AND NOT GSSAPI_FIND_QUIETLY)
  message(STATUS "GSSAPI: ${GSSAPI_FLAVOR} ${GSSAPI_VERSION} via ${_gssapi_source}")
endif()

if(GSSAPI_FOUND AND NOT TARGET GSSAPI::GSSAPI)
  add_library(GSSAPI::GSSAPI INTERFACE IMPORTED)
  set_target_properties(GSSAPI::GSSAPI PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${GSSAPI_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "${GSSAPI_LIBRARIES}"
    INTERFACE_COMPILE_OPTIONS "${_gssapi_compile_options}"
    INTERFACE_LINK_OPTIONS "${_gssapi_link_options}")
endif()

if(GSSAPI_FOUND AND GSSAPI_Krb5_FOUND AND NOT TARGET GSSAPI::Krb5)
  add_library(GSSAPI::Krb5 INTERFACE IMPORTED)
  set_target_properties(GSSAPI::Krb5 PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_gssapi_krb5_includes}"
    INTERFACE_LINK_LIBRARIES "${GSSAPI_KRB5_LIBRARIES}")
endif()

unset(_gssapi_root)
unset(_gssapi_source)
unset(_gssapi_hints)
unset(_gssapi_compile_options)
unset(_gssapi_link_options)
unset(_gssapi_version_arg)
unset(_gssapi_krb5_includes)
