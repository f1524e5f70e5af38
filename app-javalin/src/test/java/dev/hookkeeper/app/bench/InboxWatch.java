package dev.hookkeeper.app.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;

/**
 * Watches the inbox of a {@link BenchTarget} from its database while a load runs: once a second the
 * backlog (deliveries stored, effects not committed yet) and the age of the oldest; at the end the
 * lag of every delivery that arrived in the window, {@code processed_at - received_at}
 * (processed_at is taken inside the effects' transaction, before its commit, so the true lag is up
 * to one commit longer; received_at is taken when the body has been read, before the append), as
 * p50 / p90 / p99 / max, and whether the backlog was empty again within the drain time. It also
 * notes every PostgreSQL checkpoint that completed meanwhile, with the time it started (from {@code
 * pg_control_checkpoint()}), so that a latency tail can be matched to checkpoints, and at the end
 * what the deliveries table has cost: rows inserted and updated (how many of the updates were HOT),
 * dead rows, autovacuums and the WAL written per inserted delivery.
 *
 * <pre>InboxWatch /tmp/hookkeeper-bench.properties 70 [drain-seconds]</pre>
 */
public final class InboxWatch {
  private static Timestamp lastCheckpoint; // the main thread's only

  private InboxWatch() {}

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      props.load(in);
    }
    int seconds = Integer.parseInt(args[1]);
    int drain = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Instant from = Instant.now();
    long maxPending = 0;
    try (Connection c = DriverManager.getConnection(props.getProperty("jdbc_url"))) {
      for (int t = 1; t <= seconds; t++) {
        Thread.sleep(1_000);
        long pending = backlog(c, t);
        maxPending = Math.max(maxPending, pending);
      }
      Instant to = Instant.now();
      long drainStart = System.nanoTime();
      long pending;
      while ((pending = backlog(c, -1)) > 0
          && System.nanoTime() - drainStart < drain * 1_000_000_000L) {
        Thread.sleep(1_000);
      }
      System.out.printf(
          "inbox: max backlog %d; %s%n",
          maxPending,
          pending == 0
              ? "empty " + (System.nanoTime() - drainStart) / 1_000_000 + " ms after the window"
              : pending + " still pending " + drain + " s after the window");
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*),"
                  + " percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.9) WITHIN GROUP (ORDER BY lag),"
                  + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag)"
                  + " FROM (SELECT extract(epoch FROM processed_at - received_at) * 1000 AS lag FROM deliveries"
                  + " WHERE signature_valid AND received_at >= ? AND received_at < ? AND processed_at IS NOT NULL) l")) {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          System.out.printf(
              "inbox lag (processed_at - received_at) over %d deliveries: p50 %.1f  p90 %.1f  p99 %.1f"
                  + "  max %.1f ms%n",
              rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
        }
      }
      // what a delivery costs the table: a settle that cannot be HOT writes every index again
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd,"
                      + " n_dead_tup, autovacuum_count, (SELECT wal_bytes FROM pg_stat_wal)"
                      + " FROM pg_stat_user_tables WHERE relname = 'deliveries'")) {
        rs.next();
        System.out.printf(
            "deliveries since the server started: inserted %d, updated %d (HOT %d), dead %d, autovacuums %d;"
                + " WAL %.0f MB in all (%.1f kB per inserted delivery)%n",
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5),
            rs.getDouble(6) / 1e6,
            rs.getDouble(6) / 1e3 / Math.max(1, rs.getLong(1)));
      }
    }
  }

  private static long backlog(Connection c, int second) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*),"
                    + " coalesce(extract(epoch FROM now() - min(received_at)) * 1000, 0),"
                    + " (SELECT checkpoint_time FROM pg_control_checkpoint()) FROM deliveries WHERE status = 'received'")) {
      rs.next();
      Timestamp checkpoint = rs.getTimestamp(3);
      String note = "";
      if (lastCheckpoint != null && !checkpoint.equals(lastCheckpoint)) {
        note = "  checkpoint completed, started " + checkpoint.toInstant();
      }
      lastCheckpoint = checkpoint;
      if (second > 0) {
        System.err.printf(
            "inbox t=%3ds %s pending %6d  oldest %8.0f ms%s%n",
            second,
            java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0),
            rs.getLong(1),
            rs.getDouble(2),
            note);
      }
      return rs.getLong(1);
    }
  }
}
