#!/usr/bin/env bash
# The dashboard's figures (DashboardBenchmark, through Maven, offline; nothing is asserted):
#
#   bench/dashboard-bench.sh [RUNS]     (default 5)
#
# - JS+CSS the browser loads, gzip-compressed (level 6, as a compressing server or proxy would send it): the sign-in
#   page, then the overview after signing in; and every asset of the app (goal: first load <= 1 MB);
# - time to interactive of the sign-in page in headless Chromium, cold cache (navigation start to the form present
#   and the main thread idle), median of RUNS;
# - the instance list with 500 instances: GET /compute/v2.1/servers/detail is stubbed in the browser (Playwright
#   route interception) for this measurement only; menu click to 500 rows in the DOM, median of RUNS (goal < 1 s);
# - console latency: an RFB client presses Enter on the real guest's shell and waits for the framebuffer update that
#   shows it, directly on the VM's VNC port and through the WebSocket proxy, interleaved (QEMU under TCG);
# - the instance list with 10,000 instances (DashboardListBenchmark; goal < 1 s each): the controller on H2 with
#   servers created through the API on a simulated host, nothing stubbed in the browser; menu click to the first
#   page's rows (server-side paging, limit 50) and a typed search to its one matching row, median of RUNS; first with
#   BASELINE servers (default 100), then with SERVERS (default 10000), in the same run. Creating 10,000 servers takes
#   a few minutes. LIST_ONLY=1 skips the first part.
#
#   bench/dashboard-bench.sh [RUNS] [SERVERS] [BASELINE]
set -euo pipefail
RUNS=${1:-5}
SERVERS=${2:-10000}
BASELINE=${3:-100}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

echo "host: $(nproc) CPUs, load average before $(cut -d' ' -f1-3 /proc/loadavg), $(/usr/bin/chromium --version 2>/dev/null)"
if [ "${LIST_ONLY:-0}" != 1 ]; then
    mvn -B -q -o test -pl lightcloud-server -am -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
        -Dlightcloud.bench.dashboard="$OUT" -Dlightcloud.bench.runs="$RUNS" >&2
    cat "$OUT"
fi

# shellcheck source=server-classpath.sh
source bench/server-classpath.sh
CP=$(server_test_classpath)
JAVA_OPTS=$(lightcloud_java_opts)
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" io.lightcloud.server.compute.DashboardListBenchmark "$BASELINE" "$SERVERS" "$RUNS" \
    2>/dev/null | grep -E '^(setup|instances)'
echo "load average after $(cut -d' ' -f1-3 /proc/loadavg)"
