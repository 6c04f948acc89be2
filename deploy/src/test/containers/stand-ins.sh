#!/usr/bin/env bash
# Stand-ins for the official images the stack names, for a site that reaches no image registry. One
# Debian trixie root file system (mmdebstrap: OpenJDK 25, PostgreSQL 17, Kafka's jars from Maven
# Central) is imported once per image with that image's documented interface (environment, user,
# data paths, entrypoint, the commands compose calls), then pushed to the local registry under the
# official name, the way a mirror serves it; the local copies are removed, so that the stack pulls
# them through the mirror.
# Usage: stand-ins.sh WORKDIR   (DOCKER_HOST: the engine of engine.sh, its registry on 127.0.0.1:5000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../../../.." && pwd)
work=$(mkdir -p "$1" && cd "$1" && pwd)
registry=127.0.0.1:5000
rootfs=$work/stand-ins.tar

if [ ! -s "$rootfs" ]; then
  rm -rf "$work/kafka-libs"
  "$project/mvnw" -q -B -f "$here/stand-ins/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$work/kafka-libs"
  STAND_INS=$here/stand-ins KAFKA_LIBS=$work/kafka-libs mmdebstrap --variant=minbase \
    --include=ca-certificates,openjdk-25-jdk-headless,curl,unzip,postgresql \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook="$here/stand-ins/customize.sh" \
    trixie "$work/stand-ins.part.tar" > "$work/mmdebstrap.log" 2>&1 \
    || { echo "mmdebstrap failed; see $work/mmdebstrap.log" >&2; exit 1; }
  mv "$work/stand-ins.part.tar" "$rootfs"
fi

path="PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
java=(--change 'ENV JAVA_HOME=/opt/java/openjdk' --change "ENV $path" --change 'ENV LANG=C.UTF-8')
stand_in() { # official-name import-changes...
  local name=$1; shift
  local image=$registry/$name
  docker import "$@" "$rootfs" "$image" > /dev/null
  # Docker Hub's official images live under library/ in a mirror; the plain name serves clients
  # that put the registry in front of the name themselves (Testcontainers' image-name prefix).
  [[ ${name%%:*} == */* ]] || docker tag "$image" "$registry/library/$name"
  for served in "$image" "$registry/library/$name"; do
    if docker image inspect "$served" > /dev/null 2>&1; then
      docker push -q "$served" > /dev/null
      docker rmi "$served" > /dev/null
    fi
  done
  echo "stand-in for $name served by $registry"
}
stand_in eclipse-temurin:25-jdk "${java[@]}" --change 'CMD ["jshell"]'
stand_in eclipse-temurin:25-jre "${java[@]}" --change 'CMD ["/bin/bash"]'
stand_in postgres:17-alpine --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]' --change 'EXPOSE 5432'
stand_in apache/kafka:4.1.2 "${java[@]}" --change 'USER appuser' \
  --change 'CMD ["/etc/kafka/docker/run"]' --change 'EXPOSE 9092'
