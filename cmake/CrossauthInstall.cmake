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
#   bin/crossauth-example-{client,server}   if built
#   include/crossauth/...                   the public headers
#   lib/cmake/crossauth/
#     crossauthConfig.cmake                 find_package(crossauth)
#     crossauthConfigVersion.cmake          SameMajorVersion
#     crossauthTargets.cmake                crossauth::crossauth
#     crossauthTestingTargets.cmake         crossauth::testing, crossauth::test-realm
#     FindGSSAPI.cmake                      GSS-API backend only
#   lib/pkgconfig/crossauth.pc
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

# _crossauth_scan_link_interface(<prefix> <target>...)
#
# Walks the INTERFACE_LINK_LIBRARIES of the given targets (a static library's
# private dependencies appear there as $<LINK_ONLY:...>) and of every
# in-project library reached through them. Sets in the caller:
#   <prefix>_INTERNAL  in-project library targets that must be exported too
#   <prefix>_PACKAGES  packages to find: absl, GSSAPI, GTest, Threads, ...
#   <prefix>_ABSL      absl component names (status, strings, ...)
#   <prefix>_GSSAPI_COMPONENTS  extra GSSAPI components (Krb5)
#   <prefix>_PLAIN     plain library names and linker flags (secur32, -pthread)
function(_crossauth_scan_link_interface prefix)
  set(internal "")
  set(packages "")
  set(absl "")
  set(gssapi_components "")
  set(plain "")
  set(queue ${ARGN})
  set(seen ${ARGN})
  while(queue)
    list(POP_FRONT queue current)
    get_target_property(items ${current} INTERFACE_LINK_LIBRARIES)
    if(NOT items)
      continue()
    endif()
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
      if(item MATCHES "^absl::(.+)$")
        list(APPEND packages absl)
        list(APPEND absl "${CMAKE_MATCH_1}")
      elseif(item MATCHES "^GSSAPI::(.+)$")
        list(APPEND packages GSSAPI)
        if(NOT CMAKE_MATCH_1 STREQUAL "GSSAPI")
          list(APPEND gssapi_components "${CMAKE_MATCH_1}")
        endif()
      elseif(item MATCHES "^GTest::")
        list(APPEND packages GTest)
      elseif(item MATCHES "^Threads::")
        list(APPEND packages Threads)
      elseif(item MATCHES "^benchmark::")
        list(APPEND packages benchmark)
      elseif(TARGET "${item}")
        get_target_property(aliased "${item}" ALIASED_TARGET)
        if(aliased)
          set(item "${aliased}")
        endif()
        get_target_property(imported "${item}" IMPORTED)
        if(imported)
          message(WARNING "crossauth: ${current} links the imported target "
            "${item}, which the installed package does not know how to find")
        elseif(NOT item IN_LIST seen)
          list(APPEND seen "${item}")
          list(APPEND internal "${item}")
          list(APPEND queue "${item}")
        endif()
      elseif(item MATCHES "::")
        message(WARNING "crossauth: ${current} links ${item}, which the "
          "installed package does not know how to find")
      else()
        list(APPEND plain "${item}")
      endif()
    endforeach()
  endwhile()
  foreach(var internal packages absl gssapi_components plain)
    if(${var})
      list(REMOVE_DUPLICATES ${var})
    endif()
  endforeach()
  set(${prefix}_INTERNAL "${internal}" PARENT_SCOPE)
  set(${prefix}_PACKAGES "${packages}" PARENT_SCOPE)
  set(${prefix}_ABSL "${absl}" PARENT_SCOPE)
  set(${prefix}_GSSAPI_COMPONENTS "${gssapi_components}" PARENT_SCOPE)
  set(${prefix}_PLAIN "${plain}" PARENT_SCOPE)
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

_crossauth_scan_link_interface(_crossauth_main crossauth)

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
  _crossauth_scan_link_interface(_crossauth_testing crossauth_testing)
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

foreach(_crossauth_program crossauth-example-client crossauth-example-server)
  if(TARGET ${_crossauth_program})
    _crossauth_set_install_rpath(${_crossauth_program})
    install(TARGETS ${_crossauth_program}
      RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  endif()
endforeach()

# --- Headers and documents ---------------------------------------------------

set(_crossauth_header_excludes "")
if(NOT TARGET crossauth_testing)
  set(_crossauth_header_excludes PATTERN "testing" EXCLUDE)
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/crossauth"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h" ${_crossauth_header_excludes})
# Headers generated at configure time, should there be any.
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

# Renders a package list as the argument lists _crossauth_find_dependency()
# in crossauthConfig.cmake.in takes: "absl;GSSAPI COMPONENTS Krb5".
function(_crossauth_dependency_lines out_var indent packages gssapi_components)
  set(lines "")
  foreach(package IN LISTS packages)
    set(line "${package}")
    if(package STREQUAL "GSSAPI" AND gssapi_components)
      list(JOIN gssapi_components " " components)
      string(APPEND line " COMPONENTS ${components}")
    endif()
    string(APPEND lines "${indent}_crossauth_find_dependency(\${_crossauth_mode} ${line})\n")
  endforeach()
  set(${out_var} "${lines}" PARENT_SCOPE)
endfunction()

_crossauth_dependency_lines(CROSSAUTH_CONFIG_DEPENDENCIES ""
  "${_crossauth_main_PACKAGES}" "${_crossauth_main_GSSAPI_COMPONENTS}")
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
    "${_crossauth_testing_only}" "${_crossauth_testing_GSSAPI_COMPONENTS}")
endif()

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/crossauthConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/crossauthConfig.cmake"
  INSTALL_DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/crossauthConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/crossauthConfig.cmake"
  "${PROJECT_BINARY_DIR}/crossauthConfigVersion.cmake"
  DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}")
if(CROSSAUTH_RESOLVED_BACKEND STREQUAL "gssapi")
  install(FILES "${PROJECT_SOURCE_DIR}/cmake/FindGSSAPI.cmake"
    DESTINATION "${CROSSAUTH_INSTALL_CMAKEDIR}")
endif()

# --- pkg-config --------------------------------------------------------------

# A static libcrossauth needs its dependencies' libraries on the consumer's
# link line (Requires, Libs); a shared one only their headers (absl, in
# Requires) and nothing of GSS-API (Requires.private, Libs.private).
set(_crossauth_pc_public "")
set(_crossauth_pc_private "")
foreach(_crossauth_absl IN LISTS _crossauth_main_ABSL)
  list(APPEND _crossauth_pc_public "absl_${_crossauth_absl}")
endforeach()
set(_crossauth_pc_libs_extra "")
if(CROSSAUTH_RESOLVED_BACKEND STREQUAL "gssapi")
  if(NOT DEFINED GSSAPI_PKGCONFIG_MODULE)
    find_package(GSSAPI QUIET)
  endif()
  if(GSSAPI_PKGCONFIG_MODULE)
    set(_crossauth_gssapi_pc "${GSSAPI_PKGCONFIG_MODULE}")
    if("Krb5" IN_LIST _crossauth_main_GSSAPI_COMPONENTS)
      if(GSSAPI_FLAVOR STREQUAL "Heimdal")
        list(APPEND _crossauth_gssapi_pc heimdal-krb5)
      else()
        list(APPEND _crossauth_gssapi_pc mit-krb5)
      endif()
    endif()
    if(CROSSAUTH_CONFIG_SHARED)
      list(APPEND _crossauth_pc_private ${_crossauth_gssapi_pc})
    else()
      list(APPEND _crossauth_pc_public ${_crossauth_gssapi_pc})
    endif()
  elseif(NOT CROSSAUTH_CONFIG_SHARED)
    # Found without pkg-config: spell the libraries out.
    foreach(_crossauth_lib IN LISTS GSSAPI_LIBRARIES GSSAPI_KRB5_LIBRARIES)
      if(IS_ABSOLUTE "${_crossauth_lib}")
        get_filename_component(_crossauth_dir "${_crossauth_lib}" DIRECTORY)
        get_filename_component(_crossauth_name "${_crossauth_lib}" NAME_WE)
        string(REGEX REPLACE "^lib" "" _crossauth_name "${_crossauth_name}")
        list(APPEND _crossauth_pc_libs_extra "-L${_crossauth_dir}" "-l${_crossauth_name}")
      else()
        list(APPEND _crossauth_pc_libs_extra "-l${_crossauth_lib}")
      endif()
    endforeach()
  endif()
endif()
foreach(_crossauth_item IN LISTS _crossauth_main_PLAIN)
  if(_crossauth_item MATCHES "^-")
    list(APPEND _crossauth_pc_libs_extra "${_crossauth_item}")
  else()
    list(APPEND _crossauth_pc_libs_extra "-l${_crossauth_item}")
  endif()
endforeach()
if(_crossauth_pc_libs_extra)
  list(REMOVE_DUPLICATES _crossauth_pc_libs_extra)
endif()

list(JOIN _crossauth_pc_public ", " CROSSAUTH_PC_REQUIRES)
list(JOIN _crossauth_pc_private ", " CROSSAUTH_PC_REQUIRES_PRIVATE)
list(JOIN _crossauth_pc_libs_extra " " _crossauth_pc_libs_extra)
if(CROSSAUTH_CONFIG_SHARED)
  set(CROSSAUTH_PC_LIBS "")
  set(CROSSAUTH_PC_LIBS_PRIVATE "${_crossauth_pc_libs_extra}")
else()
  set(CROSSAUTH_PC_LIBS "${_crossauth_pc_libs_extra}")
  set(CROSSAUTH_PC_LIBS_PRIVATE "")
endif()

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

configure_file("${PROJECT_SOURCE_DIR}/cmake/crossauth.pc.in"
  "${PROJECT_BINARY_DIR}/crossauth.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/crossauth.pc"
  DESTINATION "${CROSSAUTH_INSTALL_PKGCONFIGDIR}")
