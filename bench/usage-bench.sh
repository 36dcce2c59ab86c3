#!/usr/bin/env bash
# os-simple-tenant-usage benchmark (issue 13): the controller on H2 with INSTANCES instances of one project and their
# usage-ledger intervals over the last 35 days (a simulated inventory written to the database: every third instance
# resized once, every fourth deleted), then wrk (one thread, warmed up first) against the usage of the last 30 days and, as the baseline on
# the same database in the same run, GET /servers/detail?limit=1000. JVM options as ./lightcloud up uses them
# (JAVA_OPTS_DEFAULT in ./lightcloud; LIGHTCLOUD_JAVA_OPTS overrides them).
# Goal: p99 at most 200 ms for 10,000 instances over 30 days.
#
#   bench/usage-bench.sh [INSTANCES] [SECONDS_PER_RUN] [CONNECTIONS...]     (default 10000 20 1 2)
#
# Needs Maven with the dependencies in its local repository (runs offline), wrk and qemu-img.
set -euo pipefail
INSTANCES=${1:-10000}
SECONDS_PER_RUN=${2:-20}
shift $(( $# > 2 ? 2 : $# ))
CONCURRENCY=("$@")
[ ${#CONCURRENCY[@]} -eq 0 ] && CONCURRENCY=(1 2)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o test-compile dependency:build-classpath -pl lightcloud-server -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE" >&2
CP=lightcloud-server/target/test-classes:lightcloud-server/target/classes:$(cat "$CP_FILE")

echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
JAVA_OPTS=${LIGHTCLOUD_JAVA_OPTS:-$(sed -n 's/^JAVA_OPTS_DEFAULT="\(.*\)"$/\1/p' "$ROOT/lightcloud")}
echo "JVM flags: $JAVA_OPTS"
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" io.lightcloud.server.compute.UsageBenchmark "$INSTANCES" "$SECONDS_PER_RUN" \
    "${CONCURRENCY[@]}" 2>/dev/null | grep -E '^(setup|response|wrk|  )'
