#!/usr/bin/env bash
# GET /servers/detail benchmark (issue 4): the controller on H2 with 1,000 servers (created through the API on a
# simulated host that reports them running), then ApacheBench against /compute/v2.1/servers/detail at microversion
# 2.90 (every server in one page, as Nova's default limit of 1000 gives), with the JVM options ./lightcloud up uses
# (JAVA_OPTS_DEFAULT in ./lightcloud; LIGHTCLOUD_JAVA_OPTS overrides them).
# Goal: p99 at most 100 ms.
#
#   bench/servers-detail-bench.sh [SERVERS] [REQUESTS] [CONCURRENCY...]     (default 1000 300 1 4)
#
# Needs Maven with the dependencies in its local repository (runs offline), ab (apache2-utils) and qemu-img.
set -euo pipefail
SERVERS=${1:-1000}
REQUESTS=${2:-300}
shift $(( $# > 2 ? 2 : $# ))
CONCURRENCY=("$@")
[ ${#CONCURRENCY[@]} -eq 0 ] && CONCURRENCY=(1 4)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# shellcheck source=server-classpath.sh
source bench/server-classpath.sh
CP=$(server_test_classpath)

echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
JAVA_OPTS=$(lightcloud_java_opts)
echo "JVM flags: $JAVA_OPTS"
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" io.lightcloud.server.compute.ServersDetailBenchmark "$SERVERS" "$REQUESTS" \
    "${CONCURRENCY[@]}" 2>/dev/null | grep -E '^(setup|response|ab|  )'
