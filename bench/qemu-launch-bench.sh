#!/usr/bin/env bash
# Launch latency of the QEMU driver (lightcloud-agent) against a plain shell script launching the same
# qemu-system-x86_64 command line on the same kind of overlay, in the same run:
#
#   bench/qemu-launch-bench.sh [RUNS]     (default 5 repetitions of each, alternating)
#
# Reports per-run times and medians to "QEMU running" and to the guest's first serial marker. The driver's times
# include everything spawn does (image cache lookup, qcow2 overlay, config drive ISO, instance record, QEMU
# launch, QMP connect and query-status); the raw script's overlay and config drive are made before its clock
# starts. The accelerator is chosen as in production (KVM probe, TCG fallback); the first lines say which.
# Needs Maven with the dependencies in its local repository (runs offline), qemu-system-x86, qemu-utils,
# genisoimage and python3.
set -euo pipefail
RUNS=${1:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

IMAGE=$(test-image/build.sh | tail -n1)
mvn -B -q -o test-compile -pl lightcloud-agent >&2
CP_FILE=$(mktemp)
WORK=$(mktemp -d /tmp/lc-bench.XXXXXX)
cleanup() {
    # Any VM still running (the bench failed half-way) is stopped by its pid file.
    for pid in "$WORK"/instances/*/qemu.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
    rm -rf "$WORK" "$CP_FILE"
}
trap cleanup EXIT
mvn -B -q -o dependency:build-classpath -pl lightcloud-agent -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE" >&2
CP=lightcloud-agent/target/classes:lightcloud-agent/target/test-classes:$(cat "$CP_FILE")

echo "image: $IMAGE"
echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(qemu-system-x86_64 --version | head -n1)"
java -cp "$CP" -Dlightcloud.log.level=WARN io.lightcloud.agent.driver.qemu.QemuLaunchBench \
    "$WORK/instances" "$IMAGE" "$RUNS" "$ROOT/bench/raw-qemu-launch.sh"
