package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL as an attacker on the same machine and an unlucky operator see it: no
 * login without the generated password, nothing listening beyond 127.0.0.1, a cluster created by an
 * earlier version locked down on its next start, and a server process killed with SIGKILL leaves no
 * PostgreSQL behind that blocks the next start.
 */
class EmbeddedPostgresServerTest {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServerTest.class);
  private static final Duration CHILD_START = Duration.ofSeconds(90); // initdb included

  @TempDir Path tmp;

  @Test
  void refuses_a_login_without_the_password_and_listens_on_127_0_0_1_only() throws Exception {
    EmbeddedPostgresServer server = TestPostgres.server();
    Path dir = server.dataDirectory();
    String plainUrl = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?user=postgres";
    assertThatThrownBy(() -> DriverManager.getConnection(plainUrl).close())
        .as("no password").isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> DriverManager.getConnection(plainUrl + "&password=wrong").close())
        .as("a wrong password").isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    assertThatThrownBy(() -> DriverManager.getConnection(
        "jdbc:postgresql://[::1]:" + server.port() + "/postgres?user=postgres&connectTimeout=2").close())
        .as("over IPv6 loopback").isInstanceOf(SQLException.class);
    try (Connection c = DriverManager.getConnection(server.jdbcUrl()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses'), current_setting('password_encryption'),"
            + " (SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
      assertThat(rs.getString(2)).isEqualTo("scram-sha-256");
      assertThat(rs.getBoolean(3)).as("the superuser's password is stored as a SCRAM verifier").isTrue();
    }
    assertThat(authenticationLines(dir)).isNotEmpty()
        .allSatisfy(line -> assertThat(line).doesNotContain("trust").endsWith("scram-sha-256"));
    Path password = EmbeddedPostgresServer.passwordFile(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
    assertThat(server.jdbcUrl()).contains(Files.readString(password).strip());
  }

  @Test
  void locks_down_a_cluster_that_an_earlier_version_created_with_trust_and_keeps_its_data() throws Exception {
    Path dir = tmp.resolve("postgres");
    // what the previous version did: zonky's own initdb (-A trust), no password
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
        Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before the upgrade')");
    }
    assertThat(authenticationLines(dir)).anySatisfy(line -> assertThat(line).contains("trust"));
    assertThat(EmbeddedPostgresServer.passwordFile(dir)).doesNotExist();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
      assertThat(query(server.jdbcUrl(), "SELECT v FROM kept")).isEqualTo("before the upgrade");
      assertThatThrownBy(() -> DriverManager.getConnection(
          "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?user=postgres").close())
          .isInstanceOf(SQLException.class);
      assertThat(authenticationLines(dir)).allSatisfy(line -> assertThat(line).doesNotContain("trust"));
    }
    // and the next start reads the password it wrote
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dir)) {
      assertThat(query(again.jdbcUrl(), "SELECT v FROM kept")).isEqualTo("before the upgrade");
    }
  }

  @Test
  void a_postgres_left_running_by_a_killed_server_is_stopped_by_the_next_start() throws Exception {
    Path dir = tmp.resolve("postgres");
    long orphan;
    try (EmbeddedPostgresChild child = EmbeddedPostgresChild.start(dir, tmp.resolve("child.log"), CHILD_START)) {
      orphan = postmasterPid(dir);
      try (Connection c = DriverManager.getConnection(urlOf(dir)); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('committed before the kill')");
      }
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(dir))
          .as("a start while the owner is alive").hasMessageContaining("in use");
      assertThat(alive(orphan)).as("the owner's PostgreSQL is left alone").isPresent();
      // kill -9 of the JVM and of everything it started that could clean up after it
      child.handle().descendants().forEach(ProcessHandle::destroyForcibly);
      child.killJvm();
    }
    assertThat(alive(orphan)).as("PostgreSQL outlived its server").isPresent();

    long begin = System.nanoTime();
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
      Duration took = Duration.ofNanos(System.nanoTime() - begin);
      log.info("start over a running orphan PostgreSQL took {} ms", took.toMillis());
      assertThat(alive(orphan)).as("the orphan").isEmpty();
      assertThat(query(server.jdbcUrl(), "SELECT v FROM kept")).isEqualTo("committed before the kill");
    }
  }

  @Test
  void a_postgres_whose_server_was_killed_stops_by_itself() throws Exception {
    Path dir = tmp.resolve("postgres");
    long postmaster;
    try (EmbeddedPostgresChild child = EmbeddedPostgresChild.start(dir, tmp.resolve("child.log"), CHILD_START)) {
      postmaster = postmasterPid(dir);
      child.killJvm();
    }
    long begin = System.nanoTime();
    long deadline = begin + Duration.ofSeconds(30).toNanos();
    while (alive(postmaster).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    log.info("PostgreSQL stopped {} ms after its server was killed", (System.nanoTime() - begin) / 1_000_000);
    assertThat(alive(postmaster)).as("PostgreSQL 30 s after its server died").isEmpty();
    assertThat(dir.resolve("postmaster.pid")).as("a clean shutdown removes its pid file").doesNotExist();
  }

  /** The child's PostgreSQL, from the files of its data directory. */
  private static String urlOf(Path dir) throws Exception {
    String port = Files.readAllLines(dir.resolve("postmaster.pid")).get(3).strip();
    Path password = EmbeddedPostgresServer.passwordFile(dir);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    return Files.exists(password) ? url + "&password=" + Files.readString(password).strip() : url;
  }

  private static long postmasterPid(Path dir) throws Exception {
    return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).strip());
  }

  private static List<String> authenticationLines(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve("pg_hba.conf")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  private static String query(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static Optional<ProcessHandle> alive(long pid) {
    return Processes.running(pid);
  }
}
