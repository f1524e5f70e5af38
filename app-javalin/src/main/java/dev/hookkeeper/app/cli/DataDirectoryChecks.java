package dev.hookkeeper.app.cli;

import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.DataDirectory;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.persistence.EmbeddedPostgresServer;
import dev.hookkeeper.persistence.SecretFile;
import dev.hookkeeper.persistence.SecretFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The encryption key and the secret files of {@code HOOKKEEPER_DATA_DIR}: each readable by its
 * owner only (as the server creates them), owned by the user running Hookkeeper, and the key file a
 * usable key. Reads only: nothing is created or generated here.
 */
final class DataDirectoryChecks {
  private DataDirectoryChecks() {}

  static List<Check> run(AppConfig config) {
    List<Check> checks = new ArrayList<>();
    checks.add(key(config));
    if (config.embeddedDatabase()
        || config.encryptionKey() == null
        || config.adminToken() == null) {
      DataDirectory dir = new DataDirectory(config.dataDir());
      if (Files.isDirectory(dir.root()))
        checks.add(permissions("data directory", dir.root(), true));
      if (config.encryptionKey() == null) {
        checks.add(permissions("key file", dir.root().resolve(DataDirectory.KEY_FILE), false));
      }
      if (config.adminToken() == null) {
        checks.add(
            permissions(
                "admin token file", dir.root().resolve(DataDirectory.ADMIN_TOKEN_FILE), false));
      }
      if (config.embeddedDatabase()) {
        checks.add(
            permissions(
                "database password file",
                EmbeddedPostgresServer.passwordFile(dir.postgres()),
                false));
      }
    }
    return checks;
  }

  private static Check key(AppConfig config) {
    String name = "encryption key";
    int previous = config.previousEncryptionKeys().size();
    String previousNote = previous == 0 ? "" : ", " + previous + " previous key(s) for decryption";
    if (config.encryptionKey() != null) {
      KeyRing ring = KeyRing.fromBase64(config.encryptionKey(), config.previousEncryptionKeys());
      return Check.ok(name, KeyRing.SETTING + " (key " + ring.primaryKeyId() + ")" + previousNote);
    }
    DataDirectory dir = new DataDirectory(config.dataDir());
    SecretFile file = new SecretFile(dir.root().resolve(DataDirectory.KEY_FILE));
    if (!file.exists()) {
      if (Files.exists(dir.postgres().resolve("PG_VERSION"))) {
        return Check.fail(
            name,
            file.path() + " is missing beside an existing database: restore it from a backup");
      }
      return Check.warn(name, "none yet: the first start generates " + file.path());
    }
    try {
      KeyRing ring = KeyRing.fromBase64(file.read(), config.previousEncryptionKeys());
      return Check.ok(
          name, "key file " + file.path() + " (key " + ring.primaryKeyId() + ")" + previousNote);
    } catch (SecretFileException | IllegalArgumentException e) {
      return Check.fail(name, file.path() + ": " + e.getMessage());
    }
  }

  /**
   * Owner-only permissions (700 for the directory, no group or other bits on a file) and our owner.
   */
  private static Check permissions(String name, Path path, boolean directory) {
    name = name + " permissions";
    if (!Files.exists(path))
      return Check.warn(name, path + " does not exist yet (the first start creates it)");
    try {
      if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        return Check.warn(name, "not checked: the file system has no POSIX permissions");
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
      String shown = PosixFilePermissions.toString(mode);
      boolean shared =
          mode.stream()
              .anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
      if (shared) {
        return Check.fail(
            name,
            path
                + " is "
                + shown
                + ": others can read it; run chmod "
                + (directory ? "700" : "600")
                + " "
                + path);
      }
      String owner = Files.getOwner(path).getName();
      String user = System.getProperty("user.name");
      if (!owner.equals(user)) {
        return Check.fail(
            name, path + " belongs to " + owner + ", not to " + user + " who runs Hookkeeper");
      }
      return Check.ok(name, path + " " + shown + ", owner " + owner);
    } catch (IOException e) {
      return Check.fail(name, "cannot read the permissions of " + path + ": " + e.getMessage());
    }
  }
}
