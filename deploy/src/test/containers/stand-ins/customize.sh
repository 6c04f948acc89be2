#!/bin/bash
# mmdebstrap's customize hook for the stand-ins' root file system ($1): the paths, users and
# entrypoints of the official images; STAND_INS (this folder) and KAFKA_LIBS come from stand-ins.sh.
set -euo pipefail
root=$1
mkdir -p "$root/opt/java" "$root/opt/kafka/bin" "$root/opt/kafka/config" "$root/etc/kafka/docker" \
  "$root/var/lib/kafka/data" "$root/var/lib/postgresql/data"
ln -sfn /usr/lib/jvm/java-25-openjdk-amd64 "$root/opt/java/openjdk"
cp -a "$KAFKA_LIBS" "$root/opt/kafka/libs"
install -m 755 "$STAND_INS/kafka/run" "$root/etc/kafka/docker/run"
for tool in kafka-topics.sh kafka-broker-api-versions.sh kafka-storage.sh kafka-console-consumer.sh; do
  install -m 755 "$STAND_INS/kafka/tool" "$root/opt/kafka/bin/$tool"
done
install -m 644 "$STAND_INS/kafka/log4j2.properties" "$root/opt/kafka/config/log4j2.properties"
install -m 755 "$STAND_INS/postgres/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
chroot "$root" useradd --uid 1000 --user-group --create-home appuser
chroot "$root" chown -R appuser:appuser /opt/kafka/config /var/lib/kafka
chroot "$root" chown -R postgres:postgres /var/lib/postgresql
