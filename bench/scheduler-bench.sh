#!/usr/bin/env bash
# Scheduler benchmark (issue 4): 1,000 hosts faked at the inventory level and 20,000 placements from 16 concurrent
# clients through the real scheduler (filters, weighers, compare-and-swap claims on the host generation) and the
# real database, by default on 1 scheduler instance (one controller); CONTROLLERS > 1 splits the clients over that
# many instances with their own caches, as several controllers on one database would run. Checks afterwards in SQL
# that no host is over-committed and that the usage sums match the allocations. Besides placements/s it prints the
# CPU time per placement, which does not depend on what else the machine runs. Runs on H2 (a fresh file database)
# and, when PostgreSQL answers on 127.0.0.1:5432, on a throw-away PostgreSQL database.
#
#   bench/scheduler-bench.sh [HOSTS] [PLACEMENTS] [CLIENTS] [CONTROLLERS]     (default 1000 20000 16 1)
#
# Needs Maven with the dependencies in its local repository (runs offline).
set -euo pipefail
HOSTS=${1:-1000}
PLACEMENTS=${2:-20000}
CLIENTS=${3:-16}
CONTROLLERS=${4:-1}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CP_FILE=$(mktemp)
WORK=$(mktemp -d /tmp/lc-scheduler-bench.XXXXXX)
DB=""
cleanup() {
    rm -rf "$WORK" "$CP_FILE"
    if [ -n "$DB" ]; then psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
# Compiled in the reactor, so the classpath has this checkout's modules (target/classes), not installed jars.
mvn -B -q -o test-compile dependency:build-classpath -pl lightcloud-server -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE" >&2
CP=lightcloud-server/target/test-classes:lightcloud-server/target/classes:$(cat "$CP_FILE")
JAVA="java -Xmx1g -cp $CP"

echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== H2 (file database, PostgreSQL mode)"
$JAVA io.lightcloud.server.compute.SchedulerBenchmark \
    "jdbc:h2:file:$WORK/h2/bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" sa "" \
    "$HOSTS" "$PLACEMENTS" "$CLIENTS" "$CONTROLLERS" | grep -v ' INFO \| WARN '

if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && psql -h 127.0.0.1 -U postgres -q -c "SELECT 1" >/dev/null 2>&1; then
    DB="lightcloud_sched_bench_$$"
    psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $DB" >/dev/null
    echo "== PostgreSQL $(psql -h 127.0.0.1 -U postgres -tA -c 'SHOW server_version')"
    $JAVA io.lightcloud.server.compute.SchedulerBenchmark "jdbc:postgresql://127.0.0.1:5432/$DB" postgres "" \
        "$HOSTS" "$PLACEMENTS" "$CLIENTS" "$CONTROLLERS" | grep -v ' INFO \| WARN '
else
    echo "== PostgreSQL: not reachable on 127.0.0.1:5432 as postgres, skipped"
fi
