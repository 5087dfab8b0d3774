# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# abseil-subset.sh: builds and installs only the Abseil libraries crossauth
# links (and what they depend on) from Debian's `abseil` source package.
# Sourced by scripts/build-mingw-deps (for mingw-w64) and
# scripts/build-tsan-deps (with ThreadSanitizer); each keeps its own
# compiler flags, cache key and lock, and puts this file in its key, so that
# a change here re-keys both caches instead of reusing a stale prefix.
#
#   source "$repo/scripts/lib/abseil-subset.sh"
#   abseil_fetch_source "$version" "$work"     # sets abseil_src
#   abseil_subset_install "$abseil_src" "$work/build" "$prefix" "$jobs" \
#     -DCMAKE_CXX_FLAGS=...        # the caller's configure arguments
#
# The caller defines log MESSAGE and die MESSAGE (both to stderr; die exits)
# and runs under `set -euo pipefail`.
# shellcheck shell=bash

# The Abseil libraries crossauth links (the top-level CMakeLists.txt); their
# dependencies are added by abseil_subset_install.
abseil_subset_wanted=(status statusor strings str_format span time cord
                      optional base synchronization)

# as_root COMMAND...: runs it as root, through sudo when not root already.
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $*"
  fi
}

# _abseil_mirror_deb_entries OUT: one deb-src line per configured deb line.
_abseil_mirror_deb_entries() {
  # shellcheck disable=SC2016  # apt's own $(FIELD) syntax, not the shell's
  apt-get indextargets \
    --format '$(TARGET_OF) $(REPO_URI) $(RELEASE) $(COMPONENT)' |
    awk '$1 == "deb" && $3 !~ /\/$/ { print "deb-src " $2 " " $3 " " $4 }' |
    sort -u > "$1"
}

# abseil_ensure_source_index VERSION WORK: makes `apt-get source
# abseil=VERSION` possible by adding deb-src entries that mirror the
# configured deb entries (only this list is updated), unless apt already
# knows that source.
abseil_ensure_source_index() {
  local version=$1 work=$2
  if apt-cache showsrc abseil 2>/dev/null | grep -qxF "Version: $version"; then
    return
  fi
  local list=/etc/apt/sources.list.d/crossauth-deb-src.list
  log "adding deb-src entries ($list) mirroring the configured archive"
  _abseil_mirror_deb_entries "$work/deb-src.list"
  if [[ ! -s "$work/deb-src.list" ]]; then
    # indextargets only lists indexes that were downloaded.
    as_root apt-get update -qq >&2
    _abseil_mirror_deb_entries "$work/deb-src.list"
  fi
  [[ -s "$work/deb-src.list" ]] ||
    die "no deb entries to mirror in apt's sources"
  as_root cp "$work/deb-src.list" "$list"
  as_root chmod 644 "$list"
  as_root apt-get update -qq \
    -o Dir::Etc::sourcelist="sources.list.d/$(basename "$list")" \
    -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 >&2
  apt-cache showsrc abseil 2>/dev/null | grep -qxF "Version: $version" ||
    die "apt has no source for abseil=$version"
}

# abseil_fetch_source VERSION WORK: unpacks the source package in WORK,
# patches it so that a configure run records each library's dependencies
# and skips libraries outside CROSSAUTH_ABSL_KEEP, and sets abseil_src to its
# directory (a variable, not output, so that `set -e` holds inside: a
# command substitution would not inherit it).
abseil_fetch_source() {
  local version=$1 work=$2
  abseil_ensure_source_index "$version" "$work"
  log "fetching the abseil $version source package"
  (cd "$work" && apt-get source -qq --only-source "abseil=$version" >&2)
  local src
  src="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'abseil-*' |
         head -1)"
  [[ -n "$src" ]] || die "apt-get source did not unpack abseil"
  # shellcheck disable=SC2034  # read by the sourcing script
  abseil_src=$src

  # Skipping is what keeps the install whole: an install of a partial
  # build of every library would refer to missing files.
  local helpers="$src/CMake/AbseilHelpers.cmake"
  grep -q '^function(absl_cc_library)' "$helpers" ||
    die "unexpected $helpers: no absl_cc_library"
  awk '
    { print }
    /^function\(absl_cc_library\)/ { in_fn = 1 }
    in_fn && /^  \)$/ {
      print "  if(CROSSAUTH_ABSL_DEPS_FILE AND NOT ABSL_CC_LIB_TESTONLY)"
      print "    file(APPEND \"${CROSSAUTH_ABSL_DEPS_FILE}\" \"${ABSL_CC_LIB_NAME} ${ABSL_CC_LIB_DEPS}\\n\")"
      print "  endif()"
      print "  if(DEFINED CROSSAUTH_ABSL_KEEP AND NOT ABSL_CC_LIB_NAME IN_LIST CROSSAUTH_ABSL_KEEP)"
      print "    return()"
      print "  endif()"
      in_fn = 0
    }' "$helpers" > "$helpers.new"
  mv "$helpers.new" "$helpers"
  grep -q CROSSAUTH_ABSL_KEEP "$helpers" || die "could not patch $helpers"
}

# _abseil_closure DEPS: the wanted libraries and everything they depend on,
# from "name deps..." lines, as a CMake list.
_abseil_closure() {
  awk -F "[ ;]+" -v wanted="${abseil_subset_wanted[*]}" '
    {
      deps[$1] = ""
      for (i = 2; i <= NF; i++)
        if ($i ~ /^absl::/) deps[$1] = deps[$1] " " substr($i, 7)
    }
    END {
      n = split(wanted, queue, " ")
      for (i = 1; i <= n; i++) keep[queue[i]] = 1
      for (i = 1; i <= n; i++) {
        m = split(deps[queue[i]], d, " ")
        for (j = 1; j <= m; j++)
          if (!(d[j] in keep)) { keep[d[j]] = 1; queue[++n] = d[j] }
      }
      for (k in keep) {
        if (!(k in deps)) { print "unknown abseil library: " k > "/dev/stderr"; exit 1 }
        printf "%s;", k
      }
    }' "$1"
}

# abseil_subset_install SRC BUILD PREFIX JOBS CMAKE_ARGS...: configures SRC
# in BUILD with CMAKE_ARGS, reconfigures it to build only the closure of
# abseil_subset_wanted, builds, installs into PREFIX (replacing it) and
# writes PREFIX/.complete last. Logs stay in BUILD's parent unless a step
# fails, when they go to stderr.
abseil_subset_install() {
  local src=$1 build=$2 prefix=$3 jobs=$4
  shift 4
  local logs deps keep
  logs="$(dirname "$build")"
  deps="$build.deps.txt"
  : > "$deps"
  cmake -S "$src" -B "$build" "$@" \
    -DABSL_PROPAGATE_CXX_STD=ON -DABSL_BUILD_TESTING=OFF \
    -DABSL_ENABLE_INSTALL=ON -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCROSSAUTH_ABSL_DEPS_FILE="$deps" >"$logs/absl-configure.log" 2>&1 ||
    { cat "$logs/absl-configure.log" >&2; die "configuring abseil failed"; }
  keep="$(_abseil_closure "$deps")"
  cmake "$build" -DCROSSAUTH_ABSL_DEPS_FILE= -DCROSSAUTH_ABSL_KEEP="$keep" \
    >"$logs/absl-configure.log" 2>&1 ||
    { cat "$logs/absl-configure.log" >&2; die "reconfiguring abseil failed"; }
  log "building $(tr ';' ' ' <<<"$keep" | wc -w) of $(wc -l <"$deps")" \
    "abseil libraries (-j$jobs)"
  cmake --build "$build" -j "$jobs" >"$logs/absl-build.log" 2>&1 ||
    { tail -50 "$logs/absl-build.log" >&2; die "building abseil failed"; }
  rm -rf "$prefix"
  cmake --install "$build" >"$logs/absl-install.log" 2>&1 ||
    { cat "$logs/absl-install.log" >&2; die "installing abseil failed"; }
  touch "$prefix/.complete"
}
