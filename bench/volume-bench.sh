#!/usr/bin/env bash
# Volume create-from-image through the Cinder API next to a bare `qemu-img convert` of the same stored image, in one
# run on this machine: the median of RUNS each, and their ratio (goal: at most 1.2).
# Usage: bench/volume-bench.sh [RUNS]   (default 5)
# Environment: IMAGE_MB (size of the random data in the image, default 1024), LIGHTCLOUD_JAR (default: the built
# server jar, rebuilt when sources are newer), KEEP_ON_FAILURE=1 keeps the work directory of a failed run, KEEP=1 of
# any run (its server.log has each qemu-img step with LIGHTCLOUD_JAVA_OPTS=-Dlogging.level.io.lightcloud.volume=DEBUG).
# The server must include the image service (lightcloud-image): the image is uploaded through the Glance API.
set -euo pipefail

RUNS=${1:-5}
IMAGE_MB=${IMAGE_MB:-1024}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=${LIGHTCLOUD_JAR:-$ROOT/lightcloud-server/target/lightcloud-server.jar}
JAVA_OPTS=${LIGHTCLOUD_JAVA_OPTS:-"-XX:+UseSerialGC -Xms64m -Xmx384m"}
PW=bench-$RANDOM$RANDOM
W=$(mktemp -d /tmp/lc-volume-bench.XXXXXX)
SERVER_PID=

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "${KEEP:-}" ] || { [ $rc -ne 0 ] && [ -n "${KEEP_ON_FAILURE:-}" ]; }; then log "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in qemu-img curl python3 java; do command -v "$tool" >/dev/null || die "$tool is missing"; done

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

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# The image: IMAGE_MB of random data (incompressible, nothing for qemu-img to skip) in a qcow2, as users upload.
log "making a qcow2 image with $IMAGE_MB MiB of random data"
head -c "${IMAGE_MB}M" /dev/urandom > "$W/source.raw"
qemu-img convert -q -f raw -O qcow2 "$W/source.raw" "$W/image.qcow2"
rm -f "$W/source.raw"
VIRTUAL=$(qemu-img info --output=json -f qcow2 "$W/image.qcow2" | json 'd["virtual-size"]')
FILE_BYTES=$(stat -c %s "$W/image.qcow2")
# As Cinder, the volume service wants room for both the virtual size and the image file's size.
SIZE_GB=$(( ((VIRTUAL > FILE_BYTES ? VIRTUAL : FILE_BYTES) + (1 << 30) - 1) >> 30 ))

PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
mkdir -p "$W/data"
log "starting the server on port $PORT"
# shellcheck disable=SC2086
LIGHTCLOUD_PORT=$PORT LIGHTCLOUD_DATA_DIR=$W/data LIGHTCLOUD_ADMIN_PASSWORD=$PW \
  java $JAVA_OPTS -jar "$JAR" >"$W/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 240); do curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "$BASE/healthz" || die "the server did not start; see $W/server.log"

AUTH='{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},
"password":"'$PW'"}}},"scope":{"project":{"name":"admin","domain":{"id":"default"}}}}}'
# The admin user appears once the identity bootstrap has hashed its password, which may be after /healthz answers.
TOKEN=
for _ in $(seq 60); do
  TOKEN=$(curl -sS -D - -o "$W/token.json" -H 'Content-Type: application/json' -d "$AUTH" \
    "$BASE/identity/v3/auth/tokens" | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }' | tr -d '\r')
  [ -n "$TOKEN" ] && break
  sleep 0.5
done
[ -n "$TOKEN" ] || die "no admin token; see $W/server.log"
PROJECT=$(json 'd["token"]["project"]["id"]' < "$W/token.json")
H=(-H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json')
[ "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$BASE/image/v2/images")" = 200 ] \
  || die "this server has no image service (lightcloud-image); the benchmark uploads its image through /image/v2"

log "uploading the image"
IMAGE=$(curl -fsS "${H[@]}" -d '{"name":"bench","disk_format":"qcow2","container_format":"bare"}' \
  "$BASE/image/v2/images" | json 'd["id"]')
curl -fsS -X PUT -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/octet-stream' \
  -T "$W/image.qcow2" "$BASE/image/v2/images/$IMAGE/file" >/dev/null
[ "$(curl -fsS "${H[@]}" "$BASE/image/v2/images/$IMAGE" | json 'd["status"]')" = active ] || die "image not active"
# The bare conversion reads the very file the volume service reads: the image store's copy.
STORED=$W/data/images/$IMAGE
[ -f "$STORED" ] || STORED=$W/image.qcow2
VOLUMES=$W/data/volumes

bare() {
  local out=$VOLUMES/bare-$1.qcow2 t0 t1
  t0=$(now_ms)
  qemu-img convert -q -f qcow2 -O qcow2 "$STORED" "$out"
  t1=$(now_ms)
  rm -f "$out"
  echo $((t1 - t0))
}

# One Python process creates the volume and waits for it. The time reported is the POST's round trip plus the span
# the server records between accepting the volume (created_at) and making it available (updated_at): polling faster
# to observe the end directly would take CPU from the conversion being measured on a small, busy machine.
cat > "$W/create.py" <<'PY'
import datetime, http.client, json, sys, time
host, port, token, project, image, size, name = sys.argv[1:8]
conn = http.client.HTTPConnection(host, int(port))
headers = {"X-Auth-Token": token, "Content-Type": "application/json"}
path = "/volume/v3/%s/volumes" % project
start = time.monotonic()
conn.request("POST", path, json.dumps({"volume": {"size": int(size), "imageRef": image, "name": name}}), headers)
response = conn.getresponse()
body = response.read()
round_trip = time.monotonic() - start
if response.status != 202:
    sys.exit("create refused: %d %s" % (response.status, body.decode()))
volume = json.loads(body)["volume"]["id"]
while True:
    time.sleep(0.2)
    conn.request("GET", path + "/" + volume, headers=headers)
    shown = json.loads(conn.getresponse().read())["volume"]
    if shown["status"] != "creating":
        break
if shown["status"] != "available":
    sys.exit("volume %s ended %s" % (volume, shown["status"]))
parse = lambda text: datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f")
span = (parse(shown["updated_at"]) - parse(shown["created_at"])).total_seconds()
conn.request("DELETE", path + "/" + volume, headers=headers)
conn.getresponse().read()
print(int((round_trip + span) * 1000))
PY

api() {
  python3 "$W/create.py" 127.0.0.1 "$PORT" "$TOKEN" "$PROJECT" "$IMAGE" "$SIZE_GB" "bench-$1" \
    || die "see $W/server.log"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "warm-up (page cache, JIT)"
bare 0 >/dev/null
api 0 >/dev/null
: > "$W/bare.ms"
: > "$W/api.ms"
for r in $(seq "$RUNS"); do
  # Alternating the order keeps a trend in the machine's load from favouring either side.
  if [ $((r % 2)) -eq 1 ]; then
    b=$(bare "$r"); a=$(api "$r")
  else
    a=$(api "$r"); b=$(bare "$r")
  fi
  echo "$b" >> "$W/bare.ms"
  echo "$a" >> "$W/api.ms"
  log "run $r: bare qemu-img convert ${b} ms, API create-from-image ${a} ms"
done

# The service's own time from the accepted request to the volume being available, from its log, for the breakdown.
grep -o 'Volume created volume_id=[^ ]* status=available duration_ms=[0-9]*' "$W/server.log" | tail -n "$RUNS" \
  | sed 's/.*duration_ms=//' > "$W/service.ms"
SERVICE=$(median < "$W/service.ms")
BARE=$(median < "$W/bare.ms")
API=$(median < "$W/api.ms")
RATIO=$(awk -v a="$API" -v b="$BARE" 'BEGIN { printf "%.2f", a / b }')
cat <<REPORT
Volume create-from-image, $RUNS runs, image: qcow2 holding $IMAGE_MB MiB of random data, volume $SIZE_GB GiB
  bare qemu-img convert -f qcow2 -O qcow2   median ${BARE} ms   runs: $(tr '\n' ' ' < "$W/bare.ms")
  POST /volumes imageRef -> available        median ${API} ms   runs: $(tr '\n' ' ' < "$W/api.ms")
    of which the background build (qemu-img info, create, convert, rename, status update): median ${SERVICE} ms
  machine load average (1/5/15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores
  ratio API / bare: $RATIO   (goal: <= 1.20)   $(awk -v r="$RATIO" 'BEGIN { print (r <= 1.2 ? "MET" : "NOT MET") }')
REPORT
