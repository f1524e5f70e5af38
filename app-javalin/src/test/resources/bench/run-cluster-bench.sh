#!/usr/bin/env bash
# Several instances on one PostgreSQL, and the sizing inputs (loopback only, bounded in time). Each
# run starts its own servers as child processes with the README's JVM options, an embedded
# PostgreSQL and the simulated GitHub (ClusterBench, SizingProbe; see their javadoc).
# usage (from the repository root): bash app-javalin/src/test/resources/bench/run-cluster-bench.sh [seconds]
# env: WARMUP (60): seconds of load before each window, so every instance's JIT has compiled (the
#        throughput runs then warm on until the compilers use under 5 % of the servers' CPU)
#      CPU_PER_INSTANCE (e.g. 0.15): cores each instance may use in the throughput window, through a
#        cgroup of its own (needs root): each added instance brings its own capacity
set -euo pipefail
secs=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
cd "$root"
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
# reactor build: the sibling modules resolve to their target/classes, nothing is installed
./mvnw -q -pl app-javalin -am test-compile org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
  -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="$root/app-javalin/target/test-classes:$root/app-javalin/target/classes:$(cat "$cpfile")"
quota=${CPU_PER_INSTANCE:+-DcpuPerInstance=$CPU_PER_INSTANCE}
run() { echo "== $* ($(uptime | sed 's/.*load/load/'))"; (cd app-javalin && java -Xmx1g -Dwarmup="${WARMUP:-60}" $quota -cp "$cp" "$@" 2>/dev/null | grep -v '^[0-9][0-9]:'); }
run dev.hookkeeper.app.bench.ClusterBench sse "$secs" 250
for instances in 1 2 3; do
  for repos in 1 12; do run dev.hookkeeper.app.bench.ClusterBench throughput "$instances" "$repos" "$secs" 32; done
done
run dev.hookkeeper.app.bench.SizingProbe streams 1000
run dev.hookkeeper.app.bench.SizingProbe storage 20000
