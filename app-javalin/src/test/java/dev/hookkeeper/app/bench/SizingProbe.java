package dev.hookkeeper.app.bench;

import dev.hookkeeper.app.cluster.Cluster;
import dev.hookkeeper.app.support.DemoPayloads;
import dev.hookkeeper.app.support.ServerProcess;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sizing inputs of {@code docs/performance.md}: one instance, a child process started with the
 * README's JVM options, on embedded PostgreSQL.
 *
 * <ul>
 *   <li>{@code streams N}: resident memory and heap (after a full GC) of the server with 0 and N
 *       open live event streams (raw sockets that send the request and read the response head).
 *   <li>{@code storage N}: N deliveries of one repository (a new run each, every fifth failed),
 *       then the database's size per table, with bodies and after the retention job's body purge,
 *       scaled to a million deliveries.
 * </ul>
 *
 * <pre>SizingProbe streams 1000 | SizingProbe storage 20000</pre>
 */
public final class SizingProbe {
  private SizingProbe() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[1]);
    try (Cluster cluster = new Cluster(1, ServerProcess.README_OPTIONS, url -> Map.of())) {
      cluster.adminRepository(TestApp.GH_REPO, TestApp.GH_REPO_ID);
      cluster.startAll();
      ServerProcess server = cluster.server(0);
      String token = cluster.user(server, "alice");
      cluster.connect(server, token, TestApp.GH_REPO);
      if (args[0].equals("streams")) {
        streams(server, token, n);
      } else if (args[0].equals("storage")) {
        storage(cluster, server, n);
      } else {
        throw new IllegalArgumentException("streams N | storage N");
      }
    }
    System.exit(0);
  }

  private static void streams(ServerProcess server, String token, int n) throws Exception {
    long pid = server.handle().pid();
    Memory idle = Memory.of(pid);
    List<Socket> open = new ArrayList<>(n);
    byte[] request =
        ("GET /api/v2/events HTTP/1.1\r\nHost: "
                + server.address().getHostString()
                + "\r\n"
                + "Accept: text/event-stream\r\nAuthorization: Bearer "
                + token
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try {
      for (int i = 0; i < n; i++) open.add(openStream(server.address(), request));
      TimeUnit.SECONDS.sleep(5);
      Memory held = Memory.of(pid);
      System.out.printf(
          "live streams: 0 -> %d open: RSS %d -> %d MiB (%.1f MiB per 1 000);"
              + " heap after full GC %d -> %d MiB (%.1f MiB per 1 000); threads %d -> %d%n",
          n,
          idle.rssMiB(),
          held.rssMiB(),
          (held.rssMiB() - idle.rssMiB()) * 1000.0 / n,
          idle.heapMiB(),
          held.heapMiB(),
          (held.heapMiB() - idle.heapMiB()) * 1000.0 / n,
          idle.threads(),
          held.threads());
    } finally {
      for (Socket s : open) s.close();
    }
  }

  private static Socket openStream(InetSocketAddress address, byte[] request) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 10_000);
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(request);
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("stream closed before its head: " + head);
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 200"))
      throw new IOException("stream refused: " + head);
    return socket;
  }

  private static void storage(Cluster cluster, ServerProcess server, int n) throws Exception {
    GitHubSimulator.SimulatedHook hook = cluster.github.hooks(TestApp.GH_REPO).get(0);
    List<String> tables =
        List.of(
            "deliveries",
            "workflow_runs",
            "incidents",
            "incident_occurrences",
            "incident_groups",
            "notifications");
    cluster.execute("CHECKPOINT");
    long before = cluster.count("SELECT pg_database_size(current_database())");
    DemoPayloads payloads = new DemoPayloads();
    Instant first = Instant.now().minus(Duration.ofDays(30));
    AtomicLong next = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread sender =
          new Thread(
              () -> {
                try (LoadConnection connection = new LoadConnection(server.address(), 30_000)) {
                  for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    byte[] body =
                        payloads.githubWorkflowRun(
                            TestApp.GH_REPO,
                            TestApp.GH_REPO_ID,
                            600_000_000L + i,
                            i % 5 == 0 ? "failure" : "success",
                            first.plusSeconds(i * 60));
                    byte[] request =
                        new SignedDelivery(
                                server.address().getHostString() + ":" + server.address().getPort(),
                                "/api/v2/webhooks/github",
                                Long.toString(hook.id()),
                                "workflow_run",
                                body,
                                hook.secret())
                            .request();
                    try {
                      if (connection.exchange(request) / 100 != 2) refused.incrementAndGet();
                    } catch (IOException e) {
                      refused.incrementAndGet();
                    }
                  }
                }
              },
              "sizing-sender-" + t);
      sender.start();
      senders.add(sender);
    }
    for (Thread t : senders) t.join();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (cluster.count("SELECT count(*) FROM deliveries WHERE status = 'received'") > 0
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500);
    }
    long stored = cluster.count("SELECT count(*) FROM deliveries WHERE signature_valid");
    long bodies = cluster.count("SELECT coalesce(sum(pg_column_size(body)), 0) FROM deliveries");
    long rawBodies = cluster.count("SELECT coalesce(sum(body_size), 0) FROM deliveries");
    cluster.execute("VACUUM ANALYZE");
    cluster.execute("CHECKPOINT");
    long withBodies = cluster.count("SELECT pg_database_size(current_database())") - before;
    String perTable = perTable(cluster, tables, stored);
    // the retention job's body purge, then a VACUUM FULL to see the space the rows themselves keep
    cluster.execute("UPDATE deliveries SET body = NULL");
    cluster.execute("VACUUM FULL");
    cluster.execute("CHECKPOINT");
    long withoutBodies = cluster.count("SELECT pg_database_size(current_database())") - before;
    String perTableWithout = perTable(cluster, tables, stored);
    System.out.printf(
        "storage: %d deliveries stored (%d refused), raw bodies %.1f kB each, %.1f kB each as stored%n",
        stored, refused.get(), rawBodies / 1024.0 / stored, bodies / 1024.0 / stored);
    System.out.printf(
        "  database growth per million deliveries: with bodies %.1f GiB, bodies purged %.2f GiB%n",
        withBodies * (1_000_000.0 / stored) / (1L << 30),
        withoutBodies * (1_000_000.0 / stored) / (1L << 30));
    System.out.printf("  per table, MiB per million deliveries, with bodies: %s%n", perTable);
    System.out.printf(
        "  per table, MiB per million deliveries, bodies purged (after VACUUM FULL): %s%n",
        perTableWithout);
  }

  private static String perTable(Cluster cluster, List<String> tables, long stored) {
    StringBuilder sb = new StringBuilder();
    for (String table : tables) {
      long bytes =
          cluster.count("SELECT coalesce(pg_total_relation_size(to_regclass('" + table + "')), 0)");
      if (sb.length() > 0) sb.append(", ");
      sb.append(table).append(' ').append(Math.round(bytes * (1_000_000.0 / stored) / (1 << 20)));
    }
    return sb.toString();
  }

  /** A process's resident set and live heap, read from {@code /proc} and {@code jcmd}. */
  private record Memory(long rssMiB, long heapMiB, long threads) {
    static Memory of(long pid) throws IOException, InterruptedException {
      jcmd(pid, "GC.run");
      String heap = jcmd(pid, "GC.heap_info");
      long usedKiB = 0;
      for (String line : heap.split("\n")) {
        int at = line.indexOf(" used ");
        // ParallelGC: "PSYoungGen total 1234K, used 567K" and "ParOldGen total …, used …K"
        if (at > 0 && (line.contains("PSYoungGen") || line.contains("ParOldGen"))) {
          String used = line.substring(at + 6).trim();
          usedKiB += Long.parseLong(used.substring(0, used.indexOf('K')));
        }
      }
      long rssKiB = 0;
      long threads = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) rssKiB = Long.parseLong(line.replaceAll("[^0-9]", ""));
        if (line.startsWith("Threads:")) threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
      return new Memory(rssKiB / 1024, usedKiB / 1024, threads);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
        throw new IOException("jcmd " + command + ": " + out);
      return out;
    }
  }
}
