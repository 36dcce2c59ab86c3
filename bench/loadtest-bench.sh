#!/usr/bin/env bash
# The load-test engine's figures, each next to its baseline in the same run, on loopback only:
#  1. one executor's maximum rate against nginx vs wrk, same connections, keep-alive, one thread each;
#  2. the same executor vs JMeter 5.6.3's own non-GUI engine on the same .jmx, same threads;
#  3. latency accuracy against a target with a known delay, and a 1 s stall in the open (wrk2-style) model vs the
#     closed model;
#  4. the controller's cost of merging 10 executors x 100 labels per second.
# Usage: bench/loadtest-bench.sh [SECONDS_PER_RUN] [ROUNDS]   (defaults 10 and 3)
set -euo pipefail

T=${1:-10}
ROUNDS=${2:-3}
C=${CONNECTIONS:-32}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
W=$(mktemp -d /tmp/lightcloud-loadtest-bench-XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT
for tool in wrk nginx java mvn; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
# Maven colours its output even with -B -q on some terminals; class paths must be plain text.
plain() { sed 's/\x1b\[[0-9;]*m//g' | tr -d '\n'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "# building the executor and resolving class paths..." >&2
cd "$ROOT"
mvn -B -q --no-transfer-progress -pl lightcloud-loadtest,lightcloud-loadgen -am -DskipTests compile \
    dependency:build-classpath -Dmdep.outputFile="$W/module.cp" >/dev/null
LOADGEN_CP="$ROOT/lightcloud-loadgen/target/classes:$(mvn -B -q --no-transfer-progress -pl lightcloud-loadgen \
    dependency:build-classpath -Dmdep.outputFile=/dev/stdout | plain)"
LOADTEST_CP="$ROOT/lightcloud-loadtest/target/classes:$ROOT/lightcloud-common/target/classes:$(plain < "$W/module.cp")"
mkdir -p "$W/jmeter-pom"
cat > "$W/jmeter-pom/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>jmeter-cp</artifactId><version>1</version><dependencies>
<dependency><groupId>org.apache.jmeter</groupId><artifactId>ApacheJMeter_http</artifactId><version>5.6.3</version></dependency>
<dependency><groupId>org.apache.jmeter</groupId><artifactId>ApacheJMeter_components</artifactId><version>5.6.3</version></dependency>
<dependency><groupId>org.apache.jmeter</groupId><artifactId>ApacheJMeter_config</artifactId><version>5.6.3</version></dependency>
</dependencies></project>
POM
JMETER_CP=$(cd "$W/jmeter-pom" && mvn -B -q --no-transfer-progress dependency:build-classpath \
    -Dmdep.outputFile=/dev/stdout | plain)
mkdir -p "$W/jmeter-home/bin"
CONFIG_JAR=$(tr ':' '\n' <<<"$JMETER_CP" | grep ApacheJMeter_config)
(cd "$W/jmeter-home" && unzip -q -o "$CONFIG_JAR" 'bin/*.properties')
JAVA_FLAGS="-XX:+UseSerialGC -Xmx512m"

PORT=$(free_port)
cat > "$W/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $W/nginx.pid;
error_log $W/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    server { listen 127.0.0.1:$PORT; location / { return 200 "ok"; } }
}
NGINX
nginx -p "$W" -c "$W/nginx.conf" &
PIDS+=($!)
sleep 1
URL="http://127.0.0.1:$PORT/"
echo "# conditions: $(nproc) cores shared with other work; nginx 1 worker; wrk -t1; executor 1 event-loop thread;" \
     "$C connections; $T s per run; $ROUNDS rounds, alternating" >&2

wrk_rate() { wrk -t1 -c"$C" -d"${T}s" "$URL" | awk '/Requests\/sec/ {printf "%.0f\n", $2}'; }
cat > "$W/logback.xml" <<'XML'
<configuration><root level="WARN"/></configuration>
XML
# As LoadgenMain sets it for real executors.
loadgen() { java $JAVA_FLAGS -Dio.netty.leakDetection.level=disabled -Dlogback.configurationFile="$W/logback.xml" -cp "$LOADGEN_CP" "$HERE/LoadgenRate.java" "$@" | tail -1; }

echo "## 1. max rate vs wrk (requests/s)"
for r in $(seq 1 "$ROUNDS"); do
    w=$(wrk_rate); l=$(loadgen "$URL" "$T" "$C" 1 | tail -1 | awk '{print $1}')
    echo "round $r: wrk $w  loadgen $l  ratio $(awk -v a="$l" -v b="$w" 'BEGIN{printf "%.2f", a/b}')"
done

echo "## 2. vs JMeter 5.6.3 non-GUI, same .jmx, $C threads (samples/s)"
sed -e "s/@PORT@/$PORT/" -e "s/@THREADS@/$C/" -e "s/@SECONDS@/$T/" "$HERE/loadtest-bench.jmx" > "$W/plan.jmx"
for r in $(seq 1 "$ROUNDS"); do
    j=$(java $JAVA_FLAGS -cp "$JMETER_CP" "$HERE/JmeterRate.java" "$W/jmeter-home" "$W/plan.jmx" 2>/dev/null \
        | tail -1 | awk '{print $1}')
    l=$(loadgen "$URL" "$T" "$C" 1 | tail -1 | awk '{print $1}')
    echo "round $r: jmeter $j  loadgen $l  ratio $(awk -v a="$l" -v b="$j" 'BEGIN{printf "%.2f", a/b}')"
done

echo "## 3. latency accuracy: target answers after exactly 20 ms; open model 200/s over 20 connections"
DPORT=$(free_port)
java -cp "$HERE" "$HERE/DelayTarget.java" "$DPORT" 20 > "$W/delay.log" 2>&1 &
PIDS+=($!)
sleep 3
echo "reported (req/s p50 p99 max errors): $(loadgen "http://127.0.0.1:$DPORT/" "$T" 20 1 200 3)  truth: 20 ms + the target's own time"
echo "## 3b. a 1 s stall of the target about 4 s into the measured run (after 3 s of warm-up): open model (wrk2-style) vs closed model"
SPORT=$(free_port)
java -cp "$HERE" "$HERE/DelayTarget.java" "$SPORT" 1 12 1000 > "$W/stall.log" 2>&1 &
PIDS+=($!)
sleep 3
echo "open 200/s, 50 connections (req/s p50 p99 max errors): $(loadgen "http://127.0.0.1:$SPORT/" "$T" 50 1 200 3)"
SPORT2=$(free_port)
java -cp "$HERE" "$HERE/DelayTarget.java" "$SPORT2" 1 12 1000 > "$W/stall2.log" 2>&1 &
PIDS+=($!)
sleep 3
echo "closed, 10 connections   (req/s p50 p99 max errors): $(loadgen "http://127.0.0.1:$SPORT2/" "$T" 10 1 0 3)"

echo "## 4. controller merge cost: 10 executors x 100 labels x 200 samples per second, 60 s of results"
echo "cpu seconds per second of results, report bytes, samples: $(java $JAVA_FLAGS -cp "$LOADTEST_CP" "$HERE/MergeCost.java" 10 100 200 60)"
