#!/usr/bin/env bash
# VM-to-VM TCP throughput across VXLAN between two simulated hosts, against two VMs on one plain Linux bridge, in the
# same run:
#
#   bench/vxlan-throughput-bench.sh [RUNS] [SECONDS]     (default 5 runs of 5 s per setup)
#
# Two host namespaces joined by an underlay veth, each with its own agent data plane (own namespace prefix and state
# directory); a VM namespace on each host on one VXLAN network (MTU 1450), ports secured by a default-like security
# group. Baseline: two VM namespaces on one bridge in a namespace of its own, no VXLAN, no firewall. iperf3, one TCP
# stream, the two setups alternating; reports the medians and their ratio. Everything runs in namespaces the benchmark
# creates and removes. Runs offline through Maven (VxlanThroughputBenchmark); needs root and iperf3.
set -euo pipefail
RUNS=${1:-5}
SECONDS_PER_RUN=${2:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if ! command -v iperf3 >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iperf3 >/dev/null
fi
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

echo "host: $(nproc) CPUs, load average before $(cut -d' ' -f1-3 /proc/loadavg), $(iperf3 --version | head -n1)"
mvn -B -q -o test -pl lightcloud-agent -am -Dtest=VxlanThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dlightcloud.bench.vxlan-throughput="$OUT" -Dlightcloud.bench.runs="$RUNS" \
    -Dlightcloud.bench.seconds="$SECONDS_PER_RUN" >&2
cat "$OUT"
echo "load average after $(cut -d' ' -f1-3 /proc/loadavg)"
