#!/usr/bin/env bash
# Builds the Lightcloud test image: a tiny CirrOS-like guest (Debian cloud
# kernel + static busybox initramfs) on a FAT/syslinux disk, as qcow2.
#
#   test-image/build.sh [OUTPUT_DIR]
#
# OUTPUT_DIR defaults to ${LIGHTCLOUD_CACHE_DIR:-$HOME/.cache/lightcloud}/test-image.
# Everything comes from Debian packages; no loop devices, mounts or network
# access beyond apt are needed. Progress goes to stderr; the last line on
# stdout is the path of the image. See README.md for what the guest does.
#
# Environment:
#   LIGHTCLOUD_TEST_KERNEL_PKG  kernel package to use instead of the one the
#                               linux-image-cloud-amd64 meta-package points to
#   LIGHTCLOUD_TEST_IMAGE_FORCE=1  rebuild even if the cached image is current
set -euo pipefail

# Keep stdout for the final path only.
exec 3>&1 1>&2

SCRIPT_PATH=$(readlink -f "${BASH_SOURCE[0]}")
OUT_DIR=${1:-${LIGHTCLOUD_CACHE_DIR:-$HOME/.cache/lightcloud}/test-image}
IMAGE_NAME=lightcloud-test.qcow2
DISK_MIB=64
# Fixed timestamp for every file in the image, so rebuilds are byte-identical.
export SOURCE_DATE_EPOCH=1704067200
export LC_ALL=C TZ=UTC
umask 022

log() { printf 'build.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- host tools
APT_UPDATED=0
apt_update_once() {
    if [ "$APT_UPDATED" = 0 ]; then
        log "apt-get update"
        apt-get update -qq >&2 || log "apt-get update failed (continuing with existing lists)"
        APT_UPDATED=1
    fi
}

ensure_cmds() {
    local missing=() cmd pkg
    while [ $# -gt 0 ]; do
        cmd=$1 pkg=$2; shift 2
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] || install_pkgs "${missing[@]}"
}

install_pkgs() {
    [ "$(id -u)" = 0 ] || die "missing host packages (need root to install): $*"
    log "installing host packages: $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2; then
        apt_update_once
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
    fi
}

ensure_cmds mkfs.fat dosfstools mcopy mtools syslinux syslinux \
            qemu-img qemu-utils cpio cpio gzip gzip flock util-linux \
            gcc gcc make make strip binutils dpkg-source dpkg-dev bzip2 bzip2 xz xz-utils
# busybox is linked statically against glibc's libc.a.
[ -f "$(gcc -print-file-name=libc.a)" ] || install_pkgs libc6-dev

# ------------------------------------------------------------ input packages
resolve_kernel_pkg() {
    if [ -n "${LIGHTCLOUD_TEST_KERNEL_PKG:-}" ]; then
        echo "$LIGHTCLOUD_TEST_KERNEL_PKG"; return
    fi
    apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1
}
candidate_version() {
    apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '(none)' || true
}

KERNEL_PKG=$(resolve_kernel_pkg)
if [ -z "$KERNEL_PKG" ] || [ -z "$(candidate_version "$KERNEL_PKG")" ]; then
    apt_update_once
    KERNEL_PKG=$(resolve_kernel_pkg)
fi
[ -n "$KERNEL_PKG" ] || die "cannot resolve the Debian cloud kernel package"
KERNEL_VER=$(candidate_version "$KERNEL_PKG")
BUSYBOX_VER=$(candidate_version busybox-static)
[ -n "$KERNEL_VER" ] || die "no installable version of $KERNEL_PKG"
[ -n "$BUSYBOX_VER" ] || die "no installable version of busybox-static"
# A binary-only rebuild (+bN) has the version of its source package plus that suffix.
BUSYBOX_SRC_VER=${BUSYBOX_VER%+b[0-9]*}

INPUTS_KEY=$(printf 'script=%s\nkernel=%s=%s\nbusybox=%s\n' \
    "$(sha256sum "$SCRIPT_PATH" | cut -d' ' -f1)" "$KERNEL_PKG" "$KERNEL_VER" "$BUSYBOX_VER")

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
IMAGE=$OUT_DIR/$IMAGE_NAME

# Serialise concurrent builds (parallel tests) on the same output dir.
exec 9>"$OUT_DIR/.build.lock"
flock 9

is_current() {
    [ "${LIGHTCLOUD_TEST_IMAGE_FORCE:-0}" != 1 ] &&
    [ -f "$IMAGE" ] && [ -f "$IMAGE.sha256" ] && [ -f "$IMAGE.inputs" ] &&
    [ "$(cat "$IMAGE.inputs")" = "$INPUTS_KEY" ] &&
    (cd "$OUT_DIR" && sha256sum --quiet -c "$IMAGE_NAME.sha256" >/dev/null 2>&1)
}
if is_current; then
    log "up to date: $IMAGE"
    echo "$IMAGE" >&3
    exit 0
fi

# Temp dir inside OUT_DIR so the final mv is an atomic rename.
WORK=$(mktemp -d "$OUT_DIR/.build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Downloaded .debs are kept so rebuilds after a script change need no network.
DEB_CACHE=$OUT_DIR/debs
mkdir -p "$DEB_CACHE"
fetch_deb() { # pkg version -> path of .deb
    local pkg=$1 ver=$2
    local d f=""
    for d in "$DEB_CACHE/${pkg}"_*.deb; do
        if [ -f "$d" ] && [ "$(dpkg-deb -f "$d" Version)" = "$ver" ]; then f=$d; fi
    done
    if [ -z "$f" ]; then
        log "downloading $pkg=$ver"
        local dl; dl=$(mktemp -d "$WORK/dl.XXXXXX")
        # The sandbox user (_apt) cannot enter a temp dir under $HOME anyway.
        (cd "$dl" && apt-get download -qq -o APT::Sandbox::User=root "$pkg=$ver" >&2)
        f=$(ls "$dl"/*.deb)
        find "$DEB_CACHE" -maxdepth 1 -name "${pkg}_*.deb" -delete
        mv "$f" "$DEB_CACHE/"
        f=$DEB_CACHE/$(basename "$f")
    fi
    echo "$f"
}

KDEB=$(fetch_deb "$KERNEL_PKG" "$KERNEL_VER")
mkdir -p "$WORK/kernel"
dpkg-deb -x "$KDEB" "$WORK/kernel"
KV=$(ls "$WORK/kernel/lib/modules")
[ "$(echo "$KV" | wc -l)" = 1 ] || die "unexpected module dirs in $KERNEL_PKG: $KV"
VMLINUZ=$WORK/kernel/boot/vmlinuz-$KV
KMOD=$WORK/kernel/lib/modules/$KV
[ -f "$VMLINUZ" ] || die "no kernel image in $KERNEL_PKG"
log "kernel $KERNEL_PKG $KERNEL_VER ($KV), busybox $BUSYBOX_SRC_VER"

# ----------------------------------------------------------------- busybox
# Debian builds busybox without FEATURE_WGET_TIMEOUT, and its wget then dies of a
# segmentation fault on -T (it stores the value through a null pointer) before
# it sends anything. CirrOS's busybox has -T, and user data written for CirrOS
# uses it. A wrapper on PATH cannot stand in: Debian's static busybox runs its
# own applets before anything on PATH (SH_STANDALONE). So the image gets busybox
# built from the same Debian source package (Debian's patches and static
# configuration) with that one option added; the binary is cached by source
# version and BUSYBOX_CHANGES, so it is compiled once (~1 min of CPU).
BUSYBOX_CHANGES="+FEATURE_WGET_TIMEOUT"
BUSYBOX_CACHE=$OUT_DIR/busybox
BUSYBOX_KEY="busybox=$BUSYBOX_SRC_VER $BUSYBOX_CHANGES"

busybox_origin() { # "URI SUITE COMPONENT" of the archive busybox-static's candidate comes from
    apt-cache policy busybox-static 2>/dev/null | awk -v ver="$BUSYBOX_VER" '
        NF <= 3 && $NF ~ /^-?[0-9]+$/ { v = $(NF - 1); next }
        v == ver && NF >= 5 && $2 ~ /:\/\// {
            n = split($3, parts, "/")
            print $2, substr($3, 1, length($3) - length(parts[n]) - 1), parts[n]
            exit
        }'
}

fetch_busybox_source() { # -> path of the .dsc, downloaded once into the deb cache
    local dir=$DEB_CACHE/busybox-source dsc
    dsc=$dir/busybox_${BUSYBOX_SRC_VER#*:}.dsc
    if [ ! -f "$dsc" ]; then
        local origin apt=$WORK/apt
        origin=$(busybox_origin)
        [ -n "$origin" ] || die "cannot tell which archive busybox-static $BUSYBOX_VER comes from"
        log "downloading the busybox source package $BUSYBOX_SRC_VER from $origin"
        # A private source list, package lists and cache: the host's apt setup stays as it is.
        mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$WORK/src-dl"
        echo "deb-src $origin" > "$apt/sources.list"
        local opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o APT::Sandbox::User=root)
        apt-get "${opts[@]}" update -qq >&2
        (cd "$WORK/src-dl" && apt-get "${opts[@]}" source -qq -d "busybox=$BUSYBOX_SRC_VER" >&2)
        rm -rf "$dir" && mkdir -p "$dir"
        mv "$WORK/src-dl"/* "$dir/"
    fi
    [ -f "$dsc" ] || die "no $dsc after the download"
    echo "$dsc"
}

build_busybox() {
    if [ -x "$BUSYBOX_CACHE/busybox" ] && [ "$(cat "$BUSYBOX_CACHE/busybox.key" 2>/dev/null)" = "$BUSYBOX_KEY" ]; then
        return 0
    fi
    local dsc src=$WORK/busybox-src obj=$WORK/busybox-obj buildlog=$WORK/busybox-build.log
    dsc=$(fetch_busybox_source)
    # apt checked the files against the signed archive index; dpkg-source checks them against the .dsc. Its
    # complaint that the maintainer's key is unknown (no debian-keyring here) is noise unless it fails.
    if ! dpkg-source -q -x "$dsc" "$src" > "$WORK/dpkg-source.log" 2>&1; then
        cat "$WORK/dpkg-source.log" >&2
        die "dpkg-source -x failed"
    fi
    mkdir -p "$obj"
    { cat "$src/debian/config/os/linux"
      sed 's/^# CONFIG_FEATURE_WGET_TIMEOUT is not set$/CONFIG_FEATURE_WGET_TIMEOUT=y/' \
          "$src/debian/config/pkg/static"; } > "$obj/.config"
    grep -qx 'CONFIG_FEATURE_WGET_TIMEOUT=y' "$obj/.config" || die "busybox config has no FEATURE_WGET_TIMEOUT"
    log "compiling busybox $BUSYBOX_SRC_VER ($BUSYBOX_CHANGES)"
    export KCONFIG_NOTIMESTAMP=1
    if ! { { yes "" || true; } | make -C "$obj" -f "$src/Makefile" KBUILD_SRC="$src" silentoldconfig &&
           make -C "$obj" -j"$(nproc)" all SKIP_STRIP=y \
               BB_EXTRA_VERSION="Debian $BUSYBOX_SRC_VER $BUSYBOX_CHANGES"; } > "$buildlog" 2>&1; then
        tail -n 30 "$buildlog" >&2
        die "busybox did not build (log above)"
    fi
    # The point of the rebuild: -T must time out, not crash (port 9 on loopback refuses at once).
    local rc=0
    "$obj/busybox" wget -q -T 1 -O /dev/null http://127.0.0.1:9/ 2>/dev/null || rc=$?
    [ "$rc" -lt 128 ] || die "the rebuilt busybox wget still crashes on -T (exit $rc)"
    mkdir -p "$BUSYBOX_CACHE"
    strip -o "$BUSYBOX_CACHE/busybox.tmp" "$obj/busybox"
    mv "$BUSYBOX_CACHE/busybox.tmp" "$BUSYBOX_CACHE/busybox"
    echo "$BUSYBOX_KEY" > "$BUSYBOX_CACHE/busybox.key"
}
build_busybox

# ------------------------------------------------------------------ rootfs
R=$WORK/rootfs
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,etc/init.d,etc/acpi/PWRF,dev,proc,sys,run,tmp,root,mnt,www,lib/modules/"$KV"}
chmod 1777 "$R/tmp"
install -m 0755 "$BUSYBOX_CACHE/busybox" "$R/bin/busybox"
for applet in $("$R/bin/busybox" --list-full); do
    [ -e "$R/$applet" ] || ln -s /bin/busybox "$R/$applet"
done
# The kernel runs /init from the initramfs; busybox decides what to be by argv[0].
ln -s /bin/busybox "$R/init"
ln -s /proc/mounts "$R/etc/mtab"

# --- kernel modules -------------------------------------------------------
# The cloud kernel builds these as modules (checked against its config):
# virtio bus + devices, SCSI/ATA for an IDE or virtio-scsi config-drive cdrom,
# iso9660/vfat for config drives, and the ACPI button + evdev that turn
# QMP system_powerdown into an input event for acpid. ACPI PCI hotplug
# (acpiphp), the serial port, the AT keyboard and VGA console are built in.
# Order matters: class drivers (sd/sr) and device drivers (virtio_*) are
# loaded before the bus/host drivers (ata_piix, virtio_pci), so devices are
# bound synchronously while the host driver's insmod runs and every disk and
# cdrom exists when the init script goes looking for a config drive.
# A trailing '?' marks a module that is optional.
WANTED_MODULES="
    evdev button
    sd_mod sr_mod
    isofs vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859_1
    virtio_blk virtio_net virtio_scsi virtio_console? virtio_balloon? virtio_rng?
    ata_piix ata_generic?
    virtio_pci
"
declare -A MOD_PATH=() MOD_SEEN=()
while IFS= read -r -d '' f; do
    n=${f##*/}; n=${n%.ko}; n=${n//-/_}
    MOD_PATH[$n]=${f#"$KMOD"/}
done < <(find "$KMOD/kernel" -name '*.ko' -print0)
declare -A MOD_BUILTIN=()
while IFS= read -r f; do n=${f##*/}; n=${n%.ko}; MOD_BUILTIN[${n//-/_}]=1; done < "$KMOD/modules.builtin"

mod_deps() { tr '\0' '\n' < "$KMOD/${MOD_PATH[$1]}" | sed -n 's/^depends=//p' | tr ',' ' '; }
LOAD_ORDER=()
add_module() { # name [optional]; depth-first so dependencies come first
    local n=${1//-/_} opt=${2:-} d
    [ -n "${MOD_SEEN[$n]:-}" ] && return 0
    MOD_SEEN[$n]=1
    if [ -z "${MOD_PATH[$n]:-}" ]; then
        if [ -n "${MOD_BUILTIN[$n]:-}" ]; then log "module $n is built in"; return 0; fi
        [ -n "$opt" ] && { log "optional module $n not available"; return 0; }
        die "module $n not found in $KERNEL_PKG"
    fi
    for d in $(mod_deps "$n"); do add_module "$d"; done
    LOAD_ORDER+=("$n")
}
for m in $WANTED_MODULES; do
    case $m in *\?) add_module "${m%\?}" optional ;; *) add_module "$m" ;; esac
done
: > "$R/lib/modules/$KV/modules.dep"
: > "$R/lib/modules/$KV/load-order"
for n in "${LOAD_ORDER[@]}"; do
    p=${MOD_PATH[$n]}
    mkdir -p "$R/lib/modules/$KV/$(dirname "$p")"
    install -m 0644 "$KMOD/$p" "$R/lib/modules/$KV/$p"
    echo "$p" >> "$R/lib/modules/$KV/load-order"
    # modules.dep so the kernel's request_module (-> busybox modprobe) and a
    # human at the console can load what is present.
    deps=""
    for d in $(mod_deps "$n"); do
        d=${d//-/_}; [ -n "${MOD_PATH[$d]:-}" ] && deps="$deps ${MOD_PATH[$d]}"
    done
    echo "$p:$deps" >> "$R/lib/modules/$KV/modules.dep"
done
cp "$KMOD/modules.builtin" "$KMOD/modules.order" "$R/lib/modules/$KV/" 2>/dev/null || true
log "modules: ${LOAD_ORDER[*]}"

# --- configuration files ---------------------------------------------------
cat > "$R/etc/inittab" <<'EOF'
::sysinit:/etc/init.d/rcS
::respawn:/sbin/lightcloud-watch
ttyS0::respawn:-/bin/sh
tty1::respawn:-/bin/sh
::ctrlaltdel:/sbin/reboot
::shutdown:/etc/init.d/rcK
EOF

cat > "$R/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
EOF
cat > "$R/etc/group" <<'EOF'
root:x:0:
EOF
cat > "$R/etc/profile" <<'EOF'
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
export PS1='\h:\w\$ '
EOF
cat > "$R/etc/hosts" <<'EOF'
127.0.0.1 localhost
EOF

# busybox acpid maps the power button (KEY_POWER via the ACPI button driver's
# input device) to the action "PWRF/00000080" under its config dir.
cat > "$R/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "lightcloud: ACPI power button, powering off" > /dev/console
exec /sbin/poweroff
EOF
chmod 0755 "$R/etc/acpi/PWRF/00000080"

# --- shared helpers ----------------------------------------------------------
cat > "$R/lib/lightcloud.sh" <<'EOF'
# Helpers shared by rcS and lightcloud-watch.
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
LC=/run/lightcloud

# Write a line to /dev/console and to any other console the kernel was given
# (tty0 = VGA/VNC when booted with console=tty0 console=ttyS0).
say() {
    echo "$*"
    for t in $(cat $LC/extra-consoles 2>/dev/null); do
        echo "$*" > "/dev/$t" 2>/dev/null
    done
}

lc_ips() {
    ip -o -4 addr show 2>/dev/null |
        awk '$2 != "lo" && $3 == "inet" { s = s (s ? "," : "") $4 } END { print (s ? s : "none") }'
}

lc_disks() {
    local s="" d n size
    for d in /sys/block/*; do
        n=${d##*/}
        case $n in loop*|ram*|sr*|\*) continue ;; esac
        [ -r "$d/size" ] || continue
        read -r size < "$d/size"
        s="$s${s:+,}$n:$size"
    done
    echo "${s:-none}"
}

# Print one LIGHTCLOUD-MARKER line. $1/$2 = disks/ips already computed by the
# caller (so the watcher's comparison and the printed line agree).
lc_marker() {
    local disks=$1 ips=$2 seq mem
    seq=$(( $(cat $LC/seq 2>/dev/null || echo 0) + 1 ))
    echo "$seq" > $LC/seq
    echo "$disks $ips" > $LC/state
    mem=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
    # The leading empty line keeps the marker at the start of a line even if
    # a shell prompt is pending on the console.
    say ""
    say "LIGHTCLOUD-MARKER v=1 seq=$seq hostname=$(cat $LC/hostname 2>/dev/null || hostname)" \
        "instance_id=$(cat $LC/instance_id 2>/dev/null || echo none) mem_kb=$mem" \
        "ips=$ips disks=$disks source=$(cat $LC/source 2>/dev/null || echo none)"
}

# Value of a top-level string key of a JSON object ("" if absent). Tracks
# nesting so e.g. keys[].name in Nova's meta_data.json is not mistaken for
# the top-level "name".
json_get() { # key file
    awk -v want="$1" 'BEGIN { RS = "\001" } {
        s = $0; n = length(s); depth = 0; key = ""; isval = 0; i = 1
        while (i <= n) {
            c = substr(s, i, 1)
            if (c == "\"") {
                str = ""; j = i + 1
                while (j <= n) {
                    d = substr(s, j, 1)
                    if (d == "\\") { str = str substr(s, j + 1, 1); j += 2; continue }
                    if (d == "\"") break
                    str = str d; j++
                }
                i = j + 1
                if (depth == 1) {
                    if (isval) { if (key == want) { print str; exit } isval = 0 }
                    else key = str
                }
                continue
            }
            if (c == "{" || c == "[") depth++
            else if (c == "}" || c == "]") depth--
            else if (depth == 1 && c == ":") isval = 1
            else if (depth == 1 && c == ",") { isval = 0; key = "" }
            i++
        }
    }' "$2" 2>/dev/null
}

# Only characters that are valid in a hostname / safe in the marker.
sanitize() { echo "$1" | tr -c 'A-Za-z0-9.\n-' '-' | sed 's/^-*//; s/-*$//' | cut -c1-63; }
EOF

# --- boot script -------------------------------------------------------------
cat > "$R/etc/init.d/rcS" <<'EOF'
#!/bin/sh
# Runs once from busybox init (::sysinit). Everything here must be
# best-effort: a failure must not stop the marker from being printed.
. /lib/lightcloud.sh

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir -p $LC
echo 0 > $LC/seq
hostname lightcloud-test

# Consoles other than the one behind /dev/console (the last entry of
# /sys/class/tty/console/active) also get our messages.
active=$(cat /sys/class/tty/console/active 2>/dev/null)
last=""; for t in $active; do last=$t; done
for t in $active; do [ "$t" != "$last" ] && echo "$t"; done > $LC/extra-consoles

say "lightcloud: test image booting (kernel $(uname -r))"

# 1. drivers. acpid opens the input devices that exist when it starts, so it
# starts right after the ACPI button (first in load-order); a power-button
# press before that is lost.
while read -r m; do
    insmod "/lib/modules/$(uname -r)/$m" 2>/dev/null
    case $m in */button.ko) acpid -c /etc/acpi -l /dev/null ;; esac
done < "/lib/modules/$(uname -r)/load-order"

# 2. network: DHCP on eth0; -b backgrounds udhcpc once its 4 one-second
# attempts have failed, so boot is held up at most ~4 s. Like CirrOS, it asks
# for the classless static routes (the route to the metadata service) and
# the MTU (tenant networks over VXLAN have 1450), which udhcpc does not
# request by default.
ip link set lo up
if [ -e /sys/class/net/eth0 ]; then
    ip link set eth0 up
    udhcpc -i eth0 -s /etc/udhcpc.script -t 4 -T 1 -A 5 -b -S -O staticroutes -O mtu >/dev/null 2>&1
fi

# 3. metadata: config drive first, then the metadata service.
md=$LC/meta_data.json ud=$LC/user_data
source=none
cfgdev=$(findfs LABEL=config-2 2>/dev/null)
mkdir -p /mnt/config
try_mount() { # dev
    mount -o ro -t iso9660 "$1" /mnt/config 2>/dev/null ||
        mount -o ro -t vfat "$1" /mnt/config 2>/dev/null || return 1
    [ -f /mnt/config/openstack/latest/meta_data.json ] && return 0
    umount /mnt/config; return 1
}
found=""
for dev in $cfgdev /dev/sr* /dev/vd* /dev/sd*; do
    [ -b "$dev" ] || continue
    if try_mount "$dev"; then found=$dev; break; fi
done
if [ -n "$found" ]; then
    cp /mnt/config/openstack/latest/meta_data.json $md
    [ -f /mnt/config/openstack/latest/user_data ] && cp /mnt/config/openstack/latest/user_data $ud
    umount /mnt/config
    source=configdrive
elif ip -4 addr show dev eth0 2>/dev/null | grep -q inet; then
    base=http://169.254.169.254/openstack/latest
    for attempt in 1 2; do
        if timeout 3 wget -q -O $md.tmp $base/meta_data.json 2>/dev/null; then
            mv $md.tmp $md
            source=metadata
            timeout 3 wget -q -O $ud.tmp $base/user_data 2>/dev/null && mv $ud.tmp $ud
            break
        fi
        rm -f $md.tmp $ud.tmp
    done
fi
echo $source > $LC/source

# 4. identity
id="" host="" name=""
if [ -f $md ]; then
    id=$(sanitize "$(json_get uuid $md)")
    host=$(sanitize "$(json_get hostname $md)")
    name=$(sanitize "$(json_get name $md)")
fi
host=${host:-$name}
host=${host:-lightcloud-test}
hostname "$host"
echo "$host" > /etc/hostname
echo "$host" > $LC/hostname
echo "${id:-none}" > $LC/instance_id
echo "127.0.1.1 $host" >> /etc/hosts

# 5. the first marker
lc_marker "$(lc_disks)" "$(lc_ips)"

# 6. user data scripts
if [ -f $ud ] && [ "$(head -c 2 $ud)" = '#!' ]; then
    chmod 0755 $ud
    # Runs synchronously (the watcher starts after rcS): scripts that start
    # long-running things must background them.
    (cd /root && HOME=/root exec $ud) < /dev/null > /dev/console 2>&1
    say "LIGHTCLOUD-USERDATA rc=$?"
fi

# 7. web server
cat > /www/index.html <<HTML
<html><head><title>$(cat $LC/hostname)</title></head><body>
<h1>Lightcloud test instance</h1>
<p>hostname: $(cat $LC/hostname)</p>
<p>instance_id: $(cat $LC/instance_id)</p>
</body></html>
HTML
httpd -p 80 -h /www

# 8. (the change watcher and console shells are started by init)
exit 0
EOF

cat > "$R/etc/init.d/rcK" <<'EOF'
#!/bin/sh
. /lib/lightcloud.sh
say "lightcloud: shutting down"
killall -q udhcpc httpd acpid
umount -a -r 2>/dev/null
exit 0
EOF

cat > "$R/sbin/lightcloud-watch" <<'EOF'
#!/bin/sh
# Started (and respawned) by init after rcS: print a new marker whenever the
# set of disks or IPv4 addresses changes (hot-plug, late DHCP lease, ...).
. /lib/lightcloud.sh
prev=$(cat $LC/state 2>/dev/null)
while :; do
    disks=$(lc_disks) ips=$(lc_ips)
    if [ "$disks $ips" != "$prev" ]; then
        lc_marker "$disks" "$ips"
        prev="$disks $ips"
    fi
    sleep 1
done
EOF

cat > "$R/etc/udhcpc.script" <<'EOF'
#!/bin/sh
# busybox udhcpc hook: configure $interface from the lease.
case "$1" in
deconfig)
    ip -4 addr flush dev "$interface"
    ip link set "$interface" up
    ;;
bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" ${broadcast:+broadcast $broadcast} dev "$interface"
    [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
    # RFC 3442 classless routes replace the router option when present.
    if [ -n "$staticroutes" ]; then
        set -- $staticroutes
        while [ $# -ge 2 ]; do
            if [ "$2" = 0.0.0.0 ]; then ip route add "$1" dev "$interface"
            else ip route add "$1" via "$2" dev "$interface"; fi
            shift 2
        done
    else
        for r in $router; do ip route add default via "$r" dev "$interface" && break; done
    fi
    : > /etc/resolv.conf
    [ -n "$domain" ] && echo "search $domain" >> /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    ;;
esac
exit 0
EOF
chmod 0755 "$R/etc/init.d/rcS" "$R/etc/init.d/rcK" "$R/sbin/lightcloud-watch" "$R/etc/udhcpc.script"

# ---------------------------------------------------------------- initramfs
find "$R" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$R" && find . -mindepth 1 -print0 | sort -z |
    cpio --quiet --null --create --format=newc --owner=0:0 --reproducible) |
    gzip -9 -n > "$WORK/initrd.gz"

# ------------------------------------------------------------------- disk
# console=ttyS0 last so /dev/console (and the marker) is the serial port;
# scsi_mod.scan=sync makes SCSI/ATA scanning finish inside the driver's
# insmod, so the config-drive cdrom exists when rcS looks for it.
cat > "$WORK/syslinux.cfg" <<'EOF'
DEFAULT lightcloud
PROMPT 0
TIMEOUT 0
LABEL lightcloud
  KERNEL vmlinuz
  INITRD initrd.gz
  APPEND console=tty0 console=ttyS0,115200n8 quiet scsi_mod.scan=sync
EOF
cp "$VMLINUZ" "$WORK/vmlinuz"
touch -d "@$SOURCE_DATE_EPOCH" "$WORK/vmlinuz" "$WORK/initrd.gz" "$WORK/syslinux.cfg"

# Whole-disk FAT ("superfloppy", no partition table): SeaBIOS boots its
# syslinux boot sector directly. --invariant/-i and SOURCE_DATE_EPOCH (honoured
# by mtools, which syslinux uses too) keep the filesystem byte-reproducible.
RAW=$WORK/disk.raw
mkfs.fat --invariant -i 4c430001 -n LIGHTCLOUD -C "$RAW" $((DISK_MIB * 1024)) >/dev/null
syslinux --install "$RAW"
mcopy -m -i "$RAW" "$WORK/vmlinuz" "$WORK/initrd.gz" "$WORK/syslinux.cfg" ::/
qemu-img convert -f raw -O qcow2 "$RAW" "$WORK/$IMAGE_NAME"

(cd "$WORK" && sha256sum "$IMAGE_NAME" > "$IMAGE_NAME.sha256")
printf '%s\n' "$INPUTS_KEY" > "$WORK/$IMAGE_NAME.inputs"
mv -f "$WORK/$IMAGE_NAME" "$IMAGE"
mv -f "$WORK/$IMAGE_NAME.sha256" "$IMAGE.sha256"
# Written last: a build interrupted before this point is redone next time.
mv -f "$WORK/$IMAGE_NAME.inputs" "$IMAGE.inputs"

log "built $IMAGE ($(du -k "$IMAGE" | cut -f1) KiB, initrd $(du -k "$WORK/initrd.gz" | cut -f1) KiB, sha256 $(cut -d' ' -f1 "$IMAGE.sha256"))"
echo "$IMAGE" >&3
