#!/usr/bin/env bash
# Sustained ingest with the full effect chain (loopback only, bounded in time):
#   1. starts BenchTarget (Hookkeeper + embedded PostgreSQL + simulated GitHub, one connected repository),
#      logging like the production server;
#   2. open loop: OpenLoopLoad --workload failing (every delivery a new failed run on a branch of its own:
#      an incident and two notifications each) at a fixed rate, after a warm-up at the same rate;
#   3. meanwhile InboxWatch reads the inbox from the database every second (backlog, oldest) and, after
#      the window, the lag of every delivery of the window (processed_at - received_at) and how long
#      the backlog took to drain;
#   4. prints the CPU the server, PostgreSQL and the machine used during the window.
# usage (from the repository root): bash app-javalin/src/test/resources/bench/run-inbox-bench.sh \
#   [seconds] [rate] [connections]
# env: BENCH_OUT (scratch files and logs; app-javalin/target/bench), SERVER_JAVA_OPTS (default -Xmx384m -XX:+UseParallelGC, as the README), SKIP_BUILD=1, WARMUP (20)
set -euo pipefail
secs=${1:-60}
rate=${2:-4000}
conns=${3:-256}
warm=${WARMUP:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
cd "$root"
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
props="$out"/hookkeeper-inbox-bench.properties
rm -f "$props"
# shellcheck disable=SC2086
java ${SERVER_JAVA_OPTS:--Xmx384m -XX:+UseParallelGC} \
  -Dlogback.configurationFile="$root/app-javalin/src/main/resources/logback.xml" \
  -cp "$cp" dev.hookkeeper.app.bench.BenchTarget "$props" $((secs + warm + 240)) \
  > "$out"/hookkeeper-inbox-bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -s "$props" ] && break; sleep 1; done
url=$(sed -n 's/^url=//p' "$props"); hook=$(sed -n 's/^hook_id=//p' "$props"); secret=$(sed -n 's/^secret=//p' "$props")
postmaster=$(sed -n 's/^postgres_pid=//p' "$props")
payload="$here/workflow_run.completed.json"
ticks() { local s=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] || continue; read -r -a f < <(sed 's/^.*) //' "/proc/$p/stat") || continue; s=$((s + f[11] + f[12])); done; echo "$s"; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
clk=$(getconf CLK_TCK)
echo "== failing runs: $rate/s open loop over $conns connections, ${warm}s warm-up + ${secs}s; $(uptime)"
java -cp "$cp" dev.hookkeeper.app.bench.OpenLoopLoad --url "$url" --rate "$rate" --seconds "$secs" --warmup "$warm" \
  --connections "$conns" --payload "$payload" --secret "$secret" --hook-id "$hook" --workload failing \
  > "$out"/hookkeeper-inbox-bench-load.log 2> "$out"/hookkeeper-inbox-bench-load.err &
load=$!
sleep "$warm"
pgs="$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
s_srv=$(ticks "$server"); s_pg=$(ticks $pgs); s_tot=$(busy); t0=$(date +%s.%N)
java -cp "$cp" dev.hookkeeper.app.bench.InboxWatch "$props" "$secs" 120 2> "$out"/hookkeeper-inbox-bench-watch.err \
  > "$out"/hookkeeper-inbox-bench-watch.log &
watch=$!
wait $load || true
t1=$(date +%s.%N); e_srv=$(ticks "$server"); e_pg=$(ticks $pgs); e_tot=$(busy)
pct() { python3 -c "print(f'{max(0.0, 100.0*($1)/$clk/($t1-$t0)):.0f}')"; }
echo "== ack path (OpenLoopLoad):"; cat "$out"/hookkeeper-inbox-bench-load.log
echo "cpu during the window (% of one core): server $(pct "$e_srv-$s_srv")  postgres $(pct "$e_pg-$s_pg")  machine $(pct "$e_tot-$s_tot")"
wait $watch || true
echo "== inbox (InboxWatch):"; cat "$out"/hookkeeper-inbox-bench-watch.log
echo "== backlog per second:"; paste -d'|' <(grep '^inbox t=' "$out"/hookkeeper-inbox-bench-watch.err) \
  <(grep -v warm-up "$out"/hookkeeper-inbox-bench-load.err | grep '^t=') | sed 's/|/   ack: /'
