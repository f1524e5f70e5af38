#!/usr/bin/env bash
# Hookkeeper beside the peers of ../shared/bench: same machine, same run, same protocol, same wrk
# script and payload. Loopback only, bounded in time (about 10 minutes).
#   1. copies the shared bench (read-only) to a scratch directory and runs its run-peers.sh
#      (every peer: fresh start, warm-up at c64, then wrk -t2 -c64 and -c1000 for 15 s each);
#   2. runs the real Hookkeeper endpoint the same way (production logging: one INFO line per delivery), first on its embedded PostgreSQL 17, then on
#      the bench's external PostgreSQL (bench/pg.sh: a local PostgreSQL cluster, fsync on),
#      appending to the same summary table (results/<date>-summary.tsv in the scratch copy).
# usage (from the repository root):
#   bash app-javalin/src/test/resources/bench/run-side-by-side.sh [shared-bench-dir]
# env: WARMUP (30s), DURATION (15s), PEERS (all), SKIP_PEERS=1, SERVER_JAVA_OPTS (-Xmx1g, as the peers),
#      HOOKKEEPER_DBS ("embedded external"), BENCH_WORK (/tmp/hookkeeper-side-by-side),
#      CONCS ("64 1000", for the peers too), ROUNDS (1): repeat peers-then-Hookkeeper this many times, so that a machine whose speed drifts
#      (other jobs on the shared cores) shows up as spread between rounds instead of as a false ratio
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
shared=$(cd "${1:-$root/../shared/bench}" && pwd)
work=${BENCH_WORK:-/tmp/hookkeeper-side-by-side}
rm -rf "$work" && mkdir -p "$work" && cp -r "$shared" "$work/bench" && chmod -R u+w "$work/bench"
bench="$work/bench"
export WARMUP=${WARMUP:-30s} DURATION=${DURATION:-15s}
export BENCH_DATE=${BENCH_DATE:-$(date -u +%Y-%m-%dT%H%M)}
summary="$bench/results/$BENCH_DATE-summary.tsv"

cd "$root"
# package, never install (the local repository is shared), and the test classpath, in one reactor build
./mvnw -q -pl app-javalin -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
  -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
cp="app-javalin/target/test-classes:app-javalin/target/classes:$(cat "$work/cp.txt")"
# shellcheck source=/dev/null
source "$bench/lib.sh"
ensure_tools
raise_nofile 65536
"$bench/payload.sh" > "$work/payload.txt"
[ -s "$summary" ] || printf 'date\tpeer\tconc\tthreads\tduration\treq_s\tok2xx_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tnon2xx\tsock_errors\trss_mb\tserver_cpu_pct\tpg_cpu_pct\ttotal_cpu_pct\n' > "$summary"

ticks() { local s=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] || continue; read -r -a f < <(sed 's/^.*) //' "/proc/$p/stat") || continue; s=$((s + f[11] + f[12])); done; echo "$s"; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
clk=$(getconf CLK_TCK)
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }

server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true' EXIT
for round in $(seq 1 "${ROUNDS:-1}"); do
  if [ -z "${SKIP_PEERS:-}" ]; then
    # shellcheck disable=SC2086
    (cd "$root" && "$bench/run-peers.sh" ${PEERS:-})
  fi

  for db in ${HOOKKEEPER_DBS:-embedded external}; do
    name="hookkeeper-$db"
    out="$bench/results/$BENCH_DATE-$name.txt"
    props="$work/$name.properties"
    rm -f "$props"
    if [ "$db" = external ]; then
      "$bench/pg.sh" start > /dev/null
      "$bench/pg.sh" psql -Atqc "DROP DATABASE IF EXISTS hookkeeper" > /dev/null
      "$bench/pg.sh" psql -Atqc "CREATE DATABASE hookkeeper" > /dev/null
      export BENCH_DATABASE_URL="jdbc:postgresql://127.0.0.1:55432/hookkeeper?user=benchpg"
    else
      unset BENCH_DATABASE_URL
    fi
    # shellcheck disable=SC2086
    HOOKKEEPER_INGEST_LOG_LEVEL=${HOOKKEEPER_INGEST_LOG_LEVEL:-INFO} java ${SERVER_JAVA_OPTS:--Xmx1g} \
      -Dlogback.configurationFile="$root/app-javalin/src/main/resources/logback.xml" -cp "$cp" \
      dev.hookkeeper.app.bench.BenchTarget "$props" 900 > "$work/$name.log" 2>&1 &
    server=$!
    for _ in $(seq 1 120); do [ -s "$props" ] && break; sleep 1; done
    [ -s "$props" ] || { echo "$name did not start:"; tail -20 "$work/$name.log"; exit 1; }
    url=$(sed -n 's/^url=//p' "$props")
    base=${url%/api/v2/webhooks/github}
      export BENCH_HOOK_ID; BENCH_HOOK_ID=$(sed -n 's/^hook_id=//p' "$props")
    # the hook's secret signs Hookkeeper's load only
    BENCH_SIGNATURE=$(WEBHOOK_SECRET=$(sed -n 's/^secret=//p' "$props") bench_signature); export BENCH_SIGNATURE
    if [ "$db" = external ]; then
      pg_pids() { pgrep -u benchpg -x postgres | tr '\n' ' '; }
    else
      # the embedded postmaster (started from BenchTarget's data directory) and its backends
      postmaster=$(sed -n 's/^postgres_pid=//p' "$props")
      pg_pids() { [ -n "$postmaster" ] && { echo -n "$postmaster "; pgrep -P "$postmaster" | tr '\n' ' '; }; }
    fi
    {
      echo "# peer: $name   date: $(date -u +%FT%TZ)   host: $(uname -srm), $(nproc) CPUs"
      echo "# NOTE: wrk (-t2) runs on the same cores as the server and PostgreSQL."
      sed 's/^/# /' "$work/payload.txt"
      echo "# runtime: $(java -version 2>&1 | head -1)  JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}  database=$db"
      echo "# rss_after_start_kb: $(ps -o rss= -p "$server" | tr -d ' ')"
      echo
      echo "## warm-up: wrk -t2 -c64 -d$WARMUP"
      BENCH_LABEL="$name/warmup" "$bench/wrk-signed.sh" "$base" -t2 -c64 -d"$WARMUP" | grep '^RESULT'
    } > "$out" 2>&1
    for conc in ${CONCS:-64 1000}; do
      pgs=$(pg_pids)
      s_srv=$(ticks "$server"); s_pg=$(ticks $pgs); s_tot=$(busy); t0=$(date +%s.%N)
      res=$(BENCH_LABEL="$name/c$conc" "$bench/wrk-signed.sh" "$base" -t2 -c"$conc" -d"$DURATION" 2>&1)
      t1=$(date +%s.%N); e_srv=$(ticks "$server"); e_pg=$(ticks $pgs); e_tot=$(busy)
      rss_kb=$(ps -o rss= -p "$server" | tr -d ' ')
      pct() { python3 -c "print(f'{max(0.0, 100.0*($1)/$clk/($t1-$t0)):.0f}')"; }
      srv_cpu=$(pct "$e_srv-$s_srv"); pg_cpu=$(pct "$e_pg-$s_pg"); tot_cpu=$(pct "$e_tot-$s_tot")
      line=$(grep '^RESULT' <<< "$res" || true)
      { echo "## wrk -t2 -c$conc -d$DURATION -s github-signed.lua"; echo "$res"; echo "rss_after_run_kb: $rss_kb"
        echo "cpu_during_run (% of one core): server $srv_cpu  postgres $pg_cpu  machine_total $tot_cpu"; echo; } >> "$out"
      printf '%s\t%s\t%s\t2\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$BENCH_DATE" "$name" "$conc" "$DURATION" \
        "$(kv rps "$line")" "$(kv ok2xx_rps "$line")" "$(kv p50_ms "$line")" "$(kv p90_ms "$line")" "$(kv p99_ms "$line")" \
        "$(kv max_ms "$line")" "$(kv non2xx "$line")" "$(kv sock_errors "$line")" "$((rss_kb / 1024))" "$srv_cpu" "$pg_cpu" \
        "$tot_cpu" >> "$summary"
      echo "  $name c$conc: $(kv rps "$line") req/s p99 $(kv p99_ms "$line") ms | rss $((rss_kb / 1024)) MB | cpu srv $srv_cpu% pg $pg_cpu% total $tot_cpu%"
    done
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    # the peers of the next round send their own hook id and signature (the Java peers check the hook id)
    unset BENCH_HOOK_ID BENCH_SIGNATURE
  done
done
echo "summary: $summary"
column -t -s $'\t' "$summary"
