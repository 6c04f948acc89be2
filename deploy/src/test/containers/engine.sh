#!/usr/bin/env bash
# A Docker engine of the container test's own, and the image registry it pulls through: every file
# under DIR, its own socket, and Debian's docker-registry on 127.0.0.1:5000 as the mirror of Docker
# Hub, the way an air-gapped site serves the official images from a mirror of its own. `stop` also
# removes DIR.
# Usage: engine.sh start DIR   prints the DOCKER_HOST to use once the engine and the registry answer
#        engine.sh stop DIR    stops both, removes every container, network and volume they had
set -euo pipefail
cmd=$1; dir=$(mkdir -p "$2" && cd "$2" && pwd)
socket=unix://$dir/docker.sock
registry=127.0.0.1:5000
case $cmd in
  start)
    for tool in dockerd docker-registry; do
      command -v $tool > /dev/null || { echo "$tool is not installed" >&2; exit 1; }
    done
    mkdir -p "$dir/registry"
    cat > "$dir/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry
  delete:
    enabled: true
http:
  addr: $registry
YAML
    docker-registry serve "$dir/registry.yml" > "$dir/registry.log" 2>&1 &
    echo $! > "$dir/registry.pid"
    # overlay2 where this kernel and file system mount overlays (images shared between containers);
    # otherwise vfs, which works anywhere and copies every layer in full.
    driver=vfs
    mkdir -p "$dir/probe/lower" "$dir/probe/upper" "$dir/probe/work" "$dir/probe/merged"
    if mount -t overlay overlay -o "lowerdir=$dir/probe/lower,upperdir=$dir/probe/upper,workdir=$dir/probe/work" \
      "$dir/probe/merged" 2> /dev/null; then
      umount "$dir/probe/merged"
      driver=overlay2
    fi
    rm -rf "$dir/probe"
    dockerd --storage-driver=$driver --data-root "$dir/data" --exec-root "$dir/exec" \
      --host "$socket" --pidfile "$dir/dockerd.pid" \
      --containerd-namespace snapshots-test --containerd-plugins-namespace snapshots-test-plugins \
      --registry-mirror "http://$registry" --insecure-registry "$registry" \
      > "$dir/dockerd.log" 2>&1 &
    for _ in $(seq 1 120); do
      DOCKER_HOST=$socket docker version > /dev/null 2>&1 \
        && curl -fs "http://$registry/v2/" > /dev/null && break
      sleep 0.5
    done
    DOCKER_HOST=$socket docker version > /dev/null 2>&1 \
      || { echo "dockerd did not answer; see $dir/dockerd.log" >&2; exit 1; }
    curl -fs "http://$registry/v2/" > /dev/null \
      || { echo "the registry did not answer; see $dir/registry.log" >&2; exit 1; }
    echo "$socket"
    ;;
  stop)
    if DOCKER_HOST=$socket docker version > /dev/null 2>&1; then
      ids=$(DOCKER_HOST=$socket docker ps -aq)
      [ -z "$ids" ] || DOCKER_HOST=$socket docker rm -f $ids > /dev/null 2>&1 || true
      DOCKER_HOST=$socket docker network prune -f > /dev/null 2>&1 || true
      DOCKER_HOST=$socket docker volume prune -f > /dev/null 2>&1 || true
    fi
    for name in dockerd registry; do
      if [ -s "$dir/$name.pid" ]; then
        pid=$(cat "$dir/$name.pid")
        kill "$pid" 2> /dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2> /dev/null || true
      fi
    done
    # The engine's mounts go with it; what is left of its folders is plain files.
    grep " $dir/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2> /dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: engine.sh start|stop DIR" >&2; exit 2 ;;
esac
