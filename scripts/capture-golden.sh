#!/usr/bin/env bash
# capture-golden.sh — capture golden Ethernet frames from the real Linux kernel
# for l2sim's codec test fixtures.
#
# Usage:   sudo scripts/capture-golden.sh
# Output:  test/fixtures/kernel/*.pcap, frames.json, capture.log
#
# Safety rules this script follows:
#   * only network namespaces named l2g-* are created, and all of them are
#     deleted on exit (trap cleanup EXIT INT TERM);
#   * nothing is changed in the root namespace: every device, address and
#     sysctl is created/set inside an l2g-* namespace, veth pairs are created
#     from inside a namespace with the peer moved straight into another one;
#   * traffic only flows between our own namespaces;
#   * every wait is bounded (timeout / ping -w / counted loops);
#   * IPv6 is disabled in every namespace before any device is created, so no
#     ND/MLD frames appear; ARP-related sysctls are pinned to 0.
#
# Requires: iproute2, iputils-ping, iputils-arping, tcpdump, node (for JSON).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-$ROOT/test/fixtures/kernel}"
LOG="$OUT/capture.log"
TMP="$(mktemp -d /tmp/l2g-capture.XXXXXX)"

NAMESPACES=(l2g-a l2g-b l2g-r)
CAP_PIDS=()

if [[ $EUID -ne 0 ]]; then
  echo "must run as root (sudo $0)" >&2
  exit 1
fi
for tool in ip tcpdump ping arping node timeout; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

cleanup() {
  local pid ns
  for pid in "${CAP_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill -INT "$pid" 2>/dev/null || true
  done
  sleep 0.3
  for pid in "${CAP_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
  done
  for ns in "${NAMESPACES[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

log() { echo "$*" | tee -a "$LOG"; }

# ---------------------------------------------------------------- helpers --

del_all_ns() {
  local ns
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}

# mkns NAME — fresh namespace, IPv6 off, ARP/rp_filter sysctls pinned, lo up.
mkns() {
  local ns=$1
  case "$ns" in l2g-*) ;; *) echo "refusing namespace $ns" >&2; exit 1 ;; esac
  ip netns add "$ns"
  ip netns exec "$ns" sysctl -qw \
    net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  local k
  for k in arp_ignore arp_announce arp_accept arp_notify rp_filter; do
    ip netns exec "$ns" sysctl -qw \
      "net.ipv4.conf.all.$k=0" "net.ipv4.conf.default.$k=0"
  done
  ip -n "$ns" link set lo up
}

# veth NS1 IF1 MAC1 NS2 IF2 MAC2 — veth pair created from inside NS1.
veth() {
  ip -n "$1" link add "$2" address "$3" type veth \
    peer name "$5" address "$6" netns "$4"
}

# start_cap NS IF FILE — start tcpdump, wait (bounded) for "listening on".
start_cap() {
  local ns=$1 ifc=$2 file=$3
  local errf="$TMP/tcpdump.$ns.$ifc.$(basename "$file").err"
  # --immediate-mode: without it, TPACKET_V3 keeps packets in a not-yet-retired
  # block (1 s timeout) and they are lost when tcpdump is stopped early.
  ip netns exec "$ns" tcpdump -p -U --immediate-mode --time-stamp-precision=nano \
    -s 0 -i "$ifc" -w "$file" 2>"$errf" &
  local pid=$!
  CAP_PIDS+=("$pid")
  local i
  for i in $(seq 1 50); do
    grep -q "listening on" "$errf" 2>/dev/null && { LAST_CAP=$pid; return 0; }
    sleep 0.1
  done
  echo "tcpdump on $ns/$ifc did not start:" >&2
  cat "$errf" >&2
  exit 1
}

# stop_cap PID — SIGINT tcpdump and wait for it (bounded).
stop_cap() {
  local pid=$1 i
  sleep 1
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# run_ping NS ARGS... — run ping (deadline-bounded), log its PID and output.
# `ip netns exec` execs ping in place, so $! is ping's own PID (used to check
# how the ICMP identifier relates to the PID).
run_ping() {
  local ns=$1; shift
  local outf="$TMP/ping.out"
  ip netns exec "$ns" ping "$@" >"$outf" 2>&1 &
  local pid=$! i
  for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" || true
  log "  [$ns] ping $* (pid $pid = 0x$(printf %04x $((pid & 0xffff))))"
  sed 's/^/    | /' "$outf" | tee -a "$LOG"
}

run_arping() {
  local ns=$1; shift
  local outf="$TMP/arping.out"
  timeout 10 ip netns exec "$ns" arping "$@" >"$outf" 2>&1 || true
  log "  [$ns] arping $*"
  sed 's/^/    | /' "$outf" | tee -a "$LOG"
}

# Topology "pair": A eth0 10.0.0.1/24 <-veth-> B eth0 10.0.0.2/24
MAC_A=02:00:00:00:00:01
MAC_B=02:00:00:00:00:02
topo_pair() {
  del_all_ns
  mkns l2g-a
  mkns l2g-b
  veth l2g-a eth0 $MAC_A l2g-b eth0 $MAC_B
  ip -n l2g-a addr add 10.0.0.1/24 dev eth0
  ip -n l2g-b addr add 10.0.0.2/24 dev eth0
  ip -n l2g-a link set eth0 up
  ip -n l2g-b link set eth0 up
  sleep 0.5
}

# ------------------------------------------------------------------- main --

mkdir -p "$OUT"
: >"$LOG"
log "# l2sim golden capture $(date -u +%Y-%m-%dT%H:%M:%SZ)"
log "kernel: $(uname -r)"
log "iproute2: $(ip -V)"
log "tcpdump: $(tcpdump --version 2>&1 | head -1) / $(tcpdump --version 2>&1 | sed -n 2p)"
log "iputils-ping: $(dpkg-query -W -f='${Version}' iputils-ping 2>/dev/null || echo '?')"
log "iputils-arping: $(dpkg-query -W -f='${Version}' iputils-arping 2>/dev/null || echo '?')"
log ""

# 1. ping.pcap ---------------------------------------------------------------
log "== ping.pcap: A(10.0.0.1,$MAC_A) -- B(10.0.0.2,$MAC_B); capture on A eth0"
topo_pair
start_cap l2g-a eth0 "$OUT/ping.pcap"; cap=$LAST_CAP
run_ping l2g-a -c 2 -i 0.2 -W 2 10.0.0.2
log "  capturing 7.5 s more for B's unicast ARP probe (DELAY->PROBE)"
sleep 7.5
log "  [l2g-b] neigh: $(ip -n l2g-b neigh show dev eth0 | tr '\n' ' ')"
log "  [l2g-a] neigh: $(ip -n l2g-a neigh show dev eth0 | tr '\n' ' ')"
stop_cap "$cap"

# 2. ping-size.pcap ----------------------------------------------------------
log "== ping-size.pcap: same topology; ping -s 0 then -s 1400; capture on A eth0"
topo_pair
start_cap l2g-a eth0 "$OUT/ping-size.pcap"; cap=$LAST_CAP
run_ping l2g-a -c 1 -s 0 -W 2 10.0.0.2
run_ping l2g-a -c 1 -s 1400 -W 2 10.0.0.2
sleep 0.5
stop_cap "$cap"

# 3. unreachable.pcap / unreachable-r-eth1.pcap ------------------------------
MAC_A1=02:00:00:00:01:02   # A  eth0 10.0.1.2
MAC_R1=02:00:00:00:01:01   # R  eth0 10.0.1.1
MAC_R2=02:00:00:00:02:01   # R  eth1 10.0.2.1
MAC_B2=02:00:00:00:02:02   # B  eth0 10.0.2.2
log "== unreachable.pcap (A eth0) + unreachable-r-eth1.pcap (R eth1)"
log "   A eth0 10.0.1.2/24 $MAC_A1 gw 10.0.1.1 -- R eth0 10.0.1.1/24 $MAC_R1"
log "   R eth1 10.0.2.1/24 $MAC_R2 -- B eth0 10.0.2.2/24 $MAC_B2 gw 10.0.2.1"
del_all_ns
mkns l2g-a; mkns l2g-r; mkns l2g-b
ip netns exec l2g-r sysctl -qw net.ipv4.ip_forward=1
veth l2g-a eth0 $MAC_A1 l2g-r eth0 $MAC_R1
veth l2g-b eth0 $MAC_B2 l2g-r eth1 $MAC_R2
ip -n l2g-a addr add 10.0.1.2/24 dev eth0
ip -n l2g-r addr add 10.0.1.1/24 dev eth0
ip -n l2g-r addr add 10.0.2.1/24 dev eth1
ip -n l2g-b addr add 10.0.2.2/24 dev eth0
for x in "l2g-a eth0" "l2g-r eth0" "l2g-r eth1" "l2g-b eth0"; do
  set -- $x; ip -n "$1" link set "$2" up
done
ip -n l2g-a route add default via 10.0.1.1
ip -n l2g-b route add default via 10.0.2.1
sleep 0.5
start_cap l2g-a eth0 "$OUT/unreachable.pcap"; capA=$LAST_CAP
start_cap l2g-r eth1 "$OUT/unreachable-r-eth1.pcap"; capR=$LAST_CAP
run_ping l2g-a -c 1 -W 6 10.0.2.99
sleep 0.5
run_ping l2g-a -c 1 -W 2 10.0.2.2
sleep 0.5
log "  [l2g-r] neigh: $(ip -n l2g-r neigh show | tr '\n' ' ')"
stop_cap "$capA"; stop_cap "$capR"

# 4. garp.pcap ---------------------------------------------------------------
log "== garp.pcap: pair topology; arping -U, arping -A, arping from A; capture on B eth0"
topo_pair
start_cap l2g-b eth0 "$OUT/garp.pcap"; cap=$LAST_CAP
run_arping l2g-a -U -c 1 -w 2 -I eth0 10.0.0.1
sleep 0.3
run_arping l2g-a -A -c 1 -w 2 -I eth0 10.0.0.1
sleep 0.3
run_arping l2g-a -c 1 -w 2 -I eth0 10.0.0.2
sleep 0.5
stop_cap "$cap"

# 5. vlan.pcap ---------------------------------------------------------------
# The reference kernel (6.18.44-fc) is built without CONFIG_VLAN_8021Q and
# without module support, so `ip link add ... type vlan` fails ("Unknown
# device type").  In that case 802.1Q tagging is done by two tiny tc cls_bpf
# direct-action programs on each veth end: egress calls
# bpf_skb_vlan_push(skb, htons(0x8100), 10), ingress calls bpf_skb_vlan_pop().
# The IPv4 addresses then live on eth0 itself, which is what a vlan device
# looks like to the stack (it inherits eth0's MAC).  As with a real vlan device
# on veth (tx-vlan offload), the tag travels as skb metadata and libpcap
# re-inserts it inline.  When 8021q is available the real device is used.
log "== vlan.pcap: pair topology, VLAN 10, 10.0.10.1/24 <-> 10.0.10.2/24; capture on A eth0"
del_all_ns
mkns l2g-a; mkns l2g-b
veth l2g-a eth0 $MAC_A l2g-b eth0 $MAC_B
if ip -n l2g-a link add link eth0 name eth0.10 type vlan id 10 2>/dev/null; then
  log "   using real 8021q devices: ip link add link eth0 name eth0.10 type vlan id 10"
  ip -n l2g-b link add link eth0 name eth0.10 type vlan id 10
  VDEV=eth0.10
  for ns in l2g-a l2g-b; do
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set eth0.10 up
  done
else
  log "   no 8021q in this kernel: tagging with tc clsact + cls_bpf bpf_skb_vlan_push/pop (VID 10, TPID 0x8100)"
  command -v llc >/dev/null && command -v tc >/dev/null \
    || { echo "need llc (LLVM) and tc for the VLAN fallback" >&2; exit 1; }
  BPF_HDR='target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"
@_license = global [4 x i8] c"GPL\00", section "license", align 1
@llvm.used = appending global [1 x i8*] [i8* getelementptr inbounds ([4 x i8], [4 x i8]* @_license, i32 0, i32 0)], section "llvm.metadata"'
  # helper 18 = bpf_skb_vlan_push(skb, __be16 proto, u16 tci); 129 = htons(0x8100) on LE
  cat >"$TMP/vlan_push.ll" <<EOF
$BPF_HDR
define i32 @vlan_push(i8* %skb) section "tc" {
  %f = inttoptr i64 18 to i64 (i8*, i64, i64)*
  %r = call i64 %f(i8* %skb, i64 129, i64 10)
  ret i32 0
}
EOF
  # helper 19 = bpf_skb_vlan_pop(skb)
  cat >"$TMP/vlan_pop.ll" <<EOF
$BPF_HDR
define i32 @vlan_pop(i8* %skb) section "tc" {
  %f = inttoptr i64 19 to i64 (i8*)*
  %r = call i64 %f(i8* %skb)
  ret i32 0
}
EOF
  llc -march=bpfel -filetype=obj -o "$TMP/vlan_push.o" "$TMP/vlan_push.ll"
  llc -march=bpfel -filetype=obj -o "$TMP/vlan_pop.o" "$TMP/vlan_pop.ll"
  VDEV=eth0
  for ns in l2g-a l2g-b; do
    ip -n "$ns" link set eth0 up
    ip netns exec "$ns" tc qdisc add dev eth0 clsact
    ip netns exec "$ns" tc filter add dev eth0 egress bpf da obj "$TMP/vlan_push.o" sec tc
    ip netns exec "$ns" tc filter add dev eth0 ingress bpf da obj "$TMP/vlan_pop.o" sec tc
  done
fi
ip -n l2g-a addr add 10.0.10.1/24 dev $VDEV
ip -n l2g-b addr add 10.0.10.2/24 dev $VDEV
sleep 0.5
start_cap l2g-a eth0 "$OUT/vlan.pcap"; cap=$LAST_CAP
run_ping l2g-a -c 1 -W 2 10.0.10.2
sleep 0.5
stop_cap "$cap"

del_all_ns
CAP_PIDS=()

# ---------------------------------------------------------------- summary --
for f in ping ping-size unreachable unreachable-r-eth1 garp vlan; do
  log ""
  log "--- tcpdump -nn -e -ttttt -r $f.pcap"
  tcpdump -nn -e -ttttt -r "$OUT/$f.pcap" 2>/dev/null | sed 's/^/  /' | tee -a "$LOG"
done

# tcpdump drops privileges to user "tcpdump"; give the files the directory's owner.
chown --reference="$OUT" "$OUT"/*.pcap 2>/dev/null || true
node "$ROOT/scripts/pcap-to-json.mjs" "$OUT" >"$OUT/frames.json"
log ""
log "wrote $OUT/frames.json ($(grep -c '"hex"' "$OUT/frames.json") frames)"
