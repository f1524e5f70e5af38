package dev.hookkeeper.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 started from the application's own jar (io.zonky binaries), the default when
 * no database is configured, so a newcomer installs nothing. Its data directory is kept between
 * runs, and beside it (for a data directory {@code X}): {@code X.password}, the superuser's
 * generated password (mode 600), and {@code X.lock}, held while a server runs on {@code X}. The
 * binaries are unpacked where only this user can reach them ({@link UnpackedBinaries}).
 *
 * <p>Nobody else on the machine gets in: SCRAM password logins over 127.0.0.1 only ({@link
 * PasswordAuthentication}, enforced at every start, so clusters of earlier versions that trusted
 * every local connection are locked down on upgrade). A PostgreSQL left running by a server killed
 * with SIGKILL is stopped by the next start ({@link StalePostmaster}) and, before that, by the
 * {@link PostmasterWatchdog}. Durability is not traded for speed: zonky starts PostgreSQL with
 * {@code -F} (fsync off) and {@code synchronous_commit=off}, and both are switched back on here,
 * because a 2xx to a provider promises the delivery is on disk.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One start at a time per JVM: {@link UnpackedBinaries} records what the current start unpacks.
   */
  private static final Object STARTING = new Object();

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final String password;
  private final DataDirectoryLock lock;
  private final PostmasterWatchdog watchdog;

  private EmbeddedPostgresServer(
      EmbeddedPostgres postgres,
      Path dataDirectory,
      String password,
      DataDirectoryLock lock,
      PostmasterWatchdog watchdog) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.password = password;
    this.lock = lock;
    this.watchdog = watchdog;
  }

  /** Starts on a free port. */
  public static EmbeddedPostgresServer start(Path dataDirectory) {
    return start(dataDirectory, 0);
  }

  /**
   * Starts PostgreSQL on {@code dataDirectory}, creating the cluster only if the directory holds
   * none yet.
   *
   * @param port the TCP port on 127.0.0.1; 0 picks a free one
   * @throws IllegalStateException if another server runs on the directory
   * @throws SecretFileException if the password file is unreadable or empty
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    Objects.requireNonNull(dataDirectory, "dataDirectory == null");
    if (port < 0 || port > 65535)
      throw new IllegalArgumentException("'port' must be between 0 and 65535");
    Path dir = dataDirectory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir.getParent(), e);
    }
    DataDirectoryLock lock = DataDirectoryLock.acquire(sibling(dir, ".lock"), dir);
    try {
      StalePostmaster.stopIfRunning(dir);
      String password = password(dir);
      EmbeddedPostgres postgres = startPostgres(dir, port, password);
      PostmasterWatchdog watchdog;
      try {
        watchdog = PostmasterWatchdog.start(dir, postmasterPid(dir));
      } catch (RuntimeException e) {
        stopQuietly(postgres);
        throw e;
      }
      LOG.info("embedded PostgreSQL started port={} dataDirectory={}", postgres.getPort(), dir);
      return new EmbeddedPostgresServer(postgres, dir, password, lock, watchdog);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The JDBC URL of the PostgreSQL a running server started on {@code dataDirectory}, for a command
   * that must use the database while the server holds it (its {@code postmaster.pid} names the
   * port, the password file the password); empty when no PostgreSQL runs there.
   */
  public static Optional<String> runningJdbcUrl(Path dataDirectory) {
    Path dir = dataDirectory.toAbsolutePath().normalize();
    List<String> lines;
    try {
      lines = Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    // postmaster.pid: pid, data directory, start time, port, ... (PostgreSQL's documented layout)
    if (lines.size() < 4) return Optional.empty();
    long pid;
    int port;
    try {
      pid = Long.parseLong(lines.get(0).strip());
      port = Integer.parseInt(lines.get(3).strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (Processes.running(pid).isEmpty()) return Optional.empty();
    SecretFile password = new SecretFile(passwordFile(dir));
    if (!password.exists()) return Optional.empty();
    return Optional.of(
        "jdbc:postgresql://127.0.0.1:"
            + port
            + "/postgres?user="
            + PasswordAuthentication.SUPERUSER
            + "&password="
            + password.read());
  }

  /** The file holding the superuser's password of the cluster in {@code dataDirectory}. */
  public static Path passwordFile(Path dataDirectory) {
    return sibling(dataDirectory.toAbsolutePath().normalize(), ".password");
  }

  private static EmbeddedPostgres startPostgres(Path dir, int port, String password) {
    synchronized (STARTING) {
      UnpackedBinaries.INSTANCE.discardUnfinished();
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(UnpackedBinaries.INSTANCE.workingDirectory().toFile())
              .setPgBinaryResolver(UnpackedBinaries.INSTANCE)
              // the owner of this object stops PostgreSQL: zonky's own hook would stop it at JVM
              // exit in parallel with the server's graceful stop, under its in-flight requests
              .setRegisterShutdownHook(false)
              // runs after initdb, before every start of the postmaster
              .setDataDirectoryCustomizer(
                  d ->
                      PasswordAuthentication.enforce(
                          d.toPath(), password, UnpackedBinaries.INSTANCE))
              .setConnectConfig("password", password)
              .setPGStartupWait(Duration.ofSeconds(30))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("unix_socket_directories", "")
              .setServerConfig("password_encryption", "scram-sha-256")
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("max_connections", "200")
              // ingest writes ~25 kB of WAL per delivery; see docs/persistence.md, "Embedded server
              // settings"
              .setServerConfig("max_wal_size", "4GB")
              .setServerConfig("wal_buffers", "16MB")
              .setServerConfig("bgwriter_lru_maxpages", "1000")
              .setServerConfig("bgwriter_delay", "50ms");
      if (port != 0) builder.setPort(port);
      try {
        return builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL in " + dir, e);
      }
    }
  }

  /** The password from its file, generated into it (mode 600, atomically) on first use. */
  private static String password(Path dir) {
    SecretFile file = new SecretFile(passwordFile(dir));
    if (!file.exists()) {
      byte[] raw = new byte[32];
      RANDOM.nextBytes(raw);
      // URL-safe: it travels as a JDBC URL parameter
      file.createIfAbsent(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    }
    String password = file.read();
    if (!password.matches("[A-Za-z0-9_-]{16,}")) {
      throw new SecretFileException(
          file.path()
              + " does not hold a generated password: delete it and start"
              + " again (a new one is generated and set)");
    }
    return password;
  }

  private static long postmasterPid(Path dir) {
    try {
      return Long.parseLong(
          Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "PostgreSQL started but its postmaster.pid is unreadable in " + dir, e);
    }
  }

  private static void stopQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("could not stop embedded PostgreSQL after a failed start: {}", e.toString());
    }
  }

  private static Path sibling(Path dir, String suffix) {
    return dir.resolveSibling(dir.getFileName() + suffix);
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** A JDBC URL for {@code database} as the superuser, password included (127.0.0.1 only). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + port()
        + "/"
        + database
        + "?user="
        + PasswordAuthentication.SUPERUSER
        + "&password="
        + password;
  }

  /** The JDBC URL of the default {@code postgres} database. */
  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** Stops the server (fast shutdown: open transactions roll back, committed data stays). */
  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded PostgreSQL stopped dataDirectory={}", dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop embedded PostgreSQL in " + dataDirectory, e);
    } finally {
      watchdog.close();
      lock.close();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresServer[" + dataDirectory + ", port " + port() + "]";
  }
}
