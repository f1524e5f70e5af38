#!/usr/bin/env bash
# Endpoint benchmark of the real server (loopback only, bounded in time):
#   1. starts BenchTarget (Hookkeeper + embedded PostgreSQL + simulated GitHub, one connected repository),
#      logging like the production server (app-javalin's logback.xml: one INFO line per delivery);
#   2. closed loop: wrk at 64 and 1000 connections after a warm-up;
#   3. open loop: OpenLoopLoad at a fixed rate over 1000 connections;
#   4. prints the server's RSS; InboxWatch records the backlog and PostgreSQL's checkpoints meanwhile.
# usage (from the repository root): bash app-javalin/src/test/resources/bench/run-endpoint-bench.sh [seconds] [open-loop-rate]
# env: BENCH_OUT (scratch files and logs; app-javalin/target/bench), SERVER_JAVA_OPTS (default -Xmx1g, as the peers), HOOKKEEPER_INGEST_LOG_LEVEL, SKIP_BUILD=1,
#      SKIP_CLOSED=1 (warm-up and open loop only), PG_SETTINGS ("name=value ...", applied with PgSettings
#      before the load, e.g. "wal_compression=on")
set -euo pipefail
secs=${1:-15}
rate=${2:-2000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
cd "$root"
command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
# package, never install (the local repository is shared), and the test classpath, in one reactor build
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -pl app-javalin -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
    -Dmdep.outputFile="$root/app-javalin/target/bench-classpath.txt" -Dmdep.includeScope=test
fi
cp="app-javalin/target/test-classes:app-javalin/target/classes:$(cat "$root/app-javalin/target/bench-classpath.txt")"
# scratch files of this worktree (not /tmp: other worktrees run the same benchmarks)
out=${BENCH_OUT:-$root/app-javalin/target/bench}
mkdir -p "$out"
props="$out"/hookkeeper-bench.properties
rm -f "$props"
HOOKKEEPER_INGEST_LOG_LEVEL=${HOOKKEEPER_INGEST_LOG_LEVEL:-INFO} \
  java ${SERVER_JAVA_OPTS:--Xmx1g} -Dlogback.configurationFile="$root/app-javalin/src/main/resources/logback.xml" \
  -cp "$cp" dev.hookkeeper.app.bench.BenchTarget "$props" $((secs * 6 + 120)) > "$out"/hookkeeper-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -s "$props" ] && break; sleep 1; done
url=$(sed -n 's/^url=//p' "$props"); hook=$(sed -n 's/^hook_id=//p' "$props"); secret=$(sed -n 's/^secret=//p' "$props")
pid=$(sed -n 's/^pid=//p' "$props")
payload="$here/workflow_run.completed.json"
sig="sha256=$(openssl dgst -sha256 -hmac "$secret" -hex < "$payload" | sed 's/^.*= //')"
export BENCH_PAYLOAD="$payload" BENCH_HOOK_ID="$hook" BENCH_SIGNATURE="$sig"
echo "== target $url hook $hook; $(uptime)"
# shellcheck disable=SC2086
java -cp "$cp" dev.hookkeeper.app.bench.PgSettings "$props" ${PG_SETTINGS:-}
wrk -t2 -c64 -d"${secs}s" -s "$here/github-signed.lua" "$url" > /dev/null   # warm-up
for c in $([ -n "${SKIP_CLOSED:-}" ] || echo 64 1000); do
  echo "== wrk -t2 -c$c -d${secs}s"
  wrk -t2 -c$c -d"${secs}s" --timeout 30s --latency -s "$here/github-signed.lua" "$url" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors|requests in"
  echo "server RSS: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$pid/status)"
done
echo "== open loop: $rate/s over 1000 connections for ${secs}s after a 10 s warm-up at the same rate"
# the inbox and PostgreSQL's checkpoints, second by second, beside the load's own per-second lines
java -cp "$cp" dev.hookkeeper.app.bench.InboxWatch "$props" $((secs + 12)) 60 \
  > "$out"/hookkeeper-bench-watch.log 2> "$out"/hookkeeper-bench-watch.err &
watch=$!
java -cp "$cp" dev.hookkeeper.app.bench.OpenLoopLoad --url "$url" --rate "$rate" --seconds "$secs" --warmup 10 \
  --connections 1000 --payload "$payload" --secret "$secret" --hook-id "$hook" 2> "$out"/hookkeeper-bench-load.err || true
wait $watch || true
echo "== per second: load | inbox (checkpoints completed are noted with their start)"
paste -d'|' <(grep '^t=' "$out"/hookkeeper-bench-load.err) <(grep '^inbox t=' "$out"/hookkeeper-bench-watch.err)
cat "$out"/hookkeeper-bench-watch.log
echo "server RSS: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$pid/status)"
