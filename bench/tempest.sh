#!/usr/bin/env bash
# OpenStack's conformance suite (Debian's `tempest`, 33) against a fresh all-in-one Lightcloud built from this
# checkout: its API tests for identity, compute, image, network and volume, and passed/failed/skipped per service.
#
#   bench/tempest.sh [SERVICE...]     (default: identity compute image network volume)
#
# The controller starts as `./lightcloud up` starts it (the in-process agent runs real VMs of the test image under
# QEMU), on its own port with a throw-away data directory. Tempest runs with dynamic credentials made by the admin
# account (a project, user and isolated network per test class), no guest validation (no SSH into guests), and the
# feature flags below for what Lightcloud does not do; README.md ("Tempest") lists them. The qcow2 that the image
# tests upload is random bytes, which Lightcloud refuses as a format lie (as it should), so `raw` is Tempest's first
# disk format (see [image] below). Environment:
#   TEMPEST_CONCURRENCY (2)       test workers (this is sized for a 2-core machine running real VMs)
#   TEMPEST_BUDGET (2400)         seconds per service; tests not reached by then are not counted
#   TEMPEST_REGEX_EXTRA           appended to each service's regex (e.g. a narrower selection)
#   LIGHTCLOUD_JAR                the server jar to run (default: lightcloud-server/target/lightcloud-server.jar)
#   KEEP=1                        keep the work directory (tempest.conf, logs, subunit streams)
set -euo pipefail
command -v tempest >/dev/null || { echo "tempest is not installed (apt-get install tempest)" >&2; exit 1; }
SERVICES=("$@")
[ ${#SERVICES[@]} -gt 0 ] || SERVICES=(identity compute image network volume)
CONCURRENCY=${TEMPEST_CONCURRENCY:-2}
BUDGET=${TEMPEST_BUDGET:-2400}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${LIGHTCLOUD_JAR:-$ROOT/lightcloud-server/target/lightcloud-server.jar}
# Debian's Python, whose subunit and testtools Tempest uses (not a python3 of pyenv or a virtualenv on the PATH).
PY=/usr/bin/python3
JAVA_OPTS=$(sed -n 's/^JAVA_OPTS_DEFAULT="\(.*\)"$/\1/p' "$ROOT/lightcloud")
# Short: QMP socket paths under the instances directory must stay under 108 bytes.
W=$(mktemp -d /tmp/lctempest.XXXX)
SERVER_PID=

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 200); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    # Guests outlive their controller by design (they are re-adopted on restart); this one does not come back.
    local pidfile
    for pidfile in "$W"/data/instances/*/qemu.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    if [ -n "${KEEP:-}" ]; then log "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 20000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    die "no free loopback port"
}

[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q --no-transfer-progress -o -DskipTests package) || die "build failed"
# A copy, so that a rebuild during the run does not change the jar under the running server.
cp "$JAR" "$W/lightcloud-server.jar"
IMAGE=$("$ROOT/test-image/build.sh" 2>"$W/test-image.log" | tail -n 1)
[ -f "$IMAGE" ] || die "the test image did not build (see $W/test-image.log)"

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
PASSWORD=tempest-$RANDOM$RANDOM$RANDOM
mkdir -p "$W/data" && chmod 700 "$W/data"
log "starting Lightcloud on $URL (data in $W/data)"
# shellcheck disable=SC2086
LIGHTCLOUD_PORT=$PORT LIGHTCLOUD_DATA_DIR=$W/data LIGHTCLOUD_ADMIN_PASSWORD=$PASSWORD \
    java $JAVA_OPTS -Dlightcloud.image.seed-test-image="$IMAGE" -Dlightcloud.agent.local.enabled=true \
    -jar "$W/lightcloud-server.jar" >"$W/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1200); do
    curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server stopped (see $W/server.log)"
    sleep 0.5
done
curl -fsS -o /dev/null "$URL/healthz" || die "the server did not become ready"

# --- admin token and the resources tempest.conf names ---------------------------------------------------------------
api() { # METHOD PATH [BODY]
    curl -fsS -X "$1" -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
        ${3:+--data "$3"} "$URL$2"
}
TOKEN=$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' "$URL/identity/v3/auth/tokens" --data \
    "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$PASSWORD\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" \
    | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p')
[ -n "$TOKEN" ] || die "no admin token"
json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
for _ in $(seq 120); do
    IMAGE_ID=$(api GET '/image/v2/images?name=lightcloud-test' | json "d['images'][0]['id'] if d['images'] and d['images'][0]['status']=='active' else ''")
    [ -n "$IMAGE_ID" ] && break
    sleep 1
done
[ -n "$IMAGE_ID" ] || die "the test image was not registered"
FLAVOR=$(api POST /compute/v2.1/flavors '{"flavor":{"name":"tempest1","vcpus":1,"ram":128,"disk":1}}' | json "d['flavor']['id']")
FLAVOR_ALT=$(api POST /compute/v2.1/flavors '{"flavor":{"name":"tempest2","vcpus":1,"ram":192,"disk":1}}' | json "d['flavor']['id']")
# An external network for routers and floating IPs; a VXLAN one, so nothing is bridged to the host's uplink.
PUBLIC_NET=$(api POST /network/v2.0/networks '{"network":{"name":"public","router:external":true,"shared":false}}' \
    | json "d['network']['id']")
api POST /network/v2.0/subnets "{\"subnet\":{\"network_id\":\"$PUBLIC_NET\",\"cidr\":\"198.51.100.0/24\",\"ip_version\":4,\"name\":\"public-v4\"}}" >/dev/null
NETWORK_EXTENSIONS=$(api GET /network/v2.0/extensions | json "','.join(e['alias'] for e in d['extensions'])")
VOLUME_MAX=$(curl -fsS "$URL/volume/" | json "max(v['version'] for v in d['versions'])")
COMPUTE_MAX=$(curl -fsS "$URL/compute/v2.1" | json "d['version']['version']")
log "image $IMAGE_ID, flavors $FLAVOR/$FLAVOR_ALT, external network $PUBLIC_NET, compute <= $COMPUTE_MAX, volume <= $VOLUME_MAX"

# --- tempest workspace ----------------------------------------------------------------------------------------------
# A workspace of its own without `tempest init`, which would register it in ~/.tempest for good.
TEMPEST_LIB=$("$PY" -c 'import os, tempest; print(os.path.dirname(tempest.__file__))')
mkdir -p "$W/tempest/etc"
printf '[DEFAULT]\ntest_path=%s/test_discover\ntop_dir=%s\ngroup_regex=([^\\.]*\\.)*\n' "$TEMPEST_LIB" "$TEMPEST_LIB" \
    >"$W/tempest/.stestr.conf"
cat >"$W/tempest/etc/tempest.conf" <<CONF
[DEFAULT]
log_file = $W/tempest.log
use_stderr = false

[auth]
use_dynamic_credentials = true
create_isolated_networks = true
admin_username = admin
admin_password = $PASSWORD
admin_project_name = admin
admin_domain_name = Default
tempest_roles = member

[identity]
uri_v3 = $URL/identity/v3
auth_version = v3
region = RegionOne
default_domain_id = default

[identity-feature-enabled]
api_v2 = false
api_v3 = true
# Not in Lightcloud: trusts (OS-TRUST), access rules of application credentials, PCI-DSS security compliance
# options, domain-specific drivers, immutable user sources.
trust = false
access_rules = false
security_compliance = false
domain_specific_drivers = false
immutable_user_source = false
project_tags = true
application_credentials = true
# Of the optional extensions, Lightcloud has OS-INHERIT (not OS-EC2, OS-OAUTH1, OS-TRUST, OS-FEDERATION).
api_extensions = OS-INHERIT

[compute]
image_ref = $IMAGE_ID
image_ref_alt = $IMAGE_ID
flavor_ref = $FLAVOR
flavor_ref_alt = $FLAVOR_ALT
min_microversion = 2.1
max_microversion = $COMPUTE_MAX
build_timeout = 300
region = RegionOne

[compute-feature-enabled]
# Not in Lightcloud: live and cold migration, shelve, rescue, password change, personality files, encrypted
# volumes, swap volume, multiattach, SPICE/RDP/serial consoles, disk_config (OS-DCF), the ide bus.
live_migration = false
cold_migration = false
shelve = false
shelve_migrate = false
rescue = false
change_password = false
personality = false
attach_encrypted_volume = false
swap_volume = false
volume_multiattach = false
spice_console = false
rdp_console = false
serial_console = false
disk_config = false
ide_bus = false
resize = true
pause = true
suspend = true
snapshot = true
console_output = true
interface_attach = true
config_drive = true
metadata_service = true
vnc_console = false
enable_instance_password = true

[image]
# The image tests upload random bytes in the first formats of this list (up to six). Random bytes declared qcow2
# (or iso, vmdk, ...) are refused as a format lie, as they should be, so only the formats whose data is raw are
# listed: raw first, then Amazon's kernel, ramdisk and machine images.
disk_formats = raw,ami,ari,aki
container_formats = bare,ami,ari,aki,ovf,ova
image_caching_enabled = false

[image-feature-enabled]
api_v1 = false
api_v2 = true
# Not in Lightcloud: interoperable image import, image locations, os_glance_* reserved properties' enforcement.
import_image = false
manage_locations = false
os_glance_reserved = false

[network]
public_network_id = $PUBLIC_NET
floating_network_name = public
project_network_cidr = 10.100.0.0/16
project_network_mask_bits = 28
project_networks_reachable = false
build_timeout = 120

[network-feature-enabled]
# The extensions Lightcloud lists at /network/v2.0/extensions; IPv6 is not done.
api_extensions = $NETWORK_EXTENSIONS
ipv6 = false
ipv6_subnet_attributes = false
port_security = true
floating_ips = true
port_admin_state_change = true

[volume]
catalog_type = volumev3
min_microversion = 3.0
max_microversion = $VOLUME_MAX
build_timeout = 300
storage_protocol = local
vendor_name = Lightcloud

[volume-feature-enabled]
# Not in Lightcloud: backups, multiple backends, manage/unmanage, extending attached volumes.
backup = false
multi_backend = false
manage_snapshot = false
manage_volume = false
extend_attached_volume = false
extend_attached_encrypted_volume = false
snapshot = true
clone = true

[validation]
run_validation = false

[service_available]
cinder = true
neutron = true
glance = true
nova = true
swift = false
horizon = false
CONF

# --- run, a service at a time ---------------------------------------------------------------------------------------
summarise() { # SUBUNIT_FILE -> "passed failed skipped"
    "$PY" - "$1" <<'PY'
import sys, subunit, testtools
counts = {}
def on(test):
    if test['status'] in ('success', 'xfail', 'uxsuccess', 'fail', 'skip'):
        counts[test['status']] = counts.get(test['status'], 0) + 1
        if test['status'] == 'fail':
            print(test['id'], file=sys.stderr)
with open(sys.argv[1], 'rb') as stream:
    result = testtools.StreamToDict(on)
    result.startTestRun()
    subunit.ByteStreamToStreamResult(stream).run(result)
    result.stopTestRun()
print(counts.get('success', 0) + counts.get('xfail', 0), counts.get('fail', 0) + counts.get('uxsuccess', 0),
      counts.get('skip', 0))
PY
}
printf '%-9s %7s %7s %8s %9s %8s\n' service passed failed skipped pass-rate seconds >"$W/summary"
for service in "${SERVICES[@]}"; do
    log "tempest.api.$service (concurrency $CONCURRENCY, budget ${BUDGET}s)"
    started=$(date +%s)
    (cd "$W/tempest" && timeout --signal=INT --kill-after=60 "$BUDGET" tempest run \
        --config-file "$W/tempest/etc/tempest.conf" --concurrency "$CONCURRENCY" \
        --regex "^tempest\.api\.$service\.${TEMPEST_REGEX_EXTRA:-}" --subunit >"$W/$service.subunit" 2>"$W/$service.err") || true
    seconds=$(($(date +%s) - started))
    read -r passed failed skipped < <(summarise "$W/$service.subunit" 2>"$W/$service.failed")
    rate=$(awk -v p="$passed" -v f="$failed" 'BEGIN { printf (p + f) ? "%.1f%%" : "-", 100 * p / (p + f) }')
    printf '%-9s %7s %7s %8s %9s %8s\n' "$service" "$passed" "$failed" "$skipped" "$rate" "$seconds" | tee -a "$W/summary"
    sed 's/^/    failed: /' "$W/$service.failed" >&2
done
echo
cat "$W/summary"
