#!/usr/bin/env bash
# raw-qemu-launch.sh COMMAND_FILE DIR
#
# The baseline of bench/qemu-launch-bench.sh: launches a QEMU command line (NUL-separated arguments in
# COMMAND_FILE; a daemonizing command whose files are in DIR, as the driver prints it) from a plain shell and
# prints "running_ms=N marker_ms=M": the time until QEMU's daemonizing parent returns (QEMU daemonizes after
# starting the vCPUs, so the VM is running then; checked afterwards over QMP) and until the guest prints its first
# LIGHTCLOUD-MARKER line on the serial console. Stops the VM before exiting.
set -euo pipefail
mapfile -d '' CMD < "$1"
DIR=$2

stop() { [ -f "$DIR/qemu.pid" ] && kill "$(cat "$DIR/qemu.pid")" 2>/dev/null || true; }
trap stop EXIT

START=$(date +%s%N)
"${CMD[@]}"
RUNNING=$(date +%s%N)
until grep -q LIGHTCLOUD-MARKER "$DIR/console.log" 2>/dev/null; do
    [ $(( ($(date +%s%N) - START) / 1000000000 )) -lt 120 ] || { echo "no marker after 120 s" >&2; exit 1; }
    sleep 0.02
done
MARKER=$(date +%s%N)

STATUS=$(python3 - "$DIR/qmp.sock" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(sys.argv[1]); f = s.makefile("rw")
def reply():
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
reply()
for c in ("qmp_capabilities", "query-status"):
    f.write(json.dumps({"execute": c}) + "\n"); f.flush(); r = reply()
print(r["return"]["status"])
PY
)
[ "$STATUS" = running ] || { echo "QMP status is $STATUS, not running" >&2; exit 1; }
echo "running_ms=$(( (RUNNING - START) / 1000000 )) marker_ms=$(( (MARKER - START) / 1000000 ))"
