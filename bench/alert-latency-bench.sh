#!/usr/bin/env bash
# Lightcloud's share of alert latency (Alertmanager's POST in, DingTalk-compatible receiver holding the signed
# message out) next to posting the same message straight to the receiver, in the same run. The other parts of the
# latency are configuration: rule evaluation waits up to one evaluation interval (15 s), then the rule's `for`, then
# Alertmanager's group_wait (10 s); see bench/README.md.
#   bench/alert-latency-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q --no-transfer-progress -pl lightcloud-server -am -Dtest=AlertDispatchBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false verify >/dev/null
grep -h "lightcloud_dispatch_ms" lightcloud-server/target/surefire-reports/*AlertDispatchBenchmark-output.txt
