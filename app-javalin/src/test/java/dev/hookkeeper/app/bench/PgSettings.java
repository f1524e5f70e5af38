package dev.hookkeeper.app.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Changes PostgreSQL settings of a running {@link BenchTarget}'s database for an experiment ({@code
 * ALTER SYSTEM}, then a reload), and prints what is in force. Only settings a reload applies take
 * effect (e.g. {@code wal_compression}, {@code checkpoint_completion_target}, {@code
 * max_wal_size}).
 *
 * <pre>
 * PgSettings /tmp/hookkeeper-bench.properties wal_compression=on checkpoint_completion_target=0.9
 * </pre>
 */
public final class PgSettings {
  private static final Pattern SETTING = Pattern.compile("[a-z_]+=[A-Za-z0-9._]+");

  private PgSettings() {}

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      props.load(in);
    }
    try (Connection c = DriverManager.getConnection(props.getProperty("jdbc_url"));
        Statement s = c.createStatement()) {
      for (int i = 1; i < args.length; i++) {
        if (!SETTING.matcher(args[i]).matches())
          throw new IllegalArgumentException("name=value expected: " + args[i]);
        String[] kv = args[i].split("=", 2);
        s.execute("ALTER SYSTEM SET " + kv[0] + " = '" + kv[1] + "'");
      }
      s.execute("SELECT pg_reload_conf()");
      Thread.sleep(500);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT name, setting, unit FROM pg_settings WHERE name IN"
                  + " ('wal_compression', 'checkpoint_completion_target', 'max_wal_size', 'checkpoint_timeout',"
                  + " 'wal_buffers', 'bgwriter_lru_maxpages', 'bgwriter_delay', 'full_page_writes', 'synchronous_commit')"
                  + " ORDER BY name")) {
        StringBuilder line = new StringBuilder("postgres settings:");
        while (rs.next()) {
          line.append(' ')
              .append(rs.getString(1))
              .append('=')
              .append(rs.getString(2))
              .append(rs.getString(3) == null ? "" : rs.getString(3));
        }
        System.out.println(line);
      }
    }
  }
}
