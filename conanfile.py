# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# The Conan 2 recipe, building this tree:
#
#   conan create . --build=missing                        # ConanCenter packages
#   conan create . --profile:all=conan/debian12.profile   # the system's libraries
#
# See README.md ("Conan") for both ways and what each needs.

import os

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, rmdir
from conan.tools.gnu import PkgConfigDeps

required_conan_version = ">=2.0"


class CrossauthConan(ConanFile):
    name = "crossauth"
    version = "0.2.0"
    description = ("One C++17 Credential/Session API for Kerberos, SPNEGO "
                   "(Negotiate) and NTLM authentication, on SSPI (Windows) "
                   "and GSS-API (MIT Kerberos elsewhere)")
    license = "Apache-2.0"
    topics = ("kerberos", "spnego", "negotiate", "ntlm", "gssapi", "sspi",
              "authentication")
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {
        "shared": [True, False],
        "fPIC": [True, False],
        "with_testing": [True, False],
        "with_tools": [True, False],
        # True when abseil, krb5 and openssl come from [platform_requires]
        # (conan/debian12.profile): CMakeDeps leaves platform requirements
        # out of the targets it generates, so consumers use crossauth's own
        # installed crossauthConfig.cmake, which finds them itself.
        "installed_cmake_config": [True, False],
    }
    default_options = {
        "shared": False,
        "fPIC": True,
        "with_testing": False,
        "with_tools": False,
        "installed_cmake_config": False,
    }
    exports_sources = (
        "CMakeLists.txt", "LICENSE", "cmake/*", "include/*", "src/*",
        "backends/*", "peer/*", "tools/*",
    )

    @property
    def _gssapi(self):
        return self.settings.os != "Windows"

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC
            # The test kit drives MIT's KDC programs: POSIX only.
            del self.options.with_testing

    def configure(self):
        if self.options.shared:
            self.options.rm_safe("fPIC")

    def layout(self):
        cmake_layout(self, src_folder=".")

    def requirements(self):
        # crossauth's public headers include Abseil's (absl::Status).
        self.requires("abseil/[>=20220623]", transitive_headers=True)
        if self._gssapi:
            self.requires("krb5/[>=1.20]")
            self.requires("openssl/[>=3 <4]")

    def validate(self):
        check_min_cppstd(self, 17)
        if self.options.shared and self.settings.os == "Windows":
            # The public API has no export macros yet, so a DLL would export
            # nothing.
            raise ConanInvalidConfiguration(
                f"{self.ref} cannot be built as a DLL yet: its API has no "
                "export macros (CROSSAUTH_EXPORT); use shared=False")

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["CROSSAUTH_BUILD_TESTING"] = False
        tc.cache_variables["CROSSAUTH_BUILD_EXAMPLES"] = False
        tc.cache_variables["CROSSAUTH_BUILD_BENCH"] = False
        tc.cache_variables["CROSSAUTH_BUILD_TOOLS"] = bool(
            self.options.with_tools)
        tc.cache_variables["CROSSAUTH_BUILD_TEST_KIT"] = bool(
            self.options.get_safe("with_testing", False))
        tc.cache_variables["CROSSAUTH_INSTALL"] = True
        tc.generate()
        CMakeDeps(self).generate()
        if self._gssapi:
            # cmake/FindGSSAPI.cmake finds krb5 through its pkg-config
            # module (mit-krb5-gssapi); CMakeToolchain puts these first on
            # PKG_CONFIG_PATH.
            PkgConfigDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        copy(self, "LICENSE", self.source_folder,
             os.path.join(self.package_folder, "licenses"))
        cmake = CMake(self)
        cmake.install()
        if not self.options.installed_cmake_config:
            rmdir(self, os.path.join(self.package_folder, "lib", "cmake"))
            rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "crossauth")
        self.cpp_info.set_property("pkg_config_name", "crossauth")
        if self.options.installed_cmake_config:
            # Consumers load lib/cmake/crossauth/crossauthConfig.cmake
            # (crossauth::crossauth, crossauth::testing), which finds
            # Abseil, GSS-API and OpenSSL where the platform has them.
            self.cpp_info.set_property("cmake_find_mode", "none")
            self.cpp_info.builddirs.append(
                os.path.join("lib", "cmake", "crossauth"))

        main = self.cpp_info.components["crossauth"]
        main.set_property("cmake_target_name", "crossauth::crossauth")
        main.set_property("pkg_config_name", "crossauth")
        main.libs = ["crossauth"]
        # The Abseil libraries CMakeLists.txt links.
        main.requires = [
            "abseil::absl_base",
            "abseil::absl_cord",
            "abseil::absl_optional",
            "abseil::absl_span",
            "abseil::absl_status",
            "abseil::absl_statusor",
            "abseil::absl_str_format",
            "abseil::absl_strings",
            "abseil::absl_synchronization",
            "abseil::absl_time",
        ]
        if self._gssapi:
            main.requires += ["krb5::krb5", "openssl::crypto"]
        if self.settings.os in ("Linux", "FreeBSD"):
            main.system_libs = ["pthread"]
        elif self.settings.os == "Windows":
            main.system_libs = ["crypt32", "advapi32", "ws2_32"]

        if self.options.get_safe("with_testing"):
            testing = self.cpp_info.components["testing"]
            testing.set_property("cmake_target_name", "crossauth::testing")
            testing.set_property("pkg_config_name", "crossauth-testing")
            testing.libs = ["crossauth_testing"]
            testing.requires = [
                "crossauth",
                "abseil::absl_status",
                "abseil::absl_statusor",
                "abseil::absl_strings",
                "abseil::absl_time",
            ]
