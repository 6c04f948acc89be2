#!/usr/bin/env bash
# Builds the tests' tiny guest into DIR: Debian's cloud kernel and an initramfs of busybox and the
# kernel's virtio modules, whose init counts. Each tick it adds one to the counter kept in the first
# sector of its disk (/dev/vda, the text "counter N"), writes it back, syncs, and prints it on its
# serial console. Beside it runs the QEMU guest agent (Debian's qemu-ga, taken out of its package
# with the libraries it links), on the virtio port libvirt names org.qemu.guest_agent.0 where the
# domain has one; its fsfreeze hook stops the counting while the guest is frozen and prints
# "frozen at N" and "thawed" on the console, so that a test can see the freeze around a snapshot.
# A small ext2 file system (on a loop device in memory) is mounted for the agent to freeze: with
# nothing to freeze, libvirt would not thaw.
# Usage: guest.sh DIR   (leaves DIR/vmlinuz and DIR/initrd.img; quick when they are there already)
set -euo pipefail
dir=$1
mkdir -p "$dir"
[ -s "$dir/vmlinuz" ] && [ -s "$dir/initrd.img" ] && exit 0
kernel=$(ls /boot/vmlinuz-*-cloud-amd64 2> /dev/null | sort -V | tail -1 || true)
if [ -z "$kernel" ]; then
  # Not installed: the kernel is taken out of Debian's package, which is not installed for it.
  package=$(apt-cache depends linux-image-cloud-amd64 2> /dev/null \
    | sed -n 's/.*Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -1)
  [ -n "$package" ] || { echo "no cloud kernel: linux-image-cloud-amd64 is unknown to apt" >&2; exit 1; }
  (cd "$dir" && apt-get download -q -o APT::Sandbox::User=root "$package" > /dev/null)
  dpkg-deb -x "$dir/$package"_*.deb "$dir/kernel"
  rm -f "$dir/$package"_*.deb
  kernel=$(ls "$dir"/kernel/boot/vmlinuz-* | head -1)
fi
version=${kernel##*/vmlinuz-}
modules=/lib/modules/$version/kernel
[ -d "$modules" ] || modules=$dir/kernel/lib/modules/$version/kernel
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "no busybox: install busybox-static" >&2; exit 1; }
if ldd "$busybox" > /dev/null 2>&1; then
  echo "$busybox is linked dynamically: install busybox-static" >&2
  exit 1
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/modules" "$root/run"
cp "$busybox" "$root/bin/busybox"
# The cloud kernel builds virtio as modules; they are loaded in this order (each needs the ones
# before it).
order=""
for module in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk \
  virtio_console loop; do
  file=$(find "$modules" -name "$module.ko" | head -1)
  [ -n "$file" ] || { echo "no $module.ko under $modules" >&2; exit 1; }
  cp "$file" "$root/modules/"
  order="$order $module"
done
echo "$order" > "$root/modules/order"
# The guest agent and every library it links, at the paths the host has them (same Debian).
agent=$dir/agent/usr/sbin/qemu-ga
if [ ! -x "$agent" ]; then
  (cd "$dir" && { apt-get download -q -o APT::Sandbox::User=root qemu-guest-agent > /dev/null \
    || { apt-get update -q > /dev/null && apt-get download -q -o APT::Sandbox::User=root qemu-guest-agent > /dev/null; }; })
  dpkg-deb -x "$dir"/qemu-guest-agent_*.deb "$dir/agent"
  rm -f "$dir"/qemu-guest-agent_*.deb
fi
cp "$agent" "$root/bin/qemu-ga"
for library in $(ldd "$agent" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$library")"
  cp -L "$library" "$root$library"
done
cat > "$root/bin/fsfreeze-hook" <<'HOOK'
#!/bin/busybox sh
case $1 in
  freeze)
    touch /run/freeze
    while [ ! -e /run/paused ]; do sleep 0.05; done
    echo "frozen at $(cat /run/paused)" > /dev/ttyS0
    ;;
  thaw)
    rm -f /run/freeze /run/paused
    echo "thawed" > /dev/ttyS0
    ;;
esac
HOOK
chmod +x "$root/bin/fsfreeze-hook"
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for module in $(cat /modules/order); do insmod "/modules/$module.ko"; done
while [ ! -b /dev/vda ]; do sleep 0.1; done
dd if=/dev/zero of=/run/fs.img bs=1k count=1024 2>/dev/null
losetup /dev/loop0 /run/fs.img && mke2fs -q /dev/loop0 && mkdir -p /mnt && mount -t ext2 /dev/loop0 /mnt
for port in /sys/class/virtio-ports/*; do
  [ "$(cat "$port/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] || continue
  /bin/qemu-ga -m virtio-serial -p "/dev/${port##*/}" -t /run -f /run/qemu-ga.pid \
    -F/bin/fsfreeze-hook > /dev/null 2>&1 &
done
n=$(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 24 | sed -n 's/^counter \([0-9][0-9]*\).*/\1/p')
[ -n "$n" ] || n=0
while true; do
  if [ -e /run/freeze ]; then
    # Frozen by the agent: the counter on the disk stays what it is until the thaw.
    [ -e /run/paused ] || echo "$n" > /run/paused
    sleep 0.05
    continue
  fi
  n=$((n + 1))
  printf 'counter %d\n' "$n" | dd of=/dev/vda bs=512 count=1 conv=sync,notrunc,fsync 2>/dev/null
  echo "counter $n" > /dev/ttyS0
  sleep 0.2
done
INIT
chmod +x "$root/init"
cp "$kernel" "$dir/vmlinuz.partial"
(cd "$root" && find . | "$busybox" cpio -o -H newc 2> /dev/null | gzip -1) > "$dir/initrd.img.partial"
mv "$dir/vmlinuz.partial" "$dir/vmlinuz"
mv "$dir/initrd.img.partial" "$dir/initrd.img"
