#!/usr/bin/env bash
# A libvirt daemon of the tests' own: session mode, every file under DIR, so that it touches neither
# the machine's libvirt nor its configuration. As root it runs in a user namespace of its own (the
# way the embedded PostgreSQL does), where root is an ordinary user: libvirt keeps to session mode,
# and the files root made still belong to the user it runs as.
# Usage: host.sh start DIR   prints the connection URI when the daemon answers
#        host.sh stop DIR    stops the daemon and the guests it ran
set -euo pipefail
cmd=$1; dir=$(mkdir -p "$2" && cd "$2" && pwd)
export XDG_CONFIG_HOME=$dir/config XDG_RUNTIME_DIR=$dir/run XDG_CACHE_HOME=$dir/cache XDG_DATA_HOME=$dir/data
uri="qemu:///session?socket=$XDG_RUNTIME_DIR/libvirt/libvirt-sock"
case $cmd in
  start)
    command -v libvirtd > /dev/null || { echo "libvirtd is not installed" >&2; exit 1; }
    command -v qemu-system-x86_64 > /dev/null || { echo "qemu-system-x86_64 is not installed" >&2; exit 1; }
    mkdir -p "$XDG_CONFIG_HOME/libvirt" "$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME" "$XDG_DATA_HOME"
    chmod 700 "$XDG_RUNTIME_DIR"
    # Logs to a file of its own; no idle timeout: the tests stop it.
    printf 'log_outputs="3:file:%s/libvirtd.log"\n' "$dir" > "$XDG_CONFIG_HOME/libvirt/libvirtd.conf"
    if ! virsh --connect "$uri" --quiet version > /dev/null 2>&1; then
      as_user=()
      [ "$(id -u)" = 0 ] && as_user=(unshare --user --map-user=1000 --map-group=1000)
      "${as_user[@]}" libvirtd --daemon --pid-file "$dir/libvirtd.pid" \
        --config "$XDG_CONFIG_HOME/libvirt/libvirtd.conf"
      for _ in $(seq 1 100); do
        virsh --connect "$uri" --quiet version > /dev/null 2>&1 && break
        sleep 0.1
      done
    fi
    virsh --connect "$uri" --quiet version > /dev/null || { echo "libvirtd did not answer; see $dir/libvirtd.log" >&2; exit 1; }
    echo "$uri"
    ;;
  stop)
    if [ -S "$XDG_RUNTIME_DIR/libvirt/libvirt-sock" ]; then
      for domain in $(virsh --connect "$uri" --quiet list --name 2> /dev/null); do
        virsh --connect "$uri" --quiet destroy "$domain" > /dev/null 2>&1 || true
      done
    fi
    if [ -s "$dir/libvirtd.pid" ]; then
      pid=$(cat "$dir/libvirtd.pid")
      kill "$pid" 2> /dev/null || true
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.1
      done
    fi
    ;;
  *) echo "usage: host.sh start|stop DIR" >&2; exit 2 ;;
esac
