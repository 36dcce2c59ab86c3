#!/usr/bin/env bash
# Agent exporter cost: one scrape of N simulated instances (real exporter code over a simulated /proc; one vCPU, one
# tap, two disks each) next to the baseline of reading the same files raw, in the same JVM run.
#   bench/agent-scrape-bench.sh [INSTANCES]     # default 1000
set -euo pipefail
cd "$(dirname "$0")/.."
instances=${1:-1000}
mvn -B -q --no-transfer-progress -pl lightcloud-agent -Dtest=AgentScrapeBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.instances="$instances" test >/dev/null
grep -h "instances=" lightcloud-agent/target/surefire-reports/*AgentScrapeBenchmark-output.txt
