package dev.hookkeeper.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.postgresql.util.PasswordUtil;

/**
 * Makes a stopped cluster accept nothing but SCRAM-SHA-256 password logins over 127.0.0.1, before
 * every start: zonky's {@code initdb} trusts every local connection as superuser (and so did
 * clusters created by earlier versions), which let any user of the machine read and write the
 * database, and read files such as the encryption key next to it through {@code pg_read_file}.
 * pg_hba.conf is rewritten, and the superuser's password is set in single-user mode, which needs no
 * login: the password is never typed over a connection that trust let in. Only a SCRAM verifier
 * (salted, iterated) reaches PostgreSQL, never the password itself.
 */
final class PasswordAuthentication {
  static final String SUPERUSER = "postgres";
  static final String PG_HBA = String.join("\n",
      "# Written by Hookkeeper before every start of its embedded PostgreSQL: edits are overwritten.",
      "# Password (SCRAM-SHA-256) logins over 127.0.0.1 only; no trust, no Unix socket, no other address.",
      "host    all    all    127.0.0.1/32    scram-sha-256",
      "");
  /** Single-user mode first replays the WAL of a cluster that was not shut down cleanly: up to max_wal_size. */
  private static final long SINGLE_USER_TIMEOUT_SECONDS = 600;

  private PasswordAuthentication() {}

  /** Enforces password logins on the stopped cluster in {@code dataDirectory}. */
  static void enforce(Path dataDirectory, String password, UnpackedBinaries binaries) {
    writeHba(dataDirectory.resolve("pg_hba.conf"));
    setSuperuserPassword(dataDirectory, password, binaries);
  }

  private static void writeHba(Path file) {
    try {
      if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(PG_HBA)) return;
      Path temp = file.resolveSibling("pg_hba.conf.hookkeeper-tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap(PG_HBA.getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------")); // as initdb leaves it
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void setSuperuserPassword(Path dataDirectory, String password, UnpackedBinaries binaries) {
    String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
    // exit_on_error: an error ends the session with a non-zero status instead of the next prompt;
    // no listen address: single-user mode never listens, this only documents it
    ProcessBuilder builder = new ProcessBuilder(binaries.command("postgres", List.of("--single",
        "-D", dataDirectory.toString(), "-c", "exit_on_error=on", "-c", "listen_addresses=", SUPERUSER)));
    builder.redirectErrorStream(true);
    try {
      Process postgres = builder.start();
      try (OutputStream stdin = postgres.getOutputStream()) {
        stdin.write(("ALTER ROLE " + SUPERUSER + " PASSWORD '" + verifier + "';\n").getBytes(StandardCharsets.UTF_8));
      }
      String output = drain(postgres.getInputStream());
      if (!postgres.waitFor(SINGLE_USER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        postgres.destroyForcibly();
        throw new IllegalStateException("PostgreSQL single-user mode did not finish within "
            + SINGLE_USER_TIMEOUT_SECONDS + " s in " + dataDirectory);
      }
      if (postgres.exitValue() != 0) {
        throw new IllegalStateException("could not set the PostgreSQL superuser's password in " + dataDirectory
            + " (postgres --single exited with " + postgres.exitValue() + "): " + withoutVerifier(output, verifier));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run PostgreSQL in single-user mode in " + dataDirectory, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting the PostgreSQL password", e);
    }
  }

  private static String drain(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The error lines of the session, without the statement that holds the verifier. */
  private static String withoutVerifier(String output, String verifier) {
    return output.lines().filter(l -> !l.contains(verifier) && !l.isBlank()).collect(Collectors.joining(" | "));
  }
}
