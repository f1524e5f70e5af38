#!/usr/bin/env bash
# Failure-to-live-notification latency under background load (loopback only, bounded in time):
#   1. starts BenchTarget (Hookkeeper + embedded PostgreSQL + simulated GitHub, one connected repository),
#      logging like the production server (app-javalin's logback.xml: one INFO line per delivery);
#   2. warms up with wrk;
#   3. runs OpenLoopLoad at a fixed background rate (the same completed run under new delivery ids)
#      while FailureToSseLatency holds the user's event stream open and sends probes: each a new
#      failing run, timed from its POST, and from its 202, to its incident.opened event on the stream.
# usage (from the repository root): bash app-javalin/src/test/resources/bench/run-sse-latency-bench.sh \
#   [seconds] [background-rate] [probes-per-second]
# env: BENCH_OUT (scratch files and logs; app-javalin/target/bench), SERVER_JAVA_OPTS (default -Xmx1g), SKIP_BUILD=1
set -euo pipefail
secs=${1:-30}
rate=${2:-500}
probes=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
cd "$root"
command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
if [ -z "${SKIP_BUILD:-}" ]; then
  # package, never install (the local repository is shared), and the test classpath, in one reactor build
  ./mvnw -q -pl app-javalin -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
    -Dmdep.outputFile="$root/app-javalin/target/bench-classpath.txt" -Dmdep.includeScope=test
fi
cp="app-javalin/target/test-classes:app-javalin/target/classes:$(cat "$root/app-javalin/target/bench-classpath.txt")"
# scratch files of this worktree (not /tmp: other worktrees run the same benchmarks)
out=${BENCH_OUT:-$root/app-javalin/target/bench}
mkdir -p "$out"
props="$out"/hookkeeper-sse-bench.properties
rm -f "$props"
java ${SERVER_JAVA_OPTS:--Xmx1g} -Dlogback.configurationFile="$root/app-javalin/src/main/resources/logback.xml" \
  -cp "$cp" dev.hookkeeper.app.bench.BenchTarget "$props" $((secs * 2 + 120)) \
  > "$out"/hookkeeper-sse-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -s "$props" ] && break; sleep 1; done
url=$(sed -n 's/^url=//p' "$props"); hook=$(sed -n 's/^hook_id=//p' "$props"); secret=$(sed -n 's/^secret=//p' "$props")
payload="$here/workflow_run.completed.json"
sig="sha256=$(openssl dgst -sha256 -hmac "$secret" -hex < "$payload" | sed 's/^.*= //')"
export BENCH_PAYLOAD="$payload" BENCH_HOOK_ID="$hook" BENCH_SIGNATURE="$sig"
echo "== warm-up: wrk -t2 -c64 -d20s; $(uptime)"
wrk -t2 -c64 -d20s -s "$here/github-signed.lua" "$url" | grep "Requests/sec"
echo "== background: $rate/s open loop over 64 connections; probes: $probes/s for ${secs}s"
java -cp "$cp" dev.hookkeeper.app.bench.OpenLoopLoad --url "$url" --rate "$rate" --seconds $((secs + 10)) \
  --connections 64 --payload "$payload" --secret "$secret" --hook-id "$hook" > "$out"/hookkeeper-sse-bench-load.log 2>/dev/null &
load=$!
sleep 3
java -cp "$cp" dev.hookkeeper.app.bench.FailureToSseLatency "$props" "$payload" "$secs" "$probes" || status=$?
wait $load || true
echo "== background load:"; cat "$out"/hookkeeper-sse-bench-load.log
exit ${status:-0}
