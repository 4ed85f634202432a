#!/usr/bin/env bash
# Build the ns-3 side of the l2-ring-ping benchmark against the system ns-3
# (Debian/Ubuntu package libns3-dev).  Output: bench/ns3/build/l2-ring-ping
# Idempotent: re-running rebuilds the binary in place.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/l2-ring-ping.cc"
out_dir="$here/build"
out="$out_dir/l2-ring-ping"
CXX="${CXX:-g++}"

modules=(ns3-core ns3-network ns3-internet ns3-traffic-control ns3-csma ns3-bridge ns3-internet-apps)

missing() {
  cat >&2 <<'EOF'
error: ns-3 development files not found (libns3-dev is not installed).
Install them with:
    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y libns3-dev
(Debian 12 ships ns-3 3.37; this benchmark targets that API.)
EOF
  exit 1
}

if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "error: C++ compiler '$CXX' not found (apt-get install -y g++)" >&2
  exit 1
fi

# Locate ns-3.  Headers: /usr/include/ns3; libraries: libns3-<module>.so in
# the multiarch lib dir.  Explicit -l flags are used instead of
# `pkg-config --libs`: Debian's 3.37 .pc files are broken (ns3-core.pc links
# /usr/lib/x86_64-linux-gnu/libgsl.so, which only exists with libgsl-dev, and
# their Cflags contain a malformed "-I/usr;").  pkg-config is only used to
# report the version.
multiarch="$("$CXX" -print-multiarch 2>/dev/null || true)"
libdir="/usr/lib/${multiarch:-x86_64-linux-gnu}"
[ -f /usr/include/ns3/core-module.h ] && [ -f /usr/include/ns3/v4ping-helper.h ] || missing
libs=""
for m in "${modules[@]}"; do
  [ -e "$libdir/lib${m}.so" ] || missing
  libs="$libs -l${m}"
done
version="$(pkg-config --modversion ns3-core 2>/dev/null || echo unknown)"

mkdir -p "$out_dir"
echo "building $out against ns-3 $version" >&2
# shellcheck disable=SC2086
"$CXX" -O2 -std=c++17 -DNDEBUG -Wall -o "$out.tmp" "$src" $libs
mv -f "$out.tmp" "$out"
echo "ok: $out" >&2
