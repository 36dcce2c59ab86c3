#!/usr/bin/env bash
# The baseline of bench/port-wiring-bench.sh: the Linux work one port's wiring needs, done directly by a shell with
# nothing around it — a tap on a bridge, a one-port nftables table, a DHCP host line and dnsmasq's SIGHUP — timed
# from before the first command to after the last. Prints "wired_ms=<n>".
#   raw-port-wiring.sh BRIDGE DIR DNSMASQ_PID
set -euo pipefail
BRIDGE=$1 DIR=$2 PID=$3
TAP=tapraw$RANDOM
start=$(date +%s%N)
ip tuntap add dev "$TAP" mode tap
ip link set "$TAP" master "$BRIDGE" up
nft -f - <<NFT
table bridge lcrawbench
delete table bridge lcrawbench
table bridge lcrawbench {
  chain prerouting {
    type filter hook prerouting priority filter; policy accept;
    iifname "$TAP" ether saddr != fa:16:3e:00:00:01 drop
  }
}
NFT
echo "fa:16:3e:00:00:01,10.0.0.5,raw" >> "$DIR/hosts"
kill -HUP "$PID"
end=$(date +%s%N)
ip link del "$TAP"
nft delete table bridge lcrawbench
echo "wired_ms=$(( (end - start) / 1000000 ))"
