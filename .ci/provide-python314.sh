#!/usr/bin/env bash
# Provides a CPython 3.14 in a private folder (default .pyconc-pythons/3.14 at the repo root) from
# Debian's development release's binary packages, unpacked with dpkg -x: nothing on the system
# changes except patchelf, installed with apt-get when missing. Idempotent: seconds when the folder
# already holds a working 3.14. Exits 0 with "not available" when it cannot be had, so CI goes on and
# the tests that need it skip.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-$ROOT/.pyconc-pythons/3.14}"
mkdir -p "$DIR" && DIR="$(cd "$DIR" && pwd)"
PY="$DIR/usr/bin/python3.14"
CHECK='import ssl, sqlite3, asyncio, concurrent.futures; concurrent.futures.InterpreterPoolExecutor'
PACKAGES="python3.14-minimal libpython3.14-minimal libpython3.14-stdlib libc6 libssl3t64 libffi8 libzstd1
  libbz2-1.0 liblzma5 libsqlite3-0 libuuid1 libexpat1 zlib1g libncursesw6 libtinfo6 libreadline8t64
  libmpdec4 libcrypt1"

not_available() {
  echo "provide-python314: Python 3.14 not available: $*" >&2
  exit 0
}

# Debian compiles the standard library's bytecode when a package is installed (py3compile); dpkg -x
# does not, and without it every import compiles from source again (0.6 s for http.client here).
compile_stdlib() {
  [ -e "$DIR/.compiled" ] && return 0
  PYTHONDONTWRITEBYTECODE= "$DIR/bin/python3.14" -m compileall -q -j 0 "$DIR/usr/lib/python3.14" >"$DIR/.compile.log" 2>&1 \
    && touch "$DIR/.compiled"
}

if [ -x "$DIR/bin/python3.14" ] && "$DIR/bin/python3.14" -c "$CHECK" >/dev/null 2>&1; then
  compile_stdlib
  echo "provide-python314: $DIR/bin/python3.14 is there ($("$DIR/bin/python3.14" --version))"
  exit 0
fi

[ "$(uname -m)" = x86_64 ] || not_available "only x86_64 is handled (this is $(uname -m))"
command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || not_available "no apt-get/dpkg here"

# The mirror the machine's own apt uses: the first Debian archive URI in its sources (deb822 or one-line).
mirror="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { print $2 }' | grep -v -- '-security' | grep '/debian/\?$' | head -n 1)"
if [ -z "$mirror" ]; then
  mirror="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }' | grep -v -- '-security' | grep '/debian/\?$' | head -n 1)"
fi
[ -n "$mirror" ] || not_available "no Debian mirror found in /etc/apt/sources.list*"

if ! command -v patchelf >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || not_available "patchelf is missing and installing it needs root"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null 2>&1; } \
    || not_available "could not install patchelf"
fi

work="$DIR/.apt"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ -r "$keyring" ]; then opts="signed-by=$keyring"; else opts="trusted=yes"; fi
echo "deb [$opts] ${mirror%/} forky main" >"$work/sources.list"
APT=(-o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o Debug::NoLocking=1)

echo "provide-python314: fetching Debian forky's python3.14 packages into $DIR"
apt-get "${APT[@]}" update -qq >"$work/update.log" 2>&1 || not_available "apt-get update on forky failed (see $work/update.log)"
# shellcheck disable=SC2086
(cd "$work/debs" && apt-get "${APT[@]}" download $PACKAGES >"$work/download.log" 2>&1) \
  || not_available "apt-get download failed (see $work/download.log)"
for deb in "$work/debs"/*.deb; do
  dpkg -x "$deb" "$DIR" || not_available "dpkg -x $deb failed"
done

lib="$DIR/usr/lib/x86_64-linux-gnu"
[ -x "$PY" ] && [ -e "$lib/ld-linux-x86-64.so.2" ] || not_available "the packages did not hold usr/bin/python3.14"
patchelf --set-interpreter "$lib/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$lib" "$PY" \
  || not_available "patchelf failed on $PY"
mkdir -p "$DIR/bin"
ln -sfn ../usr/bin/python3.14 "$DIR/bin/python3.14"
ln -sfn python3.14 "$DIR/bin/python3"

"$DIR/bin/python3.14" -c "$CHECK" >"$work/check.log" 2>&1 || not_available "the unpacked python3.14 does not run (see $work/check.log)"
compile_stdlib
rm -rf "$work/cache" "$work/debs" "$work/lists"
echo "provide-python314: $DIR/bin/python3.14 ($("$DIR/bin/python3.14" --version))"
