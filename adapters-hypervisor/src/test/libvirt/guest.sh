#!/usr/bin/env bash
# Builds the tests' tiny guest into DIR: Debian's cloud kernel and an initramfs of busybox and the
# kernel's virtio modules, whose init counts. Each tick it adds one to the counter kept in the first
# sector of its disk (/dev/vda, the text "counter N"), writes it back, syncs, and prints it on its
# serial console. Nothing else runs.
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
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/modules"
cp "$busybox" "$root/bin/busybox"
# The cloud kernel builds virtio as modules; they are loaded in this order (each needs the ones
# before it).
order=""
for module in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk; do
  file=$(find "$modules" -name "$module.ko" | head -1)
  [ -n "$file" ] || { echo "no $module.ko under $modules" >&2; exit 1; }
  cp "$file" "$root/modules/"
  order="$order $module"
done
echo "$order" > "$root/modules/order"
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for module in $(cat /modules/order); do insmod "/modules/$module.ko"; done
while [ ! -b /dev/vda ]; do sleep 0.1; done
n=$(dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 24 | sed -n 's/^counter \([0-9][0-9]*\).*/\1/p')
[ -n "$n" ] || n=0
while true; do
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
