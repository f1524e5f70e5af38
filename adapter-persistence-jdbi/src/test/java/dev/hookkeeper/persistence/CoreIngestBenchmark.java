package dev.hookkeeper.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.ingest.IngestSettings;
import dev.hookkeeper.core.ingest.ProcessingSettings;
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
 * Throughput and latency of the REAL core ingest ({@code Hookkeeper.ingestDelivery()}: header
 * checks, hook lookup, HMAC verification over the 22 kB body, group-committed inbox append) and of
 * the processors applying the effects behind it (streaming decode, runs, incidents, notifications),
 * on the JDBI stores and embedded PostgreSQL 17 with fsync and synchronous_commit on. Not a test:
 * run by hand with the command in docs/performance.md. Each caller thread sends deliveries back to
 * back (closed loop) and records each call's latency.
 *
 * <p>Arguments: seconds per level (at most 15), then caller counts (default 1 8 64). Properties:
 * {@code -Dworkload=failing} (default: every delivery a new failing run on a branch of its own, so
 * an incident opened and two notifications each), {@code -Dworkload=failing-same-branch} (new
 * failing runs on one branch: each adds an occurrence to the repository's one open incident) or
 * {@code -Dworkload=same} (the issue-7 shape: the same completed payload under a new delivery id
 * each time; after the first the run upsert is stale), {@code -Drepos=N} repositories the callers
 * spread over (default 8 for failing, 1 for same), {@code -Dwriters=N}, {@code -DmaxBatch=N}
 * (IngestSettings), {@code -Dprocessors=N}, {@code -DprocessBatch=N} (ProcessingSettings), {@code
 * -Dpool=N} connections, {@code -Dstorage=extended} (pglz-compressed bodies instead of V12's
 * EXTERNAL). Besides acknowledged deliveries/s and their p50/p99 it prints, per level, the inbox
 * backlog when the level ends and the inbox lag (effects committed minus arrival) of its
 * deliveries, transactions and WAL flushes per second (pg_stat_database, pg_stat_wal) and the CPU
 * the JVM and the PostgreSQL processes used (/proc).
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
    IngestSettings settings =
        IngestSettings.DEFAULTS
            .withAppendWriters(
                Integer.getInteger("writers", IngestSettings.DEFAULTS.appendWriters()))
            .withMaxBatch(Integer.getInteger("maxBatch", IngestSettings.DEFAULTS.maxBatch()));
    ProcessingSettings processing =
        ProcessingSettings.DEFAULTS
            .withProcessors(
                Integer.getInteger("processors", ProcessingSettings.DEFAULTS.processors()))
            .withBatch(Integer.getInteger("processBatch", ProcessingSettings.DEFAULTS.batch()));
    byte[] fixture = IngestRig.fixture();

    try (HikariDataSource template = TestPostgres.migratedDatabase();
        HikariDataSource pool =
            PostgresDataSource.create(
                template.getJdbcUrl(),
                PoolSettings.DEFAULTS.withMaxPoolSize(
                    Integer.getInteger("pool", PoolSettings.DEFAULTS.maxPoolSize())));
        IngestRig rig = new IngestRig(pool, settings, processing, repos, n -> {})) {
      Jdbi stats = Jdbi.create(template);
      // -Dstorage=extended: the column default (pglz compression) instead of migration V12's
      // EXTERNAL
      String storage = System.getProperty("storage", "external").toUpperCase(java.util.Locale.ROOT);
      stats.useHandle(
          h -> h.execute("ALTER TABLE deliveries ALTER COLUMN body SET STORAGE " + storage));
      long postmaster = TestPostgres.postmasterPid();
      report(
          String.format(
              "workload=%s body=%d bytes storage="
                  + storage
                  + " repos=%d writers=%d maxBatch=%d processors="
                  + processing.processors()
                  + " pool=%d cpus=%d",
              !failing
                  ? "same (issue-7 shape, stale run after the first)"
                  : ownBranch
                      ? "failing (new failing run on its own branch: incident opened each)"
                      : "failing-same-branch (new failing run, one growing incident per repository)",
              fixture.length,
              repos,
              settings.appendWriters(),
              settings.maxBatch(),
              pool.getMaximumPoolSize(),
              Runtime.getRuntime().availableProcessors()));
      AtomicLong sequence = new AtomicLong();
      // the JIT compiles the hot path first (measured: the first level ran ~30% slower without
      // this)
      run(
          rig,
          fixture,
          failing,
          ownBranch,
          levels.stream().max(Integer::compare).orElseThrow(),
          8,
          sequence);
      for (int callers : levels) {
        run(rig, fixture, failing, ownBranch, callers, 3, sequence); // warm-up
        rig.awaitProcessed(java.time.Duration.ofMinutes(5));
        Map<String, Long> before = counters(stats, postmaster);
        java.time.Instant levelStart = java.time.Instant.now();
        Result r = run(rig, fixture, failing, ownBranch, callers, seconds, sequence);
        long backlogAtEnd = rig.stores.inbox().backlog().pending();
        Map<String, Long> after = counters(stats, postmaster);
        double elapsed = r.seconds;
        rig.awaitProcessed(java.time.Duration.ofMinutes(5));
        double[] lag = lagMillis(stats, levelStart);
        report(
            String.format(
                "callers=%-3d acked/s=%6.0f p50=%6.2f ms p99=%6.2f ms errors=%d | backlog at end=%d, inbox lag p50=%.0f"
                    + " p99=%.0f ms | tx/s=%5.0f wal_flush/s=%5.0f"
                    + " wal_MB/s=%5.1f | cpu%% jvm=%3.0f postgres=%3.0f (of %d00)",
                callers,
                r.ok / elapsed,
                r.p50Millis,
                r.p99Millis,
                r.errors,
                backlogAtEnd,
                lag[0],
                lag[1],
                (after.get("xact") - before.get("xact")) / elapsed,
                (after.get("walSync") - before.get("walSync")) / elapsed,
                (after.get("walBytes") - before.get("walBytes")) / elapsed / 1e6,
                cpuPercent(before, after, "jvmTicks", elapsed),
                cpuPercent(before, after, "pgTicks", elapsed),
                Runtime.getRuntime().availableProcessors()));
      }
    }
  }

  private record Result(long ok, long errors, double seconds, double p50Millis, double p99Millis) {}

  private static Result run(
      IngestRig rig,
      byte[] fixture,
      boolean failing,
      boolean ownBranch,
      int callers,
      int seconds,
      AtomicLong sequence)
      throws InterruptedException {
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
      Thread t =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    long id = sequence.incrementAndGet();
                    byte[] body =
                        !failing ? fixture : failingRuns.body(100_000_000L + id, ownBranch);
                    long t0 = System.nanoTime();
                    try {
                      IngestResult result = rig.deliver(target, "bench-" + id, body);
                      if (result instanceof IngestResult.Accepted) ok.incrementAndGet();
                      else errors.incrementAndGet();
                    } catch (RuntimeException e) {
                      errors.incrementAndGet();
                    }
                    if (n[0] < mine.length) mine[n[0]++] = System.nanoTime() - t0;
                  }
                } finally {
                  done.countDown();
                }
              },
              "bench-caller-" + c);
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
    return new Result(
        ok.get(), errors.get(), elapsed, percentile(all, 0.50), percentile(all, 0.99));
  }

  /**
   * Inbox lag (effects committed minus arrival) of the deliveries received since {@code from}: p50,
   * p99.
   */
  private static double[] lagMillis(Jdbi stats, java.time.Instant from) {
    return stats.withHandle(
        h ->
            h.createQuery(
                    "SELECT"
                        + " coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)), 0) AS p50,"
                        + " coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)), 0) AS p99"
                        + " FROM deliveries WHERE signature_valid AND received_at >= :from")
                .bind("from", java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC))
                .map(
                    (rs, ctx) ->
                        new double[] {rs.getDouble("p50") * 1000, rs.getDouble("p99") * 1000})
                .one());
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  /** Commits, WAL flushes and bytes from PostgreSQL's statistics; CPU ticks from /proc. */
  private static Map<String, Long> counters(Jdbi stats, long postmaster) throws IOException {
    Map<String, Long> m =
        new java.util.HashMap<>(
            stats.withHandle(
                h ->
                    h.createQuery(
                            "SELECT (SELECT sum(xact_commit) FROM pg_stat_database)::bigint AS xact,"
                                + " wal_sync AS wal_sync, wal_bytes::bigint AS wal_bytes FROM pg_stat_wal")
                        .map(
                            (rs, ctx) ->
                                Map.of(
                                    "xact",
                                    rs.getLong("xact"),
                                    "walSync",
                                    rs.getLong("wal_sync"),
                                    "walBytes",
                                    rs.getLong("wal_bytes")))
                        .one()));
    m.put("jvmTicks", ticks(ProcessHandle.current().pid()));
    long pg = ticks(postmaster);
    for (ProcessHandle child :
        ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
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
   * Backends that exit during a level take their ticks with them, so PostgreSQL's share is a lower
   * bound; the pool keeps its connections for the whole run, so that is rare.
   */
  private static double cpuPercent(
      Map<String, Long> before, Map<String, Long> after, String key, double seconds) {
    return (after.get(key) - before.get(key)) / seconds; // ticks/s at 100 Hz = percent of one core
  }

  private static void report(String line) {
    System.out.println(line);
  }
}
