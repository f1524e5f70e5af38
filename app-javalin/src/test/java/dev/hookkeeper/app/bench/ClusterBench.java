package dev.hookkeeper.app.bench;

import dev.hookkeeper.app.cluster.Cluster;
import dev.hookkeeper.app.support.DemoPayloads;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestDatabase;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Several Hookkeeper instances, child processes started with the README's JVM options, on one
 * embedded PostgreSQL, with the simulated GitHub: the figures of "Several instances" in {@code
 * docs/performance.md}.
 *
 * <ul>
 *   <li>{@code sse}: two instances, one user's event stream open on each; alternating failed and
 *       successful runs of one repository sent to the first instance at a fixed rate (each delivery
 *       stores two notifications: the run's update and an incident opened or resolved). For every
 *       event: when it reached each stream, and how long after its delivery was due.
 *   <li>{@code throughput}: N instances, R repositories; closed-loop senders spread round-robin
 *       over instances and repositories, each delivery a new successful run. Acknowledged
 *       deliveries per second, then how long the processors take to apply them all.
 * </ul>
 *
 * <pre>
 * ClusterBench sse [seconds=30] [deliveries-per-second=250]
 * ClusterBench throughput INSTANCES REPOSITORIES [seconds=20] [connections=32]
 * </pre>
 *
 * <p>{@code -Dwarmup=SECONDS} (20) sets the warm-up of both: the same load, not measured. {@code
 * -DcpuPerInstance=CORES} (e.g. 0.25) gives each instance that much CPU for the measured window
 * (after the warm-up, so the JIT has compiled unhindered), through a cgroup of its own ({@link
 * CpuQuota}): each added instance then brings capacity of its own, as on hosts of their own,
 * instead of splitting the same cores.
 */
public final class ClusterBench {
  private static final String INGEST = "/api/v2/webhooks/github";
  private static final Duration SETTLE = Duration.ofSeconds(120);

  /**
   * Seconds of load before the measured window ({@code -Dwarmup=N}): each instance's JIT compiles
   * the hot paths meanwhile, and on shared cores it needs longer the more instances share them.
   */
  private static final int WARM_UP = Integer.getInteger("warmup", 20);

  /**
   * Cores each instance may use in the measured window ({@code -DcpuPerInstance}); none: no limit.
   */
  private static final String CPU_PER_INSTANCE = System.getProperty("cpuPerInstance");

  private static final int MAX_EXTRA_WARM_UP_SECONDS = 180;

  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("sse")) {
      sse(intArg(args, 1, 30), intArg(args, 2, 250));
    } else if (args.length >= 3 && args[0].equals("throughput")) {
      throughput(
          Integer.parseInt(args[1]),
          Integer.parseInt(args[2]),
          intArg(args, 3, 20),
          intArg(args, 4, 32));
    } else {
      System.err.println(
          "usage: ClusterBench sse [seconds] [rate] | throughput INSTANCES REPOSITORIES [seconds] [connections]");
      System.exit(2);
    }
    System.exit(0);
  }

  private static void sse(int seconds, int rate) throws Exception {
    try (Cluster cluster = new Cluster(2, ServerProcess.README_OPTIONS, url -> Map.of())) {
      cluster.adminRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID);
      cluster.startAll();
      ServerProcess a = cluster.server(0);
      ServerProcess b = cluster.server(1);
      String token = cluster.user(a, "alice");
      cluster.connect(a, token, TestApp.GH_REPO);
      GitHubSimulator.SimulatedHook hook = cluster.github.hooks(TestApp.GH_REPO).get(0);
      DemoPayloads payloads = new DemoPayloads();
      long firstRun = 800_000_000L + System.currentTimeMillis() / 1000 % 100_000 * 1_000;
      // the same load first, unwatched, so both JVMs have compiled the hot paths (see WARM_UP)
      long warmUpRuns =
          sendRuns(
              a,
              hook,
              payloads,
              firstRun,
              WARM_UP,
              rate,
              new ConcurrentHashMap<>(),
              new AtomicLong());
      drain(cluster);
      try (TimedEventStream onA = TimedEventStream.open(a.url(), token);
          TimedEventStream onB = TimedEventStream.open(b.url(), token)) {
        Map<Long, Long> dueAt = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        long start = System.nanoTime();
        sendRuns(a, hook, payloads, firstRun + warmUpRuns, seconds, rate, dueAt, refused);
        long sendSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        // the processors catch up with the backlog; the streams are complete once neither grows for
        // 3 s
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (int seen = -1; seen != onA.size() + onB.size() && System.nanoTime() < deadline; ) {
          seen = onA.size() + onB.size();
          TimeUnit.SECONDS.sleep(3);
        }
        report(seconds, rate, sendSeconds, refused.get(), onA, onB, dueAt);
      }
    }
  }

  /**
   * Alternating failed and successful runs of one repository sent to {@code to} at {@code rate} a
   * second for {@code seconds}, run ids from {@code firstRun}; when each was due goes to {@code
   * dueAt}. Returns how many were sent, once every one was answered.
   */
  private static long sendRuns(
      ServerProcess to,
      GitHubSimulator.SimulatedHook hook,
      DemoPayloads payloads,
      long firstRun,
      int seconds,
      int rate,
      Map<Long, Long> dueAt,
      AtomicLong refused)
      throws InterruptedException {
    Instant firstCreated = Instant.now().minus(Duration.ofDays(1));
    long total = (long) seconds * rate;
    ExecutorService senders = Executors.newFixedThreadPool(32);
    ThreadLocal<LoadConnection> connections =
        ThreadLocal.withInitial(() -> new LoadConnection(to.address(), 30_000));
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (long n = 0; n < total; n++) {
      long due = start + n * period;
      LockSupport.parkNanos(due - System.nanoTime());
      long runId = firstRun + n;
      String conclusion = n % 2 == 0 ? "failure" : "success";
      senders.execute(
          () -> {
            byte[] body =
                payloads.githubWorkflowRun(
                    TestApp.GH_REPO,
                    TestApp.GH_REPO_ID,
                    runId,
                    conclusion,
                    firstCreated.plusSeconds(runId - firstRun));
            dueAt.put(runId, due);
            try {
              int status = connections.get().exchange(signed(to.address(), hook, body));
              if (status / 100 != 2) refused.incrementAndGet();
            } catch (IOException e) {
              refused.incrementAndGet();
            }
          });
    }
    senders.shutdown();
    senders.awaitTermination(60, TimeUnit.SECONDS);
    return total;
  }

  private static void report(
      int seconds,
      int rate,
      long sendSeconds,
      long refused,
      TimedEventStream onA,
      TimedEventStream onB,
      Map<Long, Long> dueAt) {
    Histogram spread = histogram();
    Histogram toA = histogram();
    Histogram toB = histogram();
    long onlyA = 0;
    for (Map.Entry<Long, TimedEventStream.Arrival> e : onA.arrivals().entrySet()) {
      TimedEventStream.Arrival atB = onB.arrivals().get(e.getKey());
      if (atB == null) {
        onlyA++;
        continue;
      }
      spread.recordValue(Math.abs(atB.nanos() - e.getValue().nanos()));
    }
    long onlyB =
        onB.arrivals().keySet().stream().filter(id -> !onA.arrivals().containsKey(id)).count();
    record(onA, dueAt, toA);
    record(onB, dueAt, toB);
    System.out.printf(
        "cluster sse: 2 instances, %d deliveries/s for %d s to instance A (sending took %d s),"
            + " %d not acknowledged: %.0f events/s%n",
        rate, seconds, sendSeconds, refused, (double) Math.max(onA.size(), onB.size()) / seconds);
    System.out.printf(
        "  events seen: A %d, B %d; only on A %d, only on B %d; repeated ids: A %d, B %d%n",
        onA.size(), onB.size(), onlyA, onlyB, onA.repeats(), onB.repeats());
    printOnlyOn("A", onA, onB);
    printOnlyOn("B", onB, onA);
    print("  spread between the two streams (same event), ms", spread);
    print("  delivery due -> workflow_run.updated on A, ms", toA);
    print("  delivery due -> workflow_run.updated on B, ms", toB);
  }

  /**
   * The first few events one stream got and the other did not, with when (after that stream's first
   * event): telling a stream opened a moment later from an event lost on the way.
   */
  private static void printOnlyOn(String name, TimedEventStream on, TimedEventStream other) {
    long first =
        on.arrivals().values().stream().mapToLong(TimedEventStream.Arrival::nanos).min().orElse(0);
    on.arrivals().entrySet().stream()
        .filter(e -> !other.arrivals().containsKey(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .limit(5)
        .forEach(
            e ->
                System.out.printf(
                    "    only on %s: id %d, %s, %.0f ms after its first event%n",
                    name, e.getKey(), e.getValue().type(), (e.getValue().nanos() - first) / 1e6));
  }

  private static void record(TimedEventStream stream, Map<Long, Long> dueAt, Histogram into) {
    for (TimedEventStream.Arrival arrival : stream.arrivals().values()) {
      Long due = arrival.runId() == null ? null : dueAt.get(arrival.runId());
      if (due != null && "workflow_run.updated".equals(arrival.type()))
        into.recordValue(Math.max(0, arrival.nanos() - due));
    }
  }

  private static void throughput(int instances, int repositories, int seconds, int connections)
      throws Exception {
    try (CpuQuota quota = new CpuQuota();
        Cluster cluster = new Cluster(instances, ServerProcess.README_OPTIONS, url -> Map.of())) {
      List<String> repos = new ArrayList<>();
      for (int r = 0; r < repositories; r++) {
        String name = "bench/repo-" + r;
        cluster.adminRepository(name, 910_000L + r);
        repos.add(name);
      }
      cluster.startAll();
      String token = cluster.user(cluster.server(0), "alice");
      List<Template> templates = new ArrayList<>();
      DemoPayloads payloads = new DemoPayloads();
      for (int r = 0; r < repositories; r++) {
        cluster.connect(cluster.server(0), token, repos.get(r));
        templates.add(
            new Template(
                cluster.github.hooks(repos.get(r)).get(0),
                payloads.githubWorkflowRun(
                    repos.get(r),
                    910_000L + r,
                    Template.MARK,
                    "success",
                    Instant.now().minus(Duration.ofDays(1)))));
      }
      AtomicLong runIds = new AtomicLong(100_000_000_000L);
      // a warm-up at the same load, left out: every instance's JIT compiles the hot paths first
      closedLoop(cluster, instances, templates, connections, WARM_UP, runIds, false);
      warmUntilCompiled(cluster, instances, templates, connections, runIds);
      drain(cluster);
      if (CPU_PER_INSTANCE != null) {
        for (int i = 0; i < instances; i++)
          quota.limit(cluster.server(i).pid(), Double.parseDouble(CPU_PER_INSTANCE));
      }
      long postmaster = TestDatabase.postmasterPid();
      double serversBefore = serversCpu(cluster, instances);
      double postgresBefore = CpuTime.ofPostgres(postmaster);
      long transactionsBefore = transactions(cluster);
      long start = System.nanoTime();
      Load load = closedLoop(cluster, instances, templates, connections, seconds, runIds, true);
      drain(cluster);
      double drainedSeconds = (System.nanoTime() - start) / 1e9;
      double serversMillis = serversCpu(cluster, instances) - serversBefore;
      double postgresMillis = CpuTime.ofPostgres(postmaster) - postgresBefore;
      long transactions = transactions(cluster) - transactionsBefore;
      System.out.printf(
          "cluster throughput: %d instance(s)%s, %d repositor%s, %d connections, %d s after %d s of warm-up:"
              + " acknowledged %d (%.0f/s), refused %d; all processed %.1f s after the start (%.0f/s)%n",
          instances,
          CPU_PER_INSTANCE == null ? "" : " of " + CPU_PER_INSTANCE + " core each",
          repositories,
          repositories == 1 ? "y" : "ies",
          connections,
          seconds,
          WARM_UP,
          load.acknowledged(),
          load.acknowledged() / load.seconds(),
          load.refused(),
          drainedSeconds,
          load.acknowledged() / drainedSeconds);
      System.out.printf(
          "  per delivery (acknowledged and processed): CPU of the servers %.2f ms, of PostgreSQL %.2f ms;"
              + " %.2f database transactions; sessions waiting on a lock: %d of %d sampled active%n",
          serversMillis / load.acknowledged(),
          postgresMillis / load.acknowledged(),
          (double) transactions / load.acknowledged(),
          load.lockWaits(),
          load.activeSessions());
    }
  }

  /**
   * More warm-up, 10 s at a time, until the JIT compiler threads of the instances spend under 5 %
   * of the instances' CPU (at most {@link #MAX_EXTRA_WARM_UP_SECONDS} more): several JVMs on shared
   * cores each compile the same code with a share of the load, so a fixed warm-up leaves them
   * compiling in the window, and the window would measure compilers rather than instances.
   */
  private static void warmUntilCompiled(
      Cluster cluster, int instances, List<Template> templates, int connections, AtomicLong runIds)
      throws InterruptedException {
    for (int extra = 0; extra < MAX_EXTRA_WARM_UP_SECONDS; extra += 10) {
      double compilingBefore = compilersCpu(cluster, instances);
      double allBefore = serversCpu(cluster, instances);
      closedLoop(cluster, instances, templates, connections, 10, runIds, false);
      double share =
          (compilersCpu(cluster, instances) - compilingBefore)
              / Math.max(1, serversCpu(cluster, instances) - allBefore);
      System.out.printf(
          "  warm-up +%d s: compiler threads %.0f %% of the servers' CPU%n",
          extra + 10, 100 * share);
      if (share < 0.05) return;
    }
  }

  /** What a closed-loop run did; lock waits sampled from pg_stat_activity 4 times a second. */
  private record Load(
      long acknowledged, long refused, double seconds, long lockWaits, long activeSessions) {}

  /**
   * Closed loop: each connection sends a new delivery as soon as the last one was answered,
   * connections spread round-robin over the instances and the repositories.
   */
  private static Load closedLoop(
      Cluster cluster,
      int instances,
      List<Template> templates,
      int connections,
      int seconds,
      AtomicLong runIds,
      boolean report)
      throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      InetSocketAddress target = cluster.server(c % instances).address();
      Template template = templates.get(c % templates.size());
      Thread t =
          new Thread(
              () -> {
                try (LoadConnection connection = new LoadConnection(target, 30_000)) {
                  while (running.get()) {
                    try {
                      int status =
                          connection.exchange(template.request(target, runIds.incrementAndGet()));
                      (status / 100 == 2 ? acknowledged : refused).incrementAndGet();
                    } catch (IOException e) {
                      refused.incrementAndGet();
                    }
                  }
                }
              },
              "cluster-bench-" + c);
      t.start();
      threads.add(t);
    }
    long lockWaits = 0;
    long samples = 0;
    Map<String, Long> waitsByEvent = new TreeMap<>();
    Map<String, Long> activeByStatement = new TreeMap<>();
    long start = System.nanoTime();
    for (int s = 0; s < seconds * 4; s++) {
      TimeUnit.MILLISECONDS.sleep(250);
      for (List<String> row :
          cluster.rows(
              "SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU'),"
                  + " regexp_replace(left(query, 48), '\\s+', ' ', 'g')"
                  + " FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
                  + " AND backend_type = 'client backend'")) {
        samples++;
        if (row.get(0).startsWith("Lock:")) lockWaits++;
        waitsByEvent.merge(row.get(0), 1L, Long::sum);
        activeByStatement.merge(row.get(1), 1L, Long::sum);
      }
    }
    running.set(false);
    for (Thread t : threads) t.join(60_000);
    if (report) {
      printTop("  active sessions by wait event", waitsByEvent, samples);
      printTop("  active sessions by statement", activeByStatement, samples);
    }
    return new Load(
        acknowledged.get(), refused.get(), (System.nanoTime() - start) / 1e9, lockWaits, samples);
  }

  /** The most frequent keys of a sample, with their share. */
  private static void printTop(String title, Map<String, Long> counts, long samples) {
    System.out.println(title + " (" + samples + " samples, 4 a second):");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .forEach(
            e ->
                System.out.printf(
                    "    %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }

  /** Transactions committed and rolled back in the benchmark's database so far. */
  private static long transactions(Cluster cluster) {
    return cluster.count(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
  }

  /** Waits (at most 5 minutes) until the processors have applied every stored delivery. */
  private static void drain(Cluster cluster) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (cluster.count("SELECT count(*) FROM deliveries WHERE status = 'received'") > 0
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static double compilersCpu(Cluster cluster, int instances) {
    double millis = 0;
    for (int i = 0; i < instances; i++)
      millis += CpuTime.ofThreads(cluster.server(i).pid(), "CompilerThre");
    return millis;
  }

  private static double serversCpu(Cluster cluster, int instances) {
    double millis = 0;
    for (int i = 0; i < instances; i++) millis += CpuTime.ofProcess(cluster.server(i).pid());
    return millis;
  }

  /** A delivery's bytes, signed for {@code hook}, as {@link SignedDelivery} builds them. */
  private static byte[] signed(
      InetSocketAddress to, GitHubSimulator.SimulatedHook hook, byte[] body) {
    return new SignedDelivery(
            to.getHostString() + ":" + to.getPort(),
            INGEST,
            Long.toString(hook.id()),
            "workflow_run",
            body,
            hook.secret())
        .request();
  }

  /**
   * One repository's payload with a run id to rewrite per request (every occurrence, same length).
   */
  private record Template(GitHubSimulator.SimulatedHook hook, byte[] body) {
    static final long MARK = 987_654_321_098L;

    byte[] request(InetSocketAddress to, long runId) {
      byte[] b = body.clone();
      byte[] mark = Long.toString(MARK).getBytes(StandardCharsets.US_ASCII);
      byte[] id = String.format("%012d", runId).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i <= b.length - mark.length; i++) {
        if (b[i] == mark[0] && matches(b, i, mark)) System.arraycopy(id, 0, b, i, id.length);
      }
      return signed(to, hook, b);
    }

    private static boolean matches(byte[] b, int at, byte[] what) {
      for (int j = 0; j < what.length; j++) if (b[at + j] != what[j]) return false;
      return true;
    }
  }

  private static Histogram histogram() {
    return new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
  }

  private static void print(String what, Histogram h) {
    System.out.printf(
        "%s: n %d  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
        what,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(90) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6);
  }

  private static int intArg(String[] args, int at, int otherwise) {
    return args.length > at ? Integer.parseInt(args[at]) : otherwise;
  }
}
