package dev.hookkeeper.app.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's {@code pgbouncer}, which {@code .ci/run} installs) in transaction
 * mode in front of the test PostgreSQL, started for one test and stopped after it.
 */
final class PgBouncer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private PgBouncer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * @param jdbcUrl the database behind it, {@code jdbc:postgresql://host:port/db?user=…&password=…}
   */
  static PgBouncer transactionMode(String jdbcUrl, int listenPort) throws IOException, InterruptedException {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String user = param(uri.getQuery(), "user");
    String password = param(uri.getQuery(), "password");
    Path dir = Files.createTempDirectory("pgbouncer-test");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path users = dir.resolve("userlist.txt");
    Files.writeString(users, "\"" + user + "\" \"" + password + "\"\n");
    Path ini = dir.resolve("pgbouncer.ini");
    Files.writeString(ini, String.join("\n",
        "[databases]",
        "* = host=" + uri.getHost() + " port=" + uri.getPort(),
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        "listen_port = " + listenPort,
        "unix_socket_dir =",
        "auth_type = scram-sha-256",
        "auth_file = " + users,
        "pool_mode = transaction",
        "max_client_conn = 200",
        "default_pool_size = 10",
        // pgjdbc sends these at startup; PgBouncer cannot pass them through in transaction mode
        "ignore_startup_parameters = extra_float_digits,options",
        "logfile = " + dir.resolve("pgbouncer.log"),
        "pidfile = " + dir.resolve("pgbouncer.pid"),
        ""));
    for (Path p : List.of(users, ini)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> command = isRoot()
        ? List.of("/usr/sbin/pgbouncer", "-u", "nobody", ini.toString())
        : List.of("/usr/sbin/pgbouncer", ini.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!listening(listenPort)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("pgbouncer did not start: " + Files.readString(dir.resolve("stdout.log")));
      }
      Thread.sleep(50);
    }
    return new PgBouncer(process, listenPort, dir);
  }

  /** The same database through the pooler, with server-side prepared statements off. */
  String jdbcUrl(String database, String user, String password) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + user + "&password=" + password
        + "&prepareThreshold=0";
  }

  static String param(String query, String name) {
    for (String kv : query.split("&")) {
      if (kv.startsWith(name + "=")) return kv.substring(name.length() + 1);
    }
    throw new IllegalArgumentException("no " + name + " in the URL");
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  String log() {
    try {
      return Files.readString(dir.resolve("pgbouncer.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
