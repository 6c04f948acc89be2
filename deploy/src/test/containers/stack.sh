#!/usr/bin/env bash
# The container test: the image and the compose stack exactly as the README runs them, on a Docker
# engine of the test's own that reaches no image registry (the official images come from stand-ins
# served by a local mirror: stand-ins.sh) and builds against a Maven mirror on this machine's
# loopback, as an air-gapped site would. Checks the image (non-root, the production refusal), starts
# the stack, waits for every health check, runs the documentation's example requests (create
# completed by a worker container, restore back to the power state, delete purged), and takes the
# stack down and up again to show the data kept in its volume. Cleans up whatever happens.
# Usage: deploy/src/test/containers/stack.sh   (as root, with Debian's docker.io, docker-registry,
#        docker-compose and mmdebstrap installed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../../../.." && pwd)
work=$(mktemp -d /tmp/snapshots-containers.XXXXXX)
mirror_port=18099
admin_token=container-test-admin-token-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
# The engine's own client (Debian's docker.io): BuildKit without the buildx plugin.
export PATH=/usr/bin:$PATH DOCKER_BUILDKIT=1

log() { printf '[containers %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { log "FAILED: $*"; exit 1; }
compose() { (cd "$project" && docker-compose -p snapshots --env-file deploy/compose.env -f deploy/compose.yaml "$@"); }
json() { python3 -c "import json,sys; d = json.load(sys.stdin); print($1)"; }

cleanup() {
  set +e
  if [ -n "${DOCKER_HOST:-}" ]; then
    compose logs --no-color > "$work/compose.log" 2>&1
    [ "${passed:-}" = yes ] || tail -n 80 "$work/compose.log"
    compose down -v --remove-orphans > /dev/null 2>&1
  fi
  "$here/engine.sh" stop "$work/engine"
  [ -z "${mirror_pid:-}" ] || kill "$mirror_pid" 2> /dev/null
  rm -f "$project/deploy/compose.env"
  [ ! -f "$work/env.saved" ] || mv "$work/env.saved" "$project/deploy/compose.env"
  rm -rf "$work"
}
trap cleanup EXIT
[ ! -f "$project/deploy/compose.env" ] || mv "$project/deploy/compose.env" "$work/env.saved"

log "engine and image mirror"
DOCKER_HOST=$("$here/engine.sh" start "$work/engine")
export DOCKER_HOST
"$here/stand-ins.sh" "$work/stand-ins"

log "Maven mirror on 127.0.0.1:$mirror_port (this machine's Maven repository, with checksums)"
"$project/mvnw" -q -B dependency:get -Dartifact=org.apache.maven:apache-maven:3.9.12:zip:bin
# Hard links where the work folder shares a file system with the repository, a copy otherwise.
cp -al "$HOME/.m2/repository" "$work/maven" 2> /dev/null \
  || { rm -rf "$work/maven" && cp -a "$HOME/.m2/repository" "$work/maven"; }
find "$work/maven" -type f \( -name '*.jar' -o -name '*.pom' -o -name '*.zip' \) -print0 |
  while IFS= read -r -d '' file; do
    [ -f "$file.sha1" ] || sha1sum "$file" | cut -d' ' -f1 > "$file.sha1"
  done
python3 -m http.server --bind 127.0.0.1 "$mirror_port" --directory "$work/maven" \
  > "$work/maven-mirror.log" 2>&1 &
mirror_pid=$!

log "the image, as the README builds it behind a mirror"
(cd "$project" && docker build --network host --build-arg MAVEN_MIRROR=http://127.0.0.1:18099/ -f deploy/Dockerfile -t vps/snapshots .) \
  > "$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; fail "the image did not build"; }
[ "$(docker image inspect -f '{{.Config.User}}' vps/snapshots)" = 10001 ] || fail "the image runs as root"
set +e
refusal=$(docker run --rm vps/snapshots 2>&1)
code=$?
set -e
[ $code = 78 ] || fail "the unconfigured image exited with $code, not 78"
grep -q QUARKUS_DATASOURCE_JDBC_URL <<< "$refusal" || fail "the refusal names no missing setting: $refusal"
log "image: runs as user 10001; without settings it exits 78 naming them"
# The AOT cache the build trained is one the image's JVM takes: with -XX:AOTMode=on a JVM that cannot
# use it stops at once, before the service's own refusal.
set +e
refusal=$(docker run --rm --entrypoint sh vps/snapshots \
  -c 'exec java -XX:AOTCache=app.aot -XX:AOTMode=on $JAVA_OPTS -jar quarkus-run.jar' 2>&1)
code=$?
set -e
[ $code = 78 ] || fail "the image's JVM does not take its AOT cache (exit $code): $(tail -n 3 <<< "$refusal")"
log "image: its JVM takes the AOT cache its build trained"

log "the stack, as the README starts it"
(cd "$project" && cp deploy/compose.env.example deploy/compose.env)
sed -i "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=container-test-database-password|; s|^SNAPSHOTS_ADMIN_TOKEN=.*|SNAPSHOTS_ADMIN_TOKEN=$admin_token|" \
  "$project/deploy/compose.env"
(cd "$project" && docker-compose -p snapshots --env-file deploy/compose.env -f deploy/compose.yaml up -d) > "$work/up.log" 2>&1 \
  || { cat "$work/up.log"; fail "compose up failed"; }

await_healthy() {
  local deadline=$((SECONDS + 300)) service id state
  for service in postgres kafka api worker-1 worker-2; do
    id=$(compose ps -q "$service")
    until state=$(docker inspect -f '{{.State.Health.Status}}' "$id") && [ "$state" = healthy ]; do
      [ $SECONDS -lt $deadline ] || fail "$service is $state after 5 minutes"
      sleep 2
    done
  done
  log "every health check passes: postgres kafka api worker-1 worker-2"
}
await_healthy
[ "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$(compose ps -q api)")" = true ] \
  || fail "the api runs with a writable root file system"
curl -fs http://127.0.0.1:9000/q/health/ready | grep -q '"UP"' || fail "no readiness on the management port"

admin() { curl -fsS -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' "$@"; }
account=$(admin -d '{"name": "container-test"}' http://127.0.0.1:8081/admin/v1/accounts | json 'd["id"]')
token=$(admin -d '{"scope": "write"}' "http://127.0.0.1:8081/admin/v1/accounts/$account/tokens" | json 'd["token"]')
admin -d "{\"id\": 12345, \"account_id\": $account, \"name\": \"web-server-01\", \"status\": \"running\"}" \
  http://127.0.0.1:8081/admin/v1/servers > /dev/null
YOUR_API_TOKEN=$token
await_field() { # url expression value [seconds]
  local deadline=$((SECONDS + ${4:-120})) got
  until got=$(curl -fsS -H "Authorization: Bearer $YOUR_API_TOKEN" "$1" | json "$2") && [ "$got" = "$3" ]; do
    [ $SECONDS -lt $deadline ] || fail "$1: $2 is $got, not $3"
    sleep 1
  done
}

log "the documentation's requests"
curl -X GET "http://localhost:8080/api/v1/snapshots/?server_id=12345" \
  -H "Authorization: Bearer $YOUR_API_TOKEN" \
  -H "Content-Type: application/json" -fsS | json 'd["count"]' | grep -qx 0 || fail "the list is not empty"
snapshot=$(curl -X POST "http://localhost:8080/api/v1/snapshots/" \
  -H "Authorization: Bearer $YOUR_API_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{
    "server_id": 12345,
    "name": "before-update-snapshot",
    "description": "Snapshot before system update"
  }' -fsS | json 'd["id"]')
await_field "http://localhost:8080/api/v1/snapshots/$snapshot/" 'd["status"]' completed
log "snapshot $snapshot completed by a worker container"
curl -X POST "http://localhost:8080/api/v1/snapshots/$snapshot/restore/" \
  -H "Authorization: Bearer $YOUR_API_TOKEN" \
  -H "Content-Type: application/json" -fsS > /dev/null
await_field "http://localhost:8080/api/v1/operations/?server_id=12345" 'd["results"][0]["kind"] + " " + d["results"][0]["status"]' 'restore succeeded'
await_field "http://localhost:8080/api/v1/servers/12345/" 'd["status"]' running
log "restored; the server is running again, as before"
curl -X DELETE "http://localhost:8080/api/v1/snapshots/$snapshot/" \
  -H "Authorization: Bearer $YOUR_API_TOKEN" \
  -H "Content-Type: application/json" -fsS -o /dev/null -w '%{http_code}' | grep -qx 204 \
  || fail "the delete was not answered 204"
await_field "http://localhost:8080/api/v1/operations/?server_id=12345" \
  'd["results"][0]["kind"] + " " + d["results"][0]["status"]' 'purge succeeded'
log "deleted; its data purged by a worker container"

# Snapshot NAME of server 12345, as the documentation's create asks for it; prints its id.
create_snapshot() {
  curl -X POST "http://localhost:8080/api/v1/snapshots/" \
    -H "Authorization: Bearer $YOUR_API_TOKEN" \
    -H "Content-Type: application/json" \
    -d "{\"server_id\": 12345, \"name\": \"$1\"}" -fsS | json 'd["id"]'
}

log "a worker container killed in the middle of a snapshot"
taken=$(create_snapshot worker-killed-midway)
operation=$(curl -fsS -H "Authorization: Bearer $YOUR_API_TOKEN" \
  "http://localhost:8080/api/v1/operations/?server_id=12345" | json 'd["results"][0]["id"]')
database() { docker exec "$(compose ps -q postgres)" psql -U snapshots -d snapshots -tAc "$1"; }
deadline=$((SECONDS + 20))
until owner=$(database "select lease_owner from operations where id = $operation") && [ -n "$owner" ]; do
  [ $SECONDS -lt $deadline ] || fail "no worker took operation $operation"
  sleep 0.2
done
# A lease holder is pid@hostname/..., and a container's host name is its short id.
holder=${owner#*@}
holder=${holder%%/*}
docker kill "$holder" > /dev/null || fail "the lease holder $owner is no container"
await_field "http://localhost:8080/api/v1/snapshots/$taken/" 'd["status"]' completed 180
[ "$(docker inspect -f '{{.State.Running}}' "$holder")" = false ] || fail "the killed worker came back"
await_field "http://localhost:8080/api/v1/operations/$operation/" 'd["status"] + " " + str(d["attempt"])' \
  'succeeded 2'
completions=$(docker exec "$(compose ps -q kafka)" /opt/kafka/bin/kafka-console-consumer.sh \
  --bootstrap-server localhost:9092 --topic snapshots.events --from-beginning --timeout-ms 15000 \
  --property print.headers=true 2> /dev/null |
  grep 'ce_type:SnapshotCompleted' | grep -cE "ce_subject:snapshots/$taken([,[:space:]]|\$)" || true)
[ "$completions" = 1 ] || fail "snapshot $taken was told completed $completions times"
docker start "$holder" > /dev/null
log "snapshot $taken: its worker killed, taken over and completed once by the other worker"

log "Kafka stopped for 20 s: the API keeps accepting, and nothing is lost"
compose stop kafka > /dev/null 2>&1
during=$(create_snapshot during-kafka-outage)
sleep 20
compose start kafka > /dev/null 2>&1
await_field "http://localhost:8080/api/v1/snapshots/$during/" 'd["status"]' completed 240
deadline=$((SECONDS + 120))
until curl -fs http://127.0.0.1:9000/q/metrics | grep -qE '^snapshots_outbox_backlog(\{[^}]*\})? 0(\.0)?$'; do
  [ $SECONDS -lt $deadline ] || fail "the outbox kept messages after Kafka came back"
  sleep 2
done
log "snapshot $during, asked for while Kafka was away, completed; the outbox is empty"

log "down and up again: the data stays in the named volume"
kept=$(create_snapshot kept-across-restarts)
await_field "http://localhost:8080/api/v1/snapshots/$kept/" 'd["status"]' completed
compose down > /dev/null 2>&1
(cd "$project" && docker-compose -p snapshots --env-file deploy/compose.env -f deploy/compose.yaml up -d) > "$work/up.log" 2>&1 \
  || { cat "$work/up.log"; fail "compose up failed the second time"; }
await_healthy
await_field "http://localhost:8080/api/v1/snapshots/$kept/" 'd["name"] + " " + d["status"]' \
  'kept-across-restarts completed'
compose down -v > /dev/null 2>&1

log "the suite's Testcontainers branch, its images through the mirror"
(cd "$project" && TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX=127.0.0.1:5000/ \
  ./mvnw -B -pl deploy -am test -Dtest=EventContractTest -Dsurefire.failIfNoSpecifiedTests=false) \
  > "$work/testcontainers.log" 2>&1 || { tail -n 60 "$work/testcontainers.log"; fail "the tests on Testcontainers failed"; }
grep -q "Tests use PostgreSQL in a Testcontainers container" "$work/testcontainers.log" \
  && grep -q "Tests use Kafka in a Testcontainers container" "$work/testcontainers.log" \
  || fail "the tests did not take the Testcontainers branch"
grep -E "Tests run: [0-9]+, Failures: 0, Errors: 0, Skipped: 0, Time" "$work/testcontainers.log" | tail -n 1

passed=yes
log "passed"
