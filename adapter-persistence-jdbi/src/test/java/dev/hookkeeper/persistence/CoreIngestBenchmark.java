package dev.hookkeeper.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.usecase.IngestResult;
import dev.hookkeeper.core.usecase.IngestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Throughput and latency of the REAL core ingest ({@code UseCases.ingestDelivery()}: header
 * checks, hook lookup, HMAC verification over the 22 kB body, streaming decode, group commit) on
 * the JDBI stores and embedded PostgreSQL 17 with fsync and synchronous_commit on. Not a test: run
 * by hand with the command in docs/performance.md. Each caller thread sends deliveries back to
 * back (closed loop) and records each call's latency.
 *
 * <p>Arguments: seconds per level (at most 15), then caller counts (default 1 8 64). Properties:
 * {@code -Dworkload=failing} (default: every delivery a new failing run on a branch of its own, so
 * an incident opened and two notifications each), {@code -Dworkload=failing-same-branch} (new
 * failing runs on one branch: each adds an occurrence to the repository's one open incident) or {@code -Dworkload=same} (the issue-7 shape: the same completed
 * payload under a new delivery id each time; after the first the run upsert is stale),
 * {@code -Drepos=N} repositories the callers spread over (default 8 for failing, 1 for same),
 * {@code -Dwriters=N}, {@code -DmaxBatch=N} and {@code -DinFlight=N} (IngestSettings), {@code -Dpool=N} connections,
 * {@code -Dstorage=extended} (pglz-compressed bodies instead of V12's EXTERNAL).
 * Besides deliveries/s and p50/p99 it prints, per level, transactions and WAL flushes per second
 * (pg_stat_database, pg_stat_wal) and the CPU the JVM and the PostgreSQL processes used (/proc).
 */
public final class CoreIngestBenchmark {

  private CoreIngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = Math.min(15, args.length > 0 ? Integer.parseInt(args[0]) : 10);
    List<Integer> levels = new ArrayList<>();
    for (int i = 1; i < args.length; i++) levels.add(Integer.parseInt(args[i]));
    if (levels.isEmpty()) levels = List.of(1, 8, 64);
    String workload = System.getProperty("workload", "failing");
    boolean failing = !workload.equals("same");
    boolean ownBranch = !workload.equals("failing-same-branch");
    int repos = Integer.getInteger("repos", failing ? 8 : 1);
    IngestSettings settings = new IngestSettings(Integer.getInteger("writers", IngestSettings.DEFAULTS.commitWriters()),
        Integer.getInteger("maxBatch", IngestSettings.DEFAULTS.maxBatch()), IngestSettings.DEFAULT_HOOK_CACHE_TTL,
        IngestSettings.DEFAULT_MAX_QUEUE_WAIT,
        Integer.getInteger("inFlight", IngestSettings.DEFAULTS.batchesInFlight()));
    byte[] fixture = IngestRig.fixture();

    try (HikariDataSource template = TestPostgres.migratedDatabase();
        HikariDataSource pool = PostgresDataSource.create(template.getJdbcUrl(),
            PoolSettings.DEFAULTS.withMaxPoolSize(Integer.getInteger("pool", PoolSettings.DEFAULTS.maxPoolSize())));
        IngestRig rig = new IngestRig(pool, settings, repos, n -> { })) {
      Jdbi stats = Jdbi.create(template);
      // -Dstorage=extended: the column default (pglz compression) instead of migration V12's EXTERNAL
      String storage = System.getProperty("storage", "external").toUpperCase(java.util.Locale.ROOT);
      stats.useHandle(h -> h.execute("ALTER TABLE deliveries ALTER COLUMN body SET STORAGE " + storage));
      long postmaster = TestPostgres.postmasterPid();
      report(String.format("workload=%s body=%d bytes storage=" + storage + " repos=%d writers=%d maxBatch=%d inFlight="
          + settings.batchesInFlight() + " pool=%d cpus=%d",
          !failing ? "same (issue-7 shape, stale run after the first)"
              : ownBranch ? "failing (new failing run on its own branch: incident opened each)"
              : "failing-same-branch (new failing run, one growing incident per repository)",
          fixture.length, repos, settings.commitWriters(), settings.maxBatch(), pool.getMaximumPoolSize(),
          Runtime.getRuntime().availableProcessors()));
      AtomicLong sequence = new AtomicLong();
      // the JIT compiles the hot path first (measured: the first level ran ~30% slower without this)
      run(rig, fixture, failing, ownBranch, levels.stream().max(Integer::compare).orElseThrow(), 8, sequence);
      for (int callers : levels) {
        run(rig, fixture, failing, ownBranch, callers, 3, sequence); // warm-up
        Map<String, Long> before = counters(stats, postmaster);
        Result r = run(rig, fixture, failing, ownBranch, callers, seconds, sequence);
        Map<String, Long> after = counters(stats, postmaster);
        double elapsed = r.seconds;
        report(String.format(
            "callers=%-3d deliveries/s=%6.0f p50=%6.2f ms p99=%6.2f ms errors=%d | tx/s=%5.0f wal_flush/s=%5.0f"
                + " wal_MB/s=%5.1f | cpu%% jvm=%3.0f postgres=%3.0f (of %d00)",
            callers, r.ok / elapsed, r.p50Millis, r.p99Millis, r.errors,
            (after.get("xact") - before.get("xact")) / elapsed,
            (after.get("walSync") - before.get("walSync")) / elapsed,
            (after.get("walBytes") - before.get("walBytes")) / elapsed / 1e6,
            cpuPercent(before, after, "jvmTicks", elapsed), cpuPercent(before, after, "pgTicks", elapsed),
            Runtime.getRuntime().availableProcessors()));
      }
    }
  }

  private record Result(long ok, long errors, double seconds, double p50Millis, double p99Millis) {}

  private static Result run(IngestRig rig, byte[] fixture, boolean failing, boolean ownBranch, int callers,
      int seconds, AtomicLong sequence) throws InterruptedException {
    IngestRig.FailingRuns failingRuns = new IngestRig.FailingRuns(fixture);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch done = new CountDownLatch(callers);
    List<long[]> latencies = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      IngestRig.Target target = rig.targets.get(c % rig.targets.size());
      long[] mine = new long[seconds * 20_000];
      int[] n = new int[1];
      latencies.add(mine);
      counts.add(n);
      Thread t = new Thread(() -> {
        try {
          while (!stop.get()) {
            long id = sequence.incrementAndGet();
            byte[] body = !failing ? fixture : failingRuns.body(100_000_000L + id, ownBranch);
            long t0 = System.nanoTime();
            try {
              IngestResult result = rig.deliver(target, "bench-" + id, body);
              if (result instanceof IngestResult.Processed) ok.incrementAndGet();
              else errors.incrementAndGet();
            } catch (RuntimeException e) {
              errors.incrementAndGet();
            }
            if (n[0] < mine.length) mine[n[0]++] = System.nanoTime() - t0;
          }
        } finally {
          done.countDown();
        }
      }, "bench-caller-" + c);
      t.setDaemon(true);
      t.start();
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    done.await();
    double elapsed = (System.nanoTime() - started) / 1e9;
    int total = 0;
    for (int[] n : counts) total += n[0];
    long[] all = new long[total];
    int k = 0;
    for (int i = 0; i < latencies.size(); i++) {
      System.arraycopy(latencies.get(i), 0, all, k, counts.get(i)[0]);
      k += counts.get(i)[0];
    }
    Arrays.sort(all);
    return new Result(ok.get(), errors.get(), elapsed, percentile(all, 0.50), percentile(all, 0.99));
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  /** Commits, WAL flushes and bytes from PostgreSQL's statistics; CPU ticks from /proc. */
  private static Map<String, Long> counters(Jdbi stats, long postmaster) throws IOException {
    Map<String, Long> m = new java.util.HashMap<>(stats.withHandle(h -> h.createQuery(
            "SELECT (SELECT sum(xact_commit) FROM pg_stat_database)::bigint AS xact,"
                + " wal_sync AS wal_sync, wal_bytes::bigint AS wal_bytes FROM pg_stat_wal")
        .map((rs, ctx) -> Map.of("xact", rs.getLong("xact"), "walSync", rs.getLong("wal_sync"),
            "walBytes", rs.getLong("wal_bytes")))
        .one()));
    m.put("jvmTicks", ticks(ProcessHandle.current().pid()));
    long pg = ticks(postmaster);
    for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
      pg += ticks(child.pid());
    }
    m.put("pgTicks", pg);
    return m;
  }

  /** utime + stime of a process, in clock ticks (100 per second on Linux); 0 once it is gone. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Backends that exit during a level take their ticks with them, so PostgreSQL's share is a
   * lower bound; the pool keeps its connections for the whole run, so that is rare.
   */
  private static double cpuPercent(Map<String, Long> before, Map<String, Long> after, String key, double seconds) {
    return (after.get(key) - before.get(key)) / seconds; // ticks/s at 100 Hz = percent of one core
  }

  private static void report(String line) {
    System.out.println(line);
  }
}
