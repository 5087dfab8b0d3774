# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# CrossauthInstall.cmake: install rules, the CMake package and crossauth.pc.
#
# Included at the end of the top-level CMakeLists.txt when CROSSAUTH_INSTALL
# is on, after every target exists. It installs:
#
#   lib/libcrossauth.{a,so}                 target crossauth
#   lib/libcrossauth_testing.{a,so}         target crossauth_testing, if built
#   bin/crossauth-test-realm                if built
#   bin/crossauth-test-domain               if built (Samba's AD DC)
#   bin/crossauth                           target crossauth-cli, if built
#                                           (CROSSAUTH_BUILD_TOOLS)
#   include/crossauth/...                   the public headers, with the
#                                           generated export.h and
#                                           testing/export.h (export macros)
#   lib/cmake/crossauth/
#     crossauthConfig.cmake                 find_package(crossauth)
#     crossauthConfigVersion.cmake          SameMajorVersion (SameMinorVersion
#                                           before 1.0)
#     crossauthTargets.cmake                crossauth::crossauth
#     crossauthTestingTargets.cmake         crossauth::testing, crossauth::test-realm,
#                                           crossauth::test-domain
#     FindGSSAPI.cmake                      GSS-API backend only
#   lib/pkgconfig/crossauth.pc
#   lib/pkgconfig/crossauth-testing.pc      if crossauth_testing is built
#
# crossauth::testing sits in its own export file so that a consumer who only
# wants crossauth::crossauth never has to find the test kit's dependencies:
# find_package(crossauth COMPONENTS testing) makes it mandatory, and without
# the component it is loaded whenever its dependencies are present.
#
# The package's dependencies are read from the targets' link interfaces, so
# that find_dependency() calls and the .pc file follow CMakeLists.txt without
# being edited by hand.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CROSSAUTH_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/crossauth"
  CACHE STRING "Where crossauthConfig.cmake is installed, relative to the prefix")
set(CROSSAUTH_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
  CACHE STRING "Where crossauth.pc is installed, relative to the prefix")
mark_as_advanced(CROSSAUTH_INSTALL_CMAKEDIR CROSSAUTH_INSTALL_PKGCONFIGDIR)

# _crossauth_scan_links(<prefix> <properties> <target>...)
#
# Walks the link properties named in <properties> (INTERFACE_LINK_LIBRARIES,
# and LINK_LIBRARIES too for everything a static link needs) of the given
# targets and of every in-project library reached through them. A static
# library's private dependencies appear in its INTERFACE_LINK_LIBRARIES as
# $<LINK_ONLY:...>. Sets in the caller:
#   <prefix>_INTERNAL  in-project library targets that must be exported too
#   <prefix>_IMPORTED  targets from other packages: absl::status, GSSAPI::GSSAPI,
#                      OpenSSL::Crypto, ...; the namespace names the package
#   <prefix>_PACKAGES  those packages, for find_dependency()
#   <prefix>_PLAIN     plain library names and linker flags (crypt32, -pthread)
function(_crossauth_scan_links prefix properties)
  set(internal "")
  set(imported_items "")
  set(packages "")
  set(plain "")
  set(queue ${ARGN})
  set(seen ${ARGN})
  while(queue)
    list(POP_FRONT queue current)
    set(items "")
    foreach(property IN LISTS properties)
      get_target_property(values ${current} ${property})
      if(values)
        list(APPEND items ${values})
      endif()
    endforeach()
    foreach(item IN LISTS items)
      # Cross-directory target_link_libraries() calls leave ::@(...) markers.
      if(item MATCHES "^::@")
        continue()
      endif()
      if(item MATCHES "^\\$<LINK_ONLY:([^$<>]+)>$")
        set(item "${CMAKE_MATCH_1}")
      elseif(item MATCHES "^\\$<INSTALL_INTERFACE:([^$<>]+)>$")
        set(item "${CMAKE_MATCH_1}")
      elseif(item MATCHES "\\$<")
        # $<BUILD_INTERFACE:...> and conditions: not part of the package.
        continue()
      endif()
      set(is_imported FALSE)
      if(TARGET "${item}")
        get_target_property(aliased "${item}" ALIASED_TARGET)
        if(aliased)
          set(item "${aliased}")
        endif()
        get_target_property(is_imported "${item}" IMPORTED)
        if(NOT is_imported)
          if(NOT item IN_LIST seen)
            list(APPEND seen "${item}")
            list(APPEND internal "${item}")
            list(APPEND queue "${item}")
          endif()
          continue()
        endif()
      endif()
      if(item MATCHES "^([A-Za-z0-9_.+-]+)::")
        # By convention a package's targets carry its name as namespace.
        list(APPEND imported_items "${item}")
        list(APPEND packages "${CMAKE_MATCH_1}")
      elseif(is_imported)
        message(WARNING "crossauth: ${current} links the imported target "
          "${item}, which the installed package does not know how to find")
      else()
        list(APPEND plain "${item}")
      endif()
    endforeach()
  endwhile()
  foreach(var internal imported_items packages plain)
    if(${var})
      list(REMOVE_DUPLICATES ${var})
    endif()
  endforeach()
  set(${prefix}_INTERNAL "${internal}" PARENT_SCOPE)
  set(${prefix}_IMPORTED "${imported_items}" PARENT_SCOPE)
  set(${prefix}_PACKAGES "${packages}" PARENT_SCOPE)
  set(${prefix}_PLAIN "${plain}" PARENT_SCOPE)
endfunction()

# _crossauth_components(<out_var> <package> <imported targets>)
#
# The components find_package(<package>) must be asked for so that it
# defines the given targets: GSSAPI::Krb5 needs Krb5, OpenSSL::Crypto needs
# Crypto. Other packages define all their targets unasked.
function(_crossauth_components out_var package)
  set(components "")
  if(package STREQUAL "GSSAPI" OR package STREQUAL "OpenSSL")
    foreach(item IN LISTS ARGN)
      if(item MATCHES "^${package}::(.+)$" AND NOT CMAKE_MATCH_1 STREQUAL package)
        list(APPEND components "${CMAKE_MATCH_1}")
      endif()
    endforeach()
  endif()
  set(${out_var} "${components}" PARENT_SCOPE)
endfunction()

# Installed programs find the installed shared libraries without
# LD_LIBRARY_PATH.
function(_crossauth_set_install_rpath target)
  if(WIN32 OR NOT BUILD_SHARED_LIBS)
    return()
  endif()
  get_target_property(rpath ${target} INSTALL_RPATH)
  if(rpath)
    return()
  endif()
  file(RELATIVE_PATH bin_to_lib
    "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
  if(APPLE)
    set(origin "@loader_path")
  else()
    set(origin "$ORIGIN")
  endif()
  set_target_properties(${target} PROPERTIES
    INSTALL_RPATH "${origin}/${bin_to_lib}")
endfunction()

# --- Targets -----------------------------------------------------------------

_crossauth_scan_links(_crossauth_main INTERFACE_LINK_LIBRARIES crossauth)

install(TARGETS crossauth ${_crossauth_main_INTERNAL}
  EXPORT crossauthTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  OBJECTS DESTINATION "${CMAKE_INSTALL_LIBDIR}/crossauth-objects"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT crossauthTargets
  NAMESPACE crossauth::
  DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}"
  FILE crossauthTargets.cmake)

set(_crossauth_testing_targets "")
if(TARGET crossauth_testing)
  get_target_property(_crossauth_export_name crossauth_testing EXPORT_NAME)
  if(NOT _crossauth_export_name)
    set_target_properties(crossauth_testing PROPERTIES EXPORT_NAME testing)
  endif()
  _crossauth_scan_links(_crossauth_testing INTERFACE_LINK_LIBRARIES crossauth_testing)
  list(APPEND _crossauth_testing_targets crossauth_testing)
  foreach(_crossauth_dep IN LISTS _crossauth_testing_INTERNAL)
    if(NOT _crossauth_dep STREQUAL "crossauth"
        AND NOT _crossauth_dep IN_LIST _crossauth_main_INTERNAL)
      list(APPEND _crossauth_testing_targets "${_crossauth_dep}")
    endif()
  endforeach()
endif()
if(TARGET crossauth-test-realm)
  get_target_property(_crossauth_export_name crossauth-test-realm EXPORT_NAME)
  if(NOT _crossauth_export_name)
    set_target_properties(crossauth-test-realm PROPERTIES EXPORT_NAME test-realm)
  endif()
  _crossauth_set_install_rpath(crossauth-test-realm)
  list(APPEND _crossauth_testing_targets crossauth-test-realm)
endif()
if(TARGET crossauth-test-domain)
  get_target_property(_crossauth_export_name crossauth-test-domain EXPORT_NAME)
  if(NOT _crossauth_export_name)
    set_target_properties(crossauth-test-domain PROPERTIES
      EXPORT_NAME test-domain)
  endif()
  _crossauth_set_install_rpath(crossauth-test-domain)
  list(APPEND _crossauth_testing_targets crossauth-test-domain)
endif()
if(_crossauth_testing_targets)
  install(TARGETS ${_crossauth_testing_targets}
    EXPORT crossauthTestingTargets
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
    LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    OBJECTS DESTINATION "${CMAKE_INSTALL_LIBDIR}/crossauth-objects"
    INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
  install(EXPORT crossauthTestingTargets
    NAMESPACE crossauth::
    DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}"
    FILE crossauthTestingTargets.cmake)
endif()

# The diagnostic command (target crossauth-cli, installed as `crossauth`).
# The example programs are samples to read and run from the build tree; they
# are not installed.
if(TARGET crossauth-cli)
  _crossauth_set_install_rpath(crossauth-cli)
  install(TARGETS crossauth-cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

# --- Headers and documents ---------------------------------------------------

set(_crossauth_header_excludes "")
if(NOT TARGET crossauth_testing)
  set(_crossauth_header_excludes PATTERN "testing" EXCLUDE)
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/crossauth"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h" ${_crossauth_header_excludes})
# Headers generated at configure time: export.h (GenerateExportHeader in
# the top-level CMakeLists.txt) and testing/export.h (src/testing).
if(IS_DIRECTORY "${PROJECT_BINARY_DIR}/include/crossauth")
  install(DIRECTORY "${PROJECT_BINARY_DIR}/include/crossauth"
    DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
    FILES_MATCHING PATTERN "*.h" ${_crossauth_header_excludes})
endif()
if(EXISTS "${PROJECT_SOURCE_DIR}/LICENSE")
  install(FILES "${PROJECT_SOURCE_DIR}/LICENSE"
    DESTINATION "${CMAKE_INSTALL_DOCDIR}")
endif()

# --- CMake package -----------------------------------------------------------

get_target_property(_crossauth_type crossauth TYPE)
if(_crossauth_type STREQUAL "SHARED_LIBRARY")
  set(CROSSAUTH_CONFIG_SHARED ON)
else()
  set(CROSSAUTH_CONFIG_SHARED OFF)
endif()

# Renders packages as calls of _crossauth_find_dependency(), defined in
# crossauthConfig.cmake.in: "_crossauth_find_dependency(... OpenSSL
# COMPONENTS Crypto)".
function(_crossauth_dependency_lines out_var indent packages)
  set(lines "")
  foreach(package IN LISTS packages)
    set(line "${package}")
    _crossauth_components(components "${package}" ${ARGN})
    if(components)
      list(JOIN components " " components)
      string(APPEND line " COMPONENTS ${components}")
    endif()
    string(APPEND lines "${indent}_crossauth_find_dependency(\${_crossauth_mode} ${line})\n")
  endforeach()
  set(${out_var} "${lines}" PARENT_SCOPE)
endfunction()

_crossauth_dependency_lines(CROSSAUTH_CONFIG_DEPENDENCIES ""
  "${_crossauth_main_PACKAGES}" ${_crossauth_main_IMPORTED})
set(CROSSAUTH_CONFIG_TESTING_DEPENDENCIES "")
if(_crossauth_testing_targets)
  # The test kit's own dependencies beyond crossauth's.
  set(_crossauth_testing_only "")
  foreach(_crossauth_package IN LISTS _crossauth_testing_PACKAGES)
    if(NOT _crossauth_package IN_LIST _crossauth_main_PACKAGES)
      list(APPEND _crossauth_testing_only "${_crossauth_package}")
    endif()
  endforeach()
  _crossauth_dependency_lines(CROSSAUTH_CONFIG_TESTING_DEPENDENCIES "  "
    "${_crossauth_testing_only}" ${_crossauth_testing_IMPORTED})
endif()

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/crossauthConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/crossauthConfig.cmake"
  INSTALL_DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}")
# Before 1.0 every minor version may break the ABI (the SONAME is
# 0.<minor>, see CROSSAUTH_SOVERSION), so find_package(crossauth 0.2) must
# not accept 0.3.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_crossauth_compatibility SameMinorVersion)
else()
  set(_crossauth_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/crossauthConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY ${_crossauth_compatibility})
install(FILES
  "${PROJECT_BINARY_DIR}/crossauthConfig.cmake"
  "${PROJECT_BINARY_DIR}/crossauthConfigVersion.cmake"
  DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}")
if(CROSSAUTH_RESOLVED_BACKEND STREQUAL "gssapi")
  install(FILES "${PROJECT_SOURCE_DIR}/cmake/FindGSSAPI.cmake"
    DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}")
endif()

# --- pkg-config --------------------------------------------------------------

# A static libcrossauth needs all its dependencies' libraries on the
# consumer's link line (Requires, Libs); a shared one only those its headers
# use (Requires), and the rest only for a static link of the whole
# (Requires.private, Libs.private).

# _crossauth_pc_modules(<out_modules> <out_libs> <imported targets>...)
#
# Maps imported targets to pkg-config modules, or to -l flags when the
# package was found without pkg-config.
function(_crossauth_pc_modules out_modules out_libs)
  set(modules "")
  set(libs "")
  foreach(item IN LISTS ARGN)
    if(item MATCHES "^absl::(.+)$")
      list(APPEND modules "absl_${CMAKE_MATCH_1}")
    elseif(item STREQUAL "OpenSSL::Crypto")
      list(APPEND modules libcrypto)
    elseif(item STREQUAL "OpenSSL::SSL")
      list(APPEND modules libssl)
    elseif(item STREQUAL "Threads::Threads")
      list(APPEND libs "-pthread")
    elseif(item MATCHES "^GSSAPI::(.+)$")
      if(GSSAPI_PKGCONFIG_MODULE)
        if(CMAKE_MATCH_1 STREQUAL "Krb5")
          if(GSSAPI_FLAVOR STREQUAL "Heimdal")
            list(APPEND modules heimdal-krb5)
          else()
            list(APPEND modules mit-krb5)
          endif()
        else()
          list(APPEND modules "${GSSAPI_PKGCONFIG_MODULE}")
        endif()
      else()
        if(CMAKE_MATCH_1 STREQUAL "Krb5")
          set(found_libs ${GSSAPI_KRB5_LIBRARIES})
        else()
          set(found_libs ${GSSAPI_LIBRARIES})
        endif()
        foreach(lib IN LISTS found_libs)
          if(IS_ABSOLUTE "${lib}")
            get_filename_component(dir "${lib}" DIRECTORY)
            get_filename_component(name "${lib}" NAME_WE)
            string(REGEX REPLACE "^lib" "" name "${name}")
            list(APPEND libs "-L${dir}" "-l${name}")
          else()
            list(APPEND libs "-l${lib}")
          endif()
        endforeach()
      endif()
    else()
      message(WARNING "crossauth: no pkg-config module known for ${item}; "
        "crossauth.pc does not mention it")
    endif()
  endforeach()
  foreach(var modules libs)
    if(${var})
      list(REMOVE_DUPLICATES ${var})
    endif()
  endforeach()
  set(${out_modules} "${modules}" PARENT_SCOPE)
  set(${out_libs} "${libs}" PARENT_SCOPE)
endfunction()

# What the headers need, and what linking needs (private dependencies too).
_crossauth_scan_links(_crossauth_pc_all
  "LINK_LIBRARIES;INTERFACE_LINK_LIBRARIES" crossauth)
if("GSSAPI" IN_LIST _crossauth_pc_all_PACKAGES AND NOT DEFINED GSSAPI_FLAVOR)
  find_package(GSSAPI QUIET)
endif()
_crossauth_pc_modules(_crossauth_pc_public _crossauth_pc_public_libs
  ${_crossauth_main_IMPORTED})
_crossauth_pc_modules(_crossauth_pc_all_modules _crossauth_pc_all_libs
  ${_crossauth_pc_all_IMPORTED})
foreach(_crossauth_item IN LISTS _crossauth_pc_all_PLAIN)
  if(_crossauth_item MATCHES "^-")
    list(APPEND _crossauth_pc_all_libs "${_crossauth_item}")
  else()
    list(APPEND _crossauth_pc_all_libs "-l${_crossauth_item}")
  endif()
endforeach()
if(CROSSAUTH_CONFIG_SHARED)
  set(_crossauth_pc_private "")
  foreach(_crossauth_module IN LISTS _crossauth_pc_all_modules)
    if(NOT _crossauth_module IN_LIST _crossauth_pc_public)
      list(APPEND _crossauth_pc_private "${_crossauth_module}")
    endif()
  endforeach()
  set(_crossauth_pc_libs_public "${_crossauth_pc_public_libs}")
  set(_crossauth_pc_libs_private "")
  foreach(_crossauth_flag IN LISTS _crossauth_pc_all_libs)
    if(NOT _crossauth_flag IN_LIST _crossauth_pc_public_libs)
      list(APPEND _crossauth_pc_libs_private "${_crossauth_flag}")
    endif()
  endforeach()
else()
  set(_crossauth_pc_public "${_crossauth_pc_all_modules}")
  set(_crossauth_pc_private "")
  set(_crossauth_pc_libs_public "${_crossauth_pc_all_libs}")
  set(_crossauth_pc_libs_private "")
endif()

list(JOIN _crossauth_pc_public ", " CROSSAUTH_PC_REQUIRES)
list(JOIN _crossauth_pc_private ", " CROSSAUTH_PC_REQUIRES_PRIVATE)
list(JOIN _crossauth_pc_libs_public " " CROSSAUTH_PC_LIBS)
list(JOIN _crossauth_pc_libs_private " " CROSSAUTH_PC_LIBS_PRIVATE)

# Relocatable: the prefix is found from the .pc file's own directory, so that
# `cmake --install --prefix <anywhere>` yields a working file.
if(IS_ABSOLUTE "${CROSSAUTH_INSTALL_PKGCONFIGDIR}")
  set(CROSSAUTH_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _crossauth_pc_up
    "/prefix/${CROSSAUTH_INSTALL_PKGCONFIGDIR}" "/prefix")
  string(REGEX REPLACE "/$" "" _crossauth_pc_up "${_crossauth_pc_up}")
  set(CROSSAUTH_PC_PREFIX "\${pcfiledir}/${_crossauth_pc_up}")
endif()
foreach(_crossauth_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_crossauth_dir}}")
    set(CROSSAUTH_PC_${_crossauth_dir} "${CMAKE_INSTALL_${_crossauth_dir}}")
  else()
    set(CROSSAUTH_PC_${_crossauth_dir} "\${prefix}/${CMAKE_INSTALL_${_crossauth_dir}}")
  endif()
endforeach()
get_target_property(_crossauth_output_name crossauth OUTPUT_NAME)
if(NOT _crossauth_output_name)
  set(_crossauth_output_name crossauth)
endif()
set(CROSSAUTH_PC_LIBNAME "${_crossauth_output_name}")
# A static libcrossauth's headers need CROSSAUTH_STATIC_DEFINE (an empty
# CROSSAUTH_EXPORT instead of __declspec(dllimport)), as its CMake target's
# INTERFACE_COMPILE_DEFINITIONS give it.
if(CROSSAUTH_CONFIG_SHARED)
  set(CROSSAUTH_PC_CFLAGS "")
else()
  set(CROSSAUTH_PC_CFLAGS " -DCROSSAUTH_STATIC_DEFINE")
endif()

configure_file("${PROJECT_SOURCE_DIR}/cmake/crossauth.pc.in"
  "${PROJECT_BINARY_DIR}/crossauth.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/crossauth.pc"
  DESTINATION "${CROSSAUTH_INSTALL_PKGCONFIGDIR}")

# crossauth-testing.pc, for the test kit: crossauth's module, Abseil's, and
# libcrossauth_testing (the kit has no other dependencies; it runs MIT's KDC
# programs, which are not libraries).
if(TARGET crossauth_testing)
  _crossauth_scan_links(_crossauth_testing_pc INTERFACE_LINK_LIBRARIES
    crossauth_testing)
  _crossauth_pc_modules(_crossauth_testing_pc_modules _crossauth_testing_pc_libs
    ${_crossauth_testing_pc_IMPORTED})
  list(JOIN _crossauth_testing_pc_modules ", " CROSSAUTH_TESTING_PC_REQUIRES)
  if(CROSSAUTH_TESTING_PC_REQUIRES)
    string(PREPEND CROSSAUTH_TESTING_PC_REQUIRES "crossauth, ")
  else()
    set(CROSSAUTH_TESTING_PC_REQUIRES "crossauth")
  endif()
  get_target_property(CROSSAUTH_TESTING_PC_LIBNAME crossauth_testing OUTPUT_NAME)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/crossauth-testing.pc.in"
    "${PROJECT_BINARY_DIR}/crossauth-testing.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/crossauth-testing.pc"
    DESTINATION "${CROSSAUTH_INSTALL_PKGCONFIGDIR}")
endif()
