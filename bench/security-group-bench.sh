#!/usr/bin/env bash
# Security groups at scale: time to program a port's group of 1,000 ingress rules, and TCP connect latency through
# the firewall with 1,000 rules against 10, in the same run:
#
#   bench/security-group-bench.sh [ROUNDS] [CONNECTS]     (default 6 rounds, 2000 timed connects per setting)
#
# One simulated host (a namespace with its own agent data plane and state directory), a client and a server VM on
# one VXLAN network, both ports secured. Each round applies the document with 10 and with 1,000 ingress rules on the
# server's group (distinct TCP ports; the probe's port is allowed by the last rule), alternating the order, and times
# NetworkDataplane.apply, the nft -f of the rendered script alone, and connect() from the client (ConnectProbe, run
# with ip netns exec and pinned, with its listener, to CPU 1; a connect returns on the SYN-ACK). Reports medians and
# the 1,000/10 ratio of the connect latency. Everything runs in namespaces the benchmark creates and removes. Runs
# offline through Maven (SecurityGroupScaleBenchmark); needs root and a machine with at least 2 CPUs.
set -euo pipefail
ROUNDS=${1:-6}
CONNECTS=${2:-2000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

echo "host: $(nproc) CPUs, load average before $(cut -d' ' -f1-3 /proc/loadavg), $(nft --version), kernel $(uname -r)"
mvn -B -q -o test -pl lightcloud-agent -am -Dtest=SecurityGroupScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dlightcloud.bench.security-groups="$OUT" -Dlightcloud.bench.runs="$ROUNDS" \
    -Dlightcloud.bench.connects="$CONNECTS" >&2
cat "$OUT"
echo "load average after $(cut -d' ' -f1-3 /proc/loadavg)"
