#!/usr/bin/env bash
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# port-install-check.sh SOURCE WORK JOBS [BUILT]
#
# The install tree that the vcpkg port (ports/crossauth) and the Conan recipe
# (conanfile.py) rely on, checked without either tool (neither can run in
# CI): configure SOURCE as they do (Release, no tests, no examples, the
# tools and the test kit on, install rules on), build and install into a
# prefix, move that prefix somewhere else, then consume the moved copy from
# tests/package with find_package(crossauth COMPONENTS testing) and with
# pkg-config. Any failure exits non-zero. Everything goes under WORK.
#
# With BUILT, an existing build directory (scripts/test's shared stage,
# build/ci-shared: -DBUILD_SHARED_LIBS=ON, the tools and the test kit built)
# is installed instead, and the same checks run on it. Either way a shared
# install is checked for its SONAME (libcrossauth.so.<major>, .so.0.<minor>
# before 1.0), its programs
# must find it through their RPATH ($ORIGIN/../lib) after the move, the
# pkg-config consumers run with LD_LIBRARY_PATH (as after ldconfig), and the
# find_package ones through the RPATH CMake gives them; a static install's
# crossauth.pc must carry -DCROSSAUTH_STATIC_DEFINE.
set -euo pipefail

src="$1"
work="$2"
jobs="${3:-2}"
built="${4:-}"

build="$work/build"
staged="$work/staged"
moved="$work/relocated/prefix"
rm -rf "$build" "$staged" "$work/relocated" "$work/consumer" "$work/consumer-pc"
mkdir -p "$work/relocated"

if [[ -z "$built" ]]; then
# Only what conanfile.py exports (exports_sources): a recipe build has
# nothing else, so a CMakeLists.txt that reaches outside it fails here too.
exported="$work/exported-source"
rm -rf "$exported"
mkdir -p "$exported"
/usr/bin/python3 - "$src" "$exported" <<'PY'
import ast, glob, os, shutil, sys
src, out = sys.argv[1], sys.argv[2]
tree = ast.parse(open(os.path.join(src, "conanfile.py")).read())
patterns = None
for node in ast.walk(tree):
    if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "exports_sources" for t in node.targets):
        patterns = ast.literal_eval(node.value)
if not patterns:
    sys.exit("port-install-check: conanfile.py has no exports_sources")
for pattern in ([patterns] if isinstance(patterns, str) else patterns):
    for path in glob.glob(os.path.join(src, pattern), recursive=True):
        rel = os.path.relpath(path, src)
        dest = os.path.join(out, rel)
        if os.path.isdir(path):
            shutil.copytree(path, dest, dirs_exist_ok=True)
        else:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(path, dest)
PY

echo "--- configure as the port and the recipe do (conanfile.py's exports only)"
cmake -S "$exported" -B "$build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_SHARED_LIBS=OFF \
  -DCROSSAUTH_BUILD_TESTING=OFF \
  -DCROSSAUTH_BUILD_EXAMPLES=OFF \
  -DCROSSAUTH_BUILD_BENCH=OFF \
  -DCROSSAUTH_BUILD_TOOLS=ON \
  -DCROSSAUTH_BUILD_TEST_KIT=ON \
  -DCROSSAUTH_INSTALL=ON \
  -DCMAKE_INSTALL_PREFIX=/crossauth-not-here
cmake --build "$build" -j "$jobs"
else
  echo "--- install the existing build $built"
  build="$built"
fi
cmake --install "$build" --prefix "$staged"

echo "--- what was installed"
for expected in bin/crossauth bin/crossauth-test-realm bin/crossauth-test-domain \
    include/crossauth/session.h include/crossauth/testing/test_domain.h \
    include/crossauth/testing/test_realm.h; do
  if [[ ! -e "$staged/$expected" ]]; then
    echo "port-install-check: $expected was not installed" >&2
    exit 1
  fi
done
for unexpected in bin/crossauth-example-client bin/crossauth-example-server; do
  if [[ -e "$staged/$unexpected" ]]; then
    echo "port-install-check: $unexpected was installed (examples are not)" >&2
    exit 1
  fi
done
"$staged/bin/crossauth" --help >/dev/null
shared=0
if [[ -n "$(find "$staged" -name 'libcrossauth.so*' -print -quit)" ]]; then
  shared=1
fi
for expected in include/crossauth/export.h include/crossauth/testing/export.h; do
  if [[ ! -e "$staged/$expected" ]]; then
    echo "port-install-check: $expected (the generated export header) was not installed" >&2
    exit 1
  fi
done
if [[ $shared == 1 ]]; then
  # The SONAME's version (CMakeLists.txt's CROSSAUTH_SOVERSION): the major
  # version, or 0.<minor> before 1.0.
  major="$(sed -n 's/^project(crossauth VERSION \([0-9]*\)\..*/\1/p' "$src/CMakeLists.txt")"
  if [[ "$major" == 0 ]]; then
    major="0.$(sed -n 's/^project(crossauth VERSION 0\.\([0-9]*\)\..*/\1/p' "$src/CMakeLists.txt")"
  fi
  for name in crossauth crossauth_testing; do
    lib="$(find "$staged" -name "lib$name.so" | head -n 1)"
    soname="$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')"
    if [[ "$soname" != "lib$name.so.$major" ]]; then
      echo "port-install-check: $lib has SONAME '$soname', not lib$name.so.$major" >&2
      exit 1
    fi
    echo "lib$name.so: SONAME $soname"
  done
fi

echo "--- relocate the prefix"
mv "$staged" "$moved"
if grep -rIl -- "$staged" "$moved" >/dev/null 2>&1; then
  echo "port-install-check: the install tree names its staging path:" >&2
  grep -rIl -- "$staged" "$moved" >&2
  exit 1
fi
if [[ $shared == 1 ]]; then
  # The installed command finds the moved libcrossauth through its RPATH.
  loaded="$(ldd "$moved/bin/crossauth")"
  if [[ "$loaded" != *"$moved/"*"libcrossauth.so.$major"* ]]; then
    echo "port-install-check: the moved bin/crossauth does not load the moved libcrossauth:" >&2
    echo "$loaded" >&2
    exit 1
  fi
  "$moved/bin/crossauth" --version
fi

echo "--- find_package(crossauth COMPONENTS testing) from the moved prefix"
cmake -S "$src/tests/package" -B "$work/consumer" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$moved" \
  -DCROSSAUTH_CONSUMER_TESTING=ON
cmake --build "$work/consumer" -j "$jobs"
ctest --test-dir "$work/consumer" --output-on-failure --no-tests=error

echo "--- pkg-config from the moved prefix"
pc_dir="$(dirname "$(find "$moved" -name crossauth.pc | head -n 1)")"
cflags="$(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags crossauth)"
libs="$(PKG_CONFIG_PATH="$pc_dir" pkg-config --static --libs crossauth)"
case "$cflags $libs" in
  *"$moved"*) ;;
  *)
    echo "port-install-check: pkg-config does not point into the moved prefix: $cflags $libs" >&2
    exit 1
    ;;
esac
if [[ $shared == 0 && "$cflags" != *-DCROSSAUTH_STATIC_DEFINE* ]]; then
  echo "port-install-check: a static crossauth.pc without -DCROSSAUTH_STATIC_DEFINE: $cflags" >&2
  exit 1
fi
if [[ $shared == 1 ]]; then
  export LD_LIBRARY_PATH="$(dirname "$(find "$moved" -name libcrossauth.so | head -n 1)")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
mkdir -p "$work/consumer-pc"
# shellcheck disable=SC2086  # the flags are meant to split
c++ -std=c++17 "$src/tests/package/main.cc" $cflags $libs \
  -o "$work/consumer-pc/crossauth_consumer"
"$work/consumer-pc/crossauth_consumer"
testing_flags="$(PKG_CONFIG_PATH="$pc_dir" pkg-config --static --cflags --libs crossauth-testing)"
# shellcheck disable=SC2086  # the flags are meant to split
c++ -std=c++17 "$src/tests/package/testing_main.cc" $testing_flags \
  -o "$work/consumer-pc/crossauth_testing_consumer"
"$work/consumer-pc/crossauth_testing_consumer"
echo "port-install-check: OK ($([[ $shared == 1 ]] && echo shared || echo static))"
