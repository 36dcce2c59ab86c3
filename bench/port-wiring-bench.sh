#!/usr/bin/env bash
# Port create to wired: from POST /network/v2.0/ports (bound to the all-in-one host) until the local agent has the
# port's tap on its network's bridge, the port in its nftables table and its DHCP host line in dnsmasq's file,
# against bench/raw-port-wiring.sh doing that Linux work directly, in the same run:
#
#   bench/port-wiring-bench.sh [RUNS]     (default 30)
#
# Reports median and p99 of both and their ratio. The controller, the agent's long-poll and its converging of the
# whole host document are what the difference measures. Runs offline through Maven (PortWiringBenchmark); needs root.
set -euo pipefail
RUNS=${1:-30}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

echo "host: $(nproc) CPUs, load average before $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -o test -pl lightcloud-server -am -Dtest=PortWiringBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dlightcloud.bench.port-wiring="$OUT" -Dlightcloud.bench.runs="$RUNS" \
    -Dlightcloud.bench.raw-script="$ROOT/bench/raw-port-wiring.sh" >&2
cat "$OUT"
echo "load average after $(cut -d' ' -f1-3 /proc/loadavg)"
