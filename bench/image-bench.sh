#!/usr/bin/env bash
# Image data throughput through the Glance-compatible API, next to plain tools on the same disk in the same run:
# upload (curl PUT /file) against cp of the same file, download (curl GET /file) against curl of the same file from
# python3 -m http.server on 127.0.0.1, and the server's resident memory sampled during the transfers.
#
# Usage: bench/image-bench.sh [SIZE_MIB] [RUNS]     (default 2048 MiB, 3 runs; the median run is reported)
# Environment: BENCH_DIR (work directory, default under /var/tmp: the disk the data directory would use),
#              LIGHTCLOUD_JAVA_OPTS (default: the heap flags ./lightcloud up uses).
# Every transfer writes a real file: the upload into the image store (which forces it to disk before the image
# becomes active), cp into a copy, downloads into a file. The source stays in the page cache for all of them.
set -euo pipefail

SIZE_MIB=${1:-2048}
RUNS=${2:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR="$ROOT/lightcloud-server/target/lightcloud-server.jar"
JAVA_OPTS=${LIGHTCLOUD_JAVA_OPTS:-"-XX:+UseSerialGC -Xms32m -Xmx384m"}
W=$(mktemp -d "${BENCH_DIR:-/var/tmp}/lc-image-bench.XXXXXX")
PW=bench-$RANDOM$RANDOM
SERVER_PID=
HTTP_PID=
SAMPLER_PID=

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ns() { date +%s%N; }
mbps() { awk -v b="$1" -v ns="$2" 'BEGIN { printf "%.0f", b / 1e6 / (ns / 1e9) }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

cleanup() {
  [ -z "$SAMPLER_PID" ] || kill "$SAMPLER_PID" 2>/dev/null || true
  [ -z "$HTTP_PID" ] || kill "$HTTP_PID" 2>/dev/null || true
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$W"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }

# Samples the server's RSS every 100 ms into $1 until killed.
sample_rss() {
  while kill -0 "$SERVER_PID" 2>/dev/null; do rss_kb >> "$1"; sleep 0.1; done
}

[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package) || die "build failed"
command -v curl >/dev/null || die "curl is missing"

BYTES=$((SIZE_MIB * 1024 * 1024))
log "writing a ${SIZE_MIB} MiB image of random data in $W"
head -c "$BYTES" /dev/urandom > "$W/source.img"
cat "$W/source.img" > /dev/null
SOURCE_MD5=$(md5sum "$W/source.img" | cut -d' ' -f1)

PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
log "starting the server on port $PORT ($JAVA_OPTS)"
# shellcheck disable=SC2086
LIGHTCLOUD_PORT=$PORT LIGHTCLOUD_DATA_DIR="$W/data" LIGHTCLOUD_ADMIN_PASSWORD=$PW \
  java $JAVA_OPTS -jar "$JAR" > "$W/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 240); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited: $(tail -5 "$W/server.log")"
  sleep 0.5
done
token() {
  curl -sS -D - -o /dev/null -H 'Content-Type: application/json' "$BASE/identity/v3/auth/tokens" -d \
    "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"admin\",
      \"domain\": {\"id\": \"default\"}, \"password\": \"$PW\"}}}, \"scope\": {\"project\": {\"name\": \"admin\",
      \"domain\": {\"id\": \"default\"}}}}}" | awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }' | tr -d '\r'
}
# The server answers health checks before its startup tasks have created the admin user.
TOKEN=
for _ in $(seq 60); do TOKEN=$(token); [ -n "$TOKEN" ] && break; sleep 1; done
[ -n "$TOKEN" ] || die "no token"
IDLE_RSS=$(rss_kb)

HTTP_PORT=$(free_port)
(cd "$W" && exec python3 -m http.server "$HTTP_PORT" --bind 127.0.0.1 > "$W/http.log" 2>&1) &
HTTP_PID=$!
sleep 1

sample_rss "$W/rss.txt" &
SAMPLER_PID=$!

: > "$W/cp.txt"; : > "$W/cpsync.txt"; : > "$W/up.txt"; : > "$W/down.txt"; : > "$W/curl.txt"
: > "$W/md5.txt"; : > "$W/sha512.txt"; : > "$W/jhash.txt"
for run in $(seq "$RUNS"); do
  # Every upload computes the MD5 checksum and SHA-512 hash Glance clients verify; these bound what it can reach.
  log "run $run/$RUNS: md5sum and sha512sum of the source"
  t0=$(now_ns); md5sum "$W/source.img" > /dev/null; t1=$(now_ns); sha512sum "$W/source.img" > /dev/null; t2=$(now_ns)
  echo $((t1 - t0)) >> "$W/md5.txt"; echo $((t2 - t1)) >> "$W/sha512.txt"
  log "run $run/$RUNS: MD5 and SHA-512 in Java (HashRate.java)"
  java "$HERE/HashRate.java" "$W/source.img" >> "$W/jhash.txt" || die "HashRate.java failed"

  log "run $run/$RUNS: cp"
  rm -f "$W/copy.img"; sync
  t0=$(now_ns); cp "$W/source.img" "$W/copy.img"; t1=$(now_ns); sync "$W/copy.img"; t2=$(now_ns)
  echo $((t1 - t0)) >> "$W/cp.txt"; echo $((t2 - t0)) >> "$W/cpsync.txt"
  rm -f "$W/copy.img"; sync

  log "run $run/$RUNS: upload through the API"
  ID=$(curl -fsS -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' "$BASE/image/v2/images" \
    -d "{\"name\": \"bench-$run\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  t0=$(now_ns)
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H "X-Auth-Token: $TOKEN" \
    -H 'Content-Type: application/octet-stream' -T "$W/source.img" "$BASE/image/v2/images/$ID/file")
  t1=$(now_ns)
  [ "$code" = 204 ] || die "upload answered $code"
  echo $((t1 - t0)) >> "$W/up.txt"
  CHECKSUM=$(curl -fsS -H "X-Auth-Token: $TOKEN" "$BASE/image/v2/images/$ID" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["checksum"])')
  [ "$CHECKSUM" = "$SOURCE_MD5" ] || die "checksum $CHECKSUM differs from $SOURCE_MD5"

  log "run $run/$RUNS: download through the API"
  rm -f "$W/down.img"; sync
  t0=$(now_ns)
  curl -fsS -o "$W/down.img" -H "X-Auth-Token: $TOKEN" "$BASE/image/v2/images/$ID/file"
  t1=$(now_ns)
  echo $((t1 - t0)) >> "$W/down.txt"
  [ "$(stat -c %s "$W/down.img")" = "$BYTES" ] || die "short download"
  rm -f "$W/down.img"; sync

  log "run $run/$RUNS: download from python3 -m http.server"
  t0=$(now_ns)
  curl -fsS -o "$W/plain.img" "http://127.0.0.1:$HTTP_PORT/source.img"
  t1=$(now_ns)
  echo $((t1 - t0)) >> "$W/curl.txt"
  rm -f "$W/plain.img"; sync

  curl -fsS -o /dev/null -X DELETE -H "X-Auth-Token: $TOKEN" "$BASE/image/v2/images/$ID"
done
kill "$SAMPLER_PID"; SAMPLER_PID=

CP=$(median < "$W/cp.txt"); CPSYNC=$(median < "$W/cpsync.txt"); UP=$(median < "$W/up.txt")
DOWN=$(median < "$W/down.txt"); PLAIN=$(median < "$W/curl.txt")
MD5=$(median < "$W/md5.txt"); SHA512=$(median < "$W/sha512.txt")
jhash() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" "$W/jhash.txt" | median; }
JMD5=$(jhash md5); JSHA512=$(jhash sha512); JBOTH=$(jhash both)
phase() { sed -n "s/.*Image upload finished.* $1=\([0-9]*\).*/\1/p" "$W/server.log" | median; }
PEAK_RSS=$(sort -n "$W/rss.txt" | tail -1); LOW_RSS=$(sort -n "$W/rss.txt" | head -1)

cat <<REPORT

Image throughput, ${SIZE_MIB} MiB of random data, median of $RUNS runs ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))
  cp (page cache)                     $(mbps "$BYTES" "$CP") MB/s
  cp + sync of the copy               $(mbps "$BYTES" "$CPSYNC") MB/s
  md5sum / sha512sum (one core each)  $(mbps "$BYTES" "$MD5") / $(mbps "$BYTES" "$SHA512") MB/s: the ceiling of any upload that checksums
  Java MD5 / SHA-512 (one core each)  $JMD5 / $JSHA512 MB/s, both side by side $JBOTH MB/s: the ceiling of this server's upload
  upload through the API              $(mbps "$BYTES" "$UP") MB/s   = $(awk -v a="$CP" -v b="$UP" 'BEGIN { printf "%.0f", 100 * a / b }')% of cp, $(awk -v a="$CPSYNC" -v b="$UP" 'BEGIN { printf "%.0f", 100 * a / b }')% of cp + sync (goal: 70% of cp), $(awk -v a="$JBOTH" -v u="$(mbps "$BYTES" "$UP")" 'BEGIN { printf "%.0f", 100 * u / a }')% of the Java hashing ceiling
  (server log, median: receive and hash $(phase copy_ms) ms, inspect $(phase inspect_ms) ms, commit $(phase commit_ms) ms)
  curl from python3 -m http.server    $(mbps "$BYTES" "$PLAIN") MB/s
  download through the API            $(mbps "$BYTES" "$DOWN") MB/s   = $(awk -v a="$PLAIN" -v b="$DOWN" 'BEGIN { printf "%.0f", 100 * a / b }')% of curl from http.server, $(awk -v a="$CP" -v b="$DOWN" 'BEGIN { printf "%.0f", 100 * a / b }')% of cp
  server RSS: idle $((IDLE_RSS / 1024)) MB, during the transfers $((LOW_RSS / 1024))-$((PEAK_RSS / 1024)) MB (sampled every 100 ms)
REPORT
