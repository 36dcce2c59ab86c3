#!/usr/bin/env bash
# What a durable acknowledged write costs: the latency of creates and deletes through the APIs on three databases,
# in one run, on the same jar and machine:
#   h2-delayed   the embedded H2 as it was configured before (MVStore writes commits from a background thread up
#                to 500 ms later: acknowledged writes are lost when the controller is killed)
#   h2-sync      the embedded H2 as configured now (WRITE_DELAY=0: every commit is written to the file before the
#                answer; no fsync, see bench/README.md)
#   postgresql   a throw-away PostgreSQL cluster with its default settings (fsync=on, synchronous_commit=on), the
#                engine an embedded PostgreSQL would run
# The three controllers run side by side; each round sends the same operations to all three in a shuffled order, so
# a trend in the machine's load favours none. Per operation and database: p50 and p99 in milliseconds.
# Usage: bench/durability-bench.sh [ROUNDS]   (default 200)
# Environment: LIGHTCLOUD_JAR (default: the built server jar, rebuilt when sources are newer), LIGHTCLOUD_JAVA_OPTS
# (default: JAVA_OPTS_DEFAULT of ./lightcloud), KEEP=1 keeps the work directory. Needs python3, curl, qemu-img and
# PostgreSQL's server binaries (initdb, pg_ctl; Debian: postgresql); runs PostgreSQL as the user postgres when root.
set -euo pipefail

ROUNDS=${1:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=${LIGHTCLOUD_JAR:-$ROOT/lightcloud-server/target/lightcloud-server.jar}
JAVA_OPTS=${LIGHTCLOUD_JAVA_OPTS:-$(sed -n 's/^JAVA_OPTS_DEFAULT="\(.*\)"$/\1/p' "$ROOT/lightcloud")}
PW=bench-$RANDOM$RANDOM
W=$(mktemp -d /tmp/lc-durability-bench.XXXXXX)
chmod 755 "$W"
PIDS=()
PG_DATA=

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -n "$PG_DATA" ] && as_postgres "$PG_CTL" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ] || [ $rc -ne 0 ]; then log "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PG_BIN=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V \
  | tail -n 1)")
PG_CTL=$PG_BIN/pg_ctl
for tool in python3 curl java psql "$PG_BIN/initdb" "$PG_CTL"; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done

if [ -z "${LIGHTCLOUD_JAR:-}" ] && { [ ! -f "$JAR" ] || [ -n "$(find "$ROOT" -path "$ROOT/*/target" -prune -o \
    \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -print -quit)" ]; }; then
  log "building the server jar"
  (cd "$ROOT" && mvn -B -q -o -DskipTests package) || die "build failed"
fi

free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free loopback port"
}

log "starting a throw-away PostgreSQL cluster"
PG_DATA=$W/pg
PG_PORT=$(free_port)
mkdir -p "$PG_DATA" && chown postgres "$PG_DATA" 2>/dev/null || true
as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust >/dev/null
as_postgres "$PG_CTL" -D "$PG_DATA" -l "$PG_DATA/postgres.log" -w \
  -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" start >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE bench"
PG_SETTINGS=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -At -c \
  "SELECT string_agg(name || '=' || setting, ' ') FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit')")

H2_BASE="MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
declare -A URL=(
  [h2-delayed]="jdbc:h2:file:$W/h2-delayed/db/lightcloud;$H2_BASE"
  [h2-sync]="jdbc:h2:file:$W/h2-sync/db/lightcloud;$H2_BASE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE"
  [postgresql]="jdbc:postgresql://127.0.0.1:$PG_PORT/bench"
)
TARGETS=(h2-delayed h2-sync postgresql)
declare -A PORT
for t in "${TARGETS[@]}"; do
  PORT[$t]=$(free_port)
  mkdir -p "$W/$t"
  log "starting the server on $t (port ${PORT[$t]})"
  # shellcheck disable=SC2086
  LIGHTCLOUD_PORT=${PORT[$t]} LIGHTCLOUD_DATA_DIR=$W/$t LIGHTCLOUD_ADMIN_PASSWORD=$PW LIGHTCLOUD_DB_URL=${URL[$t]} \
    LIGHTCLOUD_DB_USER=$([ "$t" = postgresql ] && echo postgres || echo sa) \
    java $JAVA_OPTS -jar "$JAR" >"$W/$t/server.log" 2>&1 &
  PIDS+=($!)
done
for t in "${TARGETS[@]}"; do
  for _ in $(seq 360); do
    curl -fsS -o /dev/null "http://127.0.0.1:${PORT[$t]}/healthz" 2>/dev/null && break
    sleep 0.5
  done
  curl -fsS -o /dev/null "http://127.0.0.1:${PORT[$t]}/healthz" || die "the server on $t did not start"
done

cat > "$W/bench.py" <<'PY'
import http.client, json, random, sys, time

rounds, password = int(sys.argv[1]), sys.argv[2]
targets = dict(arg.split("=") for arg in sys.argv[3:])
auth = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
        "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}


class Target:
    def __init__(self, name, port):
        self.name = name
        self.conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
        for _ in range(120):
            status, body, headers = self.call("POST", "/identity/v3/auth/tokens", auth, token=None)
            if status == 201:
                break
            time.sleep(0.5)
        else:
            sys.exit("%s: no admin token" % name)
        self.token = headers["X-Subject-Token"]
        self.project = json.loads(body)["token"]["project"]["id"]
        self.times = {}

    def call(self, method, path, body=None, token="", extra=None):
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["X-Auth-Token"] = token or self.token
        headers.update(extra or {})
        self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = self.conn.getresponse()
        return response.status, response.read(), response.headers

    def timed(self, label, expected, method, path, body=None):
        start = time.perf_counter()
        status, data, _ = self.call(method, path, body)
        elapsed = (time.perf_counter() - start) * 1000
        if status != expected:
            sys.exit("%s: %s %s answered %d %s" % (self.name, method, path, status, data[:300]))
        self.times.setdefault(label, []).append(elapsed)
        return json.loads(data) if data else None

    def volume_status(self, volume):
        status, data, _ = self.call("GET", "/volume/v3/%s/volumes/%s" % (self.project, volume))
        return json.loads(data)["volume"]["status"] if status == 200 else "gone"

    def round(self, i):
        made = self.timed("project create", 201, "POST", "/identity/v3/projects",
                          {"project": {"name": "bench-%d" % i}})
        self.timed("project delete", 204, "DELETE", "/identity/v3/projects/" + made["project"]["id"])
        made = self.timed("network create", 201, "POST", "/network/v2.0/networks",
                          {"network": {"name": "bench-%d" % i}})
        self.timed("network delete", 204, "DELETE", "/network/v2.0/networks/" + made["network"]["id"])
        made = self.timed("flavor create", 200, "POST", "/compute/v2.1/flavors",
                          {"flavor": {"name": "bench-%d" % i, "vcpus": 1, "ram": 128, "disk": 1}})
        self.timed("flavor delete", 202, "DELETE", "/compute/v2.1/flavors/" + made["flavor"]["id"])
        made = self.timed("volume create", 202, "POST", "/volume/v3/%s/volumes" % self.project,
                          {"volume": {"size": 1, "name": "bench-%d" % i}})
        volume = made["volume"]["id"]
        while self.volume_status(volume) == "creating":
            time.sleep(0.02)
        self.timed("volume delete", 202, "DELETE", "/volume/v3/%s/volumes/%s" % (self.project, volume))
        while self.volume_status(volume) != "gone":
            time.sleep(0.02)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


clients = [Target(name, port) for name, port in targets.items()]
for client in clients:
    for i in range(5):
        client.round(-1 - i)
    client.times.clear()
for i in range(rounds):
    for client in random.sample(clients, len(clients)):
        client.round(i)
labels = list(clients[0].times)
print("%-16s" % "p50 / p99 (ms)" + "".join("%22s" % c.name for c in clients))
for label in labels:
    print("%-16s" % label + "".join("%22s" % ("%.1f / %.1f" % (percentile(c.times[label], 50),
                                                             percentile(c.times[label], 99))) for c in clients))
PY

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "running $ROUNDS rounds (after 5 of warm-up) on each database"
ARGS=()
for t in "${TARGETS[@]}"; do ARGS+=("$t=${PORT[$t]}"); done
TABLE=$(python3 "$W/bench.py" "$ROUNDS" "$PW" "${ARGS[@]}") || die "the benchmark failed; see $W/*/server.log"
cat <<REPORT
Create and delete latency through the APIs, $ROUNDS rounds per database, one client, keep-alive
$TABLE
  PostgreSQL: $PG_SETTINGS
  H2 file size after the run: h2-delayed $(du -k "$W/h2-delayed/db/lightcloud.mv.db" | cut -f1) kB, h2-sync \
$(du -k "$W/h2-sync/db/lightcloud.mv.db" | cut -f1) kB
  machine load average (1/5/15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores
REPORT
