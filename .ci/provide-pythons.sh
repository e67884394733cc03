#!/usr/bin/env bash
# Provides the newest CPythons side by side in private folders, .pyconc-pythons/<version>/bin/python<version>
# at the repo root (or under $PYCONC_PYTHONS_DIR): 3.14 from Debian's testing release (forky) and 3.15
# from its unstable one (sid), each unpacked from Debian's binary packages with dpkg -x and its
# standard library byte-compiled. Nothing on the system changes except patchelf, installed with
# apt-get when missing. Idempotent: seconds when a folder already holds a working interpreter.
# Exits 0 with "not available: <reason>" for a version it cannot provide, so CI goes on and the
# tests that need it skip.
#   .ci/provide-pythons.sh            3.14 and 3.15
#   .ci/provide-pythons.sh 3.15       only 3.15
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE="${PYCONC_PYTHONS_DIR:-$ROOT/.pyconc-pythons}"
# Which Debian suite carries which version: one row each.
declare -A SUITE=([3.14]=forky [3.15]=sid)
CHECK='import ssl, sqlite3, decimal, ctypes, asyncio, concurrent.futures; concurrent.futures.InterpreterPoolExecutor'

say() { echo "provide-pythons: $*" >&2; }

# Debian compiles the standard library's bytecode when a package is installed (py3compile); dpkg -x
# does not, and without it every import compiles from source again (0.6 s for http.client here).
compile_stdlib() { # DIR VERSION
  [ -e "$1/.compiled" ] && return 0
  PYTHONDONTWRITEBYTECODE= "$1/bin/python$2" -m compileall -q -j 0 "$1/usr/lib/python$2" >"$1/.compile.log" 2>&1 \
    && touch "$1/.compiled"
}

debian_mirror() {
  # The mirror the machine's own apt uses: the first Debian archive URI in its sources (deb822 or one-line).
  local mirror
  mirror="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { print $2 }' | grep -v -- '-security' | grep '/debian/\?$' | head -n 1)"
  if [ -z "$mirror" ]; then
    mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }' | grep -v -- '-security' | grep '/debian/\?$' | head -n 1)"
  fi
  echo "${mirror%/}"
}

have_patchelf() {
  command -v patchelf >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || { echo "patchelf is missing and installing it needs root"; return 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null 2>&1; } \
    || { echo "could not install patchelf"; return 1; }
}

# The packages to unpack: the interpreter's three and the libraries they depend on directly (their
# names change between suites with sonames: libmpdec4 in forky's 3.14, libgcc-s1 in sid's 3.15),
# plus the C library and its loader, which the patched interpreter uses instead of the system's.
packages() { # VERSION APT-OPTIONS...
  local v="$1"
  shift
  local own="python$v-minimal libpython$v-minimal libpython$v-stdlib"
  # shellcheck disable=SC2086
  local deps
  deps="$(apt-cache "$@" depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances $own 2>/dev/null \
    | awk '$1 ~ /Depends:$/ { print $2 }' | grep -E '^(lib|zlib)' | grep -v "^libpython$v" | sort -u)"
  [ -n "$deps" ] || return 1
  echo $own $deps libc6 libgcc-s1 | tr " " "\n" | sort -u | tr "\n" " "; echo
}

# Provides VERSION in DIR; prints the reason and returns 1 when it cannot.
provide() { # VERSION DIR
  local v="$1" dir="$2"
  local py="$dir/usr/bin/python$v" suite="${SUITE[$v]}"
  [ "$(uname -m)" = x86_64 ] || { echo "only x86_64 is handled (this is $(uname -m))"; return 1; }
  command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || { echo "no apt-get/dpkg here"; return 1; }
  local mirror
  mirror="$(debian_mirror)"
  [ -n "$mirror" ] || { echo "no Debian mirror found in /etc/apt/sources.list*"; return 1; }
  have_patchelf || return 1

  local work="$dir/.apt" keyring=/usr/share/keyrings/debian-archive-keyring.gpg opts
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
  if [ -r "$keyring" ]; then opts="signed-by=$keyring"; else opts="trusted=yes"; fi
  echo "deb [$opts] $mirror $suite main" >"$work/sources.list"
  local apt=(-o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o Debug::NoLocking=1)

  say "fetching Debian $suite's python$v packages into $dir"
  apt-get "${apt[@]}" update -qq >"$work/update.log" 2>&1 || { echo "apt-get update on $suite failed (see $work/update.log)"; return 1; }
  local list
  list="$(packages "$v" "${apt[@]}")" || { echo "Debian $suite has no python$v packages"; return 1; }
  echo "$list" >"$work/packages"
  # shellcheck disable=SC2086
  (cd "$work/debs" && apt-get "${apt[@]}" download $list >"$work/download.log" 2>&1) \
    || { echo "apt-get download failed (see $work/download.log)"; return 1; }
  local deb
  for deb in "$work/debs"/*.deb; do
    dpkg -x "$deb" "$dir" || { echo "dpkg -x $deb failed"; return 1; }
  done

  local lib="$dir/usr/lib/x86_64-linux-gnu"
  [ -x "$py" ] && [ -e "$lib/ld-linux-x86-64.so.2" ] || { echo "the packages did not hold usr/bin/python$v"; return 1; }
  patchelf --set-interpreter "$lib/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$lib" "$py" \
    || { echo "patchelf failed on $py"; return 1; }
  mkdir -p "$dir/bin"
  ln -sfn "../usr/bin/python$v" "$dir/bin/python$v"
  ln -sfn "python$v" "$dir/bin/python3"
  "$dir/bin/python$v" -c "$CHECK" >"$work/check.log" 2>&1 || { echo "the unpacked python$v does not run (see $work/check.log)"; return 1; }
  rm -rf "$work/cache" "$work/debs" "$work/lists"
}

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.14 3.15)
for v in "${versions[@]}"; do
  if [ -z "${SUITE[$v]:-}" ]; then
    say "unknown version $v (known: ${!SUITE[*]})"
    exit 2
  fi
done

for v in "${versions[@]}"; do
  dir="$BASE/$v"
  mkdir -p "$dir" && dir="$(cd "$dir" && pwd)"
  if [ -x "$dir/bin/python$v" ] && "$dir/bin/python$v" -c "$CHECK" >/dev/null 2>&1; then
    compile_stdlib "$dir" "$v"
    say "$dir/bin/python$v is there ($("$dir/bin/python$v" --version))"
    continue
  fi
  if reason="$(provide "$v" "$dir")"; then
    compile_stdlib "$dir" "$v" || say "python$v: byte-compiling its standard library failed (see $dir/.compile.log)"
    say "$dir/bin/python$v ($("$dir/bin/python$v" --version))"
  else
    say "Python $v not available: $reason"
  fi
done
exit 0
