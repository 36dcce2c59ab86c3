#!/usr/bin/env bash
# Idle footprint of the all-in-one controller with its supervised Prometheus, Alertmanager and node exporter, next to
# the same controller without monitoring (the baseline), started one after the other in the same run with the
# `lightcloud` script's JVM flags. RSS of the whole process group (java and its children) after IDLE_S seconds idle.
# No local agent runs (it would fight another one on this host); the agent's exporter is a thread of the controller.
#   bench/monitoring-footprint-bench.sh [IDLE_S]      # default 60
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE_S=${1:-60}
JAR=${LIGHTCLOUD_JAR:-lightcloud-server/target/lightcloud-server.jar}
[ -f "$JAR" ] || mvn -B -q --no-transfer-progress -DskipTests package
JAVA_OPTS_DEFAULT=$(sed -n 's/^JAVA_OPTS_DEFAULT="\(.*\)"$/\1/p' lightcloud)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# tree_rss_mb PID: VmRSS of PID and every descendant, in MB.
tree_rss_mb() {
  local pids=("$1") all=() p
  while [ ${#pids[@]} -gt 0 ]; do
    p=${pids[0]}; pids=("${pids[@]:1}"); all+=("$p")
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do pids+=("$c"); done
  done
  local total=0 kb
  for p in "${all[@]}"; do
    kb=$(awk '/^VmRSS/ {print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo $((total / 1024)) "${#all[@]}"
}

run() {
  local monitoring=$1 data port pid
  data=$(mktemp -d /tmp/lc-footprint-XXXXXX)
  port=$(free_port)
  # shellcheck disable=SC2086
  java $JAVA_OPTS_DEFAULT -jar "$JAR" --server.port="$port" --server.address=127.0.0.1 \
    --lightcloud.data-dir="$data" --lightcloud.bootstrap.admin-password=bench \
    --lightcloud.compute.local-agent.enabled=false --lightcloud.monitoring.enabled="$monitoring" \
    --lightcloud.monitoring.node-exporter-port="$(free_port)" >"$data/server.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; do sleep 0.5; done
  sleep "$IDLE_S"
  read -r mb procs < <(tree_rss_mb "$pid")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo "$mb $procs"
}

read -r base base_procs < <(run false)
read -r mon mon_procs < <(run true)
echo "idle_s=$IDLE_S baseline_controller_rss_mb=$base (processes=$base_procs)" \
  "with_monitoring_rss_mb=$mon (processes=$mon_procs) monitoring_share_mb=$((mon - base))" \
  "ratio=$(python3 -c "print(round($mon/$base, 2))") goal_mb=600"
