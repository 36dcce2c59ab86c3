#!/usr/bin/env bash
# Boots the Lightcloud test image under QEMU (TCG) and checks what the tests
# and the demo rely on:
#   1. config drive on an IDE cdrom (as Nova attaches it) + user-mode NIC:
#      marker with hostname/instance id, user data output and exit code,
#      httpd reachable, a hot-plugged virtio disk shows up in a new marker,
#      QMP system_powerdown makes QEMU exit.
#   2. config drive as a virtio disk, no NIC.
#   3. no config drive: metadata service at 169.254.169.254 (served by a
#      slirp guestfwd), hostname falling back to "name".
#
#   test-image/smoke-test.sh [IMAGE_OUTPUT_DIR]   (passed on to build.sh)
#
# The guest network is QEMU user networking with restrict=on: the guest
# cannot reach anything outside QEMU.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log() { printf 'smoke-test: %s\n' "$*" >&2; }

for pair in qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils genisoimage:genisoimage python3:python3; do
    if ! command -v "${pair%%:*}" >/dev/null 2>&1; then
        log "installing ${pair#*:}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pair#*:}" >&2 ||
            { apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pair#*:}" >&2; }
    fi
done

IMAGE=$("$HERE/build.sh" "$@" | tail -n1)
[ -f "$IMAGE" ] || { log "build.sh did not produce an image"; exit 1; }

T=$(mktemp -d /tmp/lightcloud-smoke.XXXXXX)
declare -A VM_PID=()
cleanup() {
    local p
    for p in "${VM_PID[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup EXIT
trap "exit 130" INT TERM

PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
check() { # description command...
    local what=$1; shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# ------------------------------------------------------------------ helpers
cat > "$T/qmp.py" <<'EOF'
# qmp.py SOCKET JSON-COMMAND...: run QMP commands, fail on any error reply.
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(sys.argv[1])
f = s.makefile("rw")
def reply():
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
reply()  # greeting
for c in ['{"execute": "qmp_capabilities"}'] + sys.argv[2:]:
    f.write(c + "\n"); f.flush()
    r = reply()
    if "error" in r:
        sys.exit("QMP %s -> %s" % (c, r["error"]))
EOF
qmp() { python3 "$T/qmp.py" "$@"; }

cat > "$T/metadata.py" <<'EOF'
# One HTTP exchange on stdin/stdout (QEMU guestfwd cmd: runs this per connection).
import sys
inp, out = sys.stdin.buffer, sys.stdout.buffer
path = inp.readline().split()[1].decode()
while inp.readline() not in (b"\r\n", b"\n", b""):
    pass
docs = {
    "/openstack/latest/meta_data.json":
        b'{"keys": [{"name": "not-this", "type": "ssh"}], "meta": {"name": "nor-this"},'
        b' "name": "md vm", "uuid": "99999999-8888-7777-6666-555555555555"}',
    "/openstack/latest/user_data": b"#!/bin/sh\necho hello-from-metadata\nexit 3\n",
}
body = docs.get(path)
status = b"200 OK" if body is not None else b"404 Not Found"
body = body or b""
out.write(b"HTTP/1.0 " + status + b"\r\nContent-Type: text/plain\r\nContent-Length: "
          + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
out.flush()
EOF

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

make_config_drive() { # dir iso
    mkdir -p "$1/openstack/latest"
    printf '%s\n' '{"uuid": "11111111-2222-3333-4444-555555555555", "hostname": "smoke-vm", "name": "smoke-vm", "launch_index": 0}' \
        > "$1/openstack/latest/meta_data.json"
    printf '#!/bin/sh\necho hello-from-userdata\n' > "$1/openstack/latest/user_data"
    genisoimage -quiet -o "$2" -V config-2 -r -J "$1"
}

# start_vm NAME QEMU-ARGS...: boots an overlay of the image; sets VM_START.
start_vm() {
    local name=$1; shift
    qemu-img create -q -f qcow2 -F qcow2 -b "$IMAGE" "$T/$name.qcow2"
    VM_START=$(date +%s.%N)
    qemu-system-x86_64 -machine pc -accel tcg -m 256 -display none \
        -serial "file:$T/$name.serial" -qmp "unix:$T/$name.qmp,server,nowait" \
        -daemonize -pidfile "$T/$name.pid" \
        -drive "file=$T/$name.qcow2,if=virtio,format=qcow2" "$@"
    # Read now: QEMU removes its pidfile when it exits.
    VM_PID[$name]=$(cat "$T/$name.pid")
}

serial() { tr -d '\r' < "$T/$1.serial" 2>/dev/null || true; }

# wait_line NAME REGEX TIMEOUT: waits for a serial line matching REGEX.
wait_line() {
    local deadline=$(( $(date +%s) + $3 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        serial "$1" | grep -Eq -- "$2" && return 0
        sleep 0.2
    done
    return 1
}

wait_exit() { # pid timeout
    local deadline=$(( $(date +%s) + $2 ))
    while kill -0 "$1" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

stop_vm() {
    qmp "$T/$1.qmp" '{"execute": "quit"}' >/dev/null 2>&1 || true
    wait_exit "${VM_PID[$1]}" 10 || kill "${VM_PID[$1]}" 2>/dev/null || true
}

MARKER_RE='^LIGHTCLOUD-MARKER v=1 seq=[0-9]+ hostname=[^ ]+ instance_id=[^ ]+ mem_kb=[0-9]+ ips=[^ ]+ disks=[^ ]+ source=(configdrive|metadata|none)$'

# ------------------------------------------- 1. cdrom config drive + hotplug
log "scenario 1: config drive on IDE cdrom, hot-plug, ACPI power-down"
make_config_drive "$T/cd1" "$T/cd1.iso"
HTTP_PORT=$(free_port)
start_vm vm1 \
    -drive "file=$T/cd1.iso,media=cdrom,format=raw,readonly=on" \
    -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$HTTP_PORT-:80" \
    -device virtio-net-pci,netdev=n0

if wait_line vm1 '^LIGHTCLOUD-MARKER ' 60; then
    BOOT_SECS=$(echo "$(date +%s.%N) $VM_START" | awk '{ printf "%.1f", $1 - $2 }')
    pass "marker within 60 s (boot-to-marker ${BOOT_SECS} s under TCG)"
else
    fail "marker within 60 s"
fi
M1=$(serial vm1 | grep -m1 '^LIGHTCLOUD-MARKER ' || true)
echo "      $M1"
check "marker format" grep -Eq -- "$MARKER_RE" <<<"$M1"
check "marker seq=1, hostname, instance id, source" grep -q -- \
    ' seq=1 hostname=smoke-vm instance_id=11111111-2222-3333-4444-555555555555 ' <<<"$M1"
check "marker source=configdrive" grep -q -- ' source=configdrive$' <<<"$M1"
check "marker lists the boot disk" grep -Eq -- ' disks=vda:131072 ' <<<"$M1"
check "marker has the DHCP address" grep -q -- ' ips=10.0.2.15/24 ' <<<"$M1"
check "user data output" wait_line vm1 '^hello-from-userdata$' 10
check "user data exit code" wait_line vm1 '^LIGHTCLOUD-USERDATA rc=0$' 10

http_ok() {
    local i
    for i in $(seq 20); do
        python3 - "$HTTP_PORT" <<'EOF' 2>/dev/null && return 0
import sys, urllib.request
body = urllib.request.urlopen("http://127.0.0.1:%s/" % sys.argv[1], timeout=3).read().decode()
sys.exit(0 if "smoke-vm" in body and "11111111-2222-3333-4444-555555555555" in body else 1)
EOF
        sleep 0.5
    done
    return 1
}
check "httpd serves hostname and instance id" http_ok

qemu-img create -q -f qcow2 "$T/hot.qcow2" 1G
if qmp "$T/vm1.qmp" \
    '{"execute": "blockdev-add", "arguments": {"driver": "qcow2", "node-name": "hot1", "file": {"driver": "file", "filename": "'"$T"'/hot.qcow2"}}}' \
    '{"execute": "device_add", "arguments": {"driver": "virtio-blk-pci", "drive": "hot1", "id": "hotdisk1"}}'; then
    check "hot-plugged disk in a new marker within 20 s" \
        wait_line vm1 '^LIGHTCLOUD-MARKER v=1 seq=2 .* disks=vda:131072,vdb:2097152 ' 20
else
    fail "QMP hot-plug"
fi
serial vm1 | grep '^LIGHTCLOUD-MARKER .*seq=2' | sed 's/^/      /' || true

qmp "$T/vm1.qmp" '{"execute": "system_powerdown"}' || true
PD_START=$(date +%s.%N)
if wait_exit "${VM_PID[vm1]}" 30; then
    pass "system_powerdown: QEMU exited after $(echo "$(date +%s.%N) $PD_START" | awk '{ printf "%.1f", $1 - $2 }') s"
else
    fail "system_powerdown: QEMU exits within 30 s"
    stop_vm vm1
fi

# ------------------------------------------- 2. config drive as virtio disk
log "scenario 2: config drive as a virtio disk, no NIC"
start_vm vm2 -drive "file=$T/cd1.iso,if=virtio,format=raw,readonly=on" -nic none
if wait_line vm2 '^LIGHTCLOUD-USERDATA rc=' 60; then
    M2=$(serial vm2 | grep -m1 '^LIGHTCLOUD-MARKER ' || true)
    echo "      $M2"
    check "virtio config drive: marker" grep -Eq -- \
        ' seq=1 hostname=smoke-vm instance_id=11111111-2222-3333-4444-555555555555 .* ips=none disks=vda:131072,vdb:[0-9]+ source=configdrive$' <<<"$M2"
    check "virtio config drive: user data ran" wait_line vm2 '^LIGHTCLOUD-USERDATA rc=0$' 1
else
    fail "virtio config drive: boot completes within 60 s"
fi
stop_vm vm2

# ----------------------------------------------------- 3. metadata service
# slirp only forwards guest connections to addresses inside its own network,
# so the network is moved to 169.254.169.0/24 for this scenario.
log "scenario 3: metadata service, no config drive"
start_vm vm3 \
    -netdev "user,id=n0,restrict=on,net=169.254.169.0/24,guestfwd=tcp:169.254.169.254:80-cmd:python3 $T/metadata.py" \
    -device virtio-net-pci,netdev=n0
if wait_line vm3 '^LIGHTCLOUD-USERDATA rc=' 60; then
    M3=$(serial vm3 | grep -m1 '^LIGHTCLOUD-MARKER ' || true)
    echo "      $M3"
    check "metadata service: marker (hostname from name)" grep -Eq -- \
        ' seq=1 hostname=md-vm instance_id=99999999-8888-7777-6666-555555555555 .* ips=169\.254\.169\.15/24 disks=vda:131072 source=metadata$' <<<"$M3"
    check "metadata service: user data output" wait_line vm3 '^hello-from-metadata$' 1
    check "metadata service: user data exit code" wait_line vm3 '^LIGHTCLOUD-USERDATA rc=3$' 1
else
    fail "metadata service: boot completes within 60 s"
fi
stop_vm vm3

# -------------------------------------------------------------------- summary
echo
if [ "$FAILED" -eq 0 ]; then
    echo "smoke-test: PASS ($PASSED checks, image $IMAGE)"
else
    echo "smoke-test: FAIL ($FAILED of $((PASSED + FAILED)) checks failed); serial logs:"
    for n in vm1 vm2 vm3; do
        [ -f "$T/$n.serial" ] || continue
        echo "----- $n"; serial "$n" | tail -n 40
    done
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
