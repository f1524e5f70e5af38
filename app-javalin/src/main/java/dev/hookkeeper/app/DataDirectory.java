package dev.hookkeeper.app;

import dev.hookkeeper.app.http.AdminToken;
import dev.hookkeeper.persistence.SecretFile;
import dev.hookkeeper.persistence.SecretFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code HOOKKEEPER_DATA_DIR}: the embedded database and, when the operator did not configure them,
 * the generated encryption key and admin token. Each secret file is readable by its owner only,
 * written atomically and durably ({@link SecretFile}), and never replaced: a key file that is
 * damaged stops the start rather than being regenerated over data it encrypted.
 */
public final class DataDirectory {
  public static final String KEY_FILE = "secret-encryption.key";
  public static final String ADMIN_TOKEN_FILE = "admin-token";

  /**
   * Written by versions that showed the admin token once and kept only its hash; still honoured.
   */
  static final String LEGACY_ADMIN_TOKEN_HASH_FILE = "admin-token.sha256";

  private static final int KEY_BYTES = 32;
  private static final int MIN_ADMIN_TOKEN_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  public DataDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path postgres() {
    return root.resolve("postgres");
  }

  /**
   * Creates the directory (mode 700: it holds the secrets); an existing one keeps the mode its
   * operator chose.
   */
  public void create() {
    try {
      if (Files.isDirectory(root)) return;
      Files.createDirectories(root.getParent());
      if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectory(
            root,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(root);
      }
    } catch (FileAlreadyExistsException e) {
      // created meanwhile by another process: theirs is as good
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create HOOKKEEPER_DATA_DIR " + root, e);
    }
  }

  /**
   * The base64 AES-256 key from the key file, generated on first use. Call it before the embedded
   * database is created: a key is only generated where no database exists yet, since a new key
   * cannot decrypt what an old one encrypted.
   *
   * @throws SecretFileException if the key file is unreadable, empty or not a 32-byte key, or
   *     missing beside an existing database
   */
  public String encryptionKey() {
    SecretFile file = new SecretFile(root.resolve(KEY_FILE));
    if (!file.exists()) {
      if (Files.exists(postgres().resolve("PG_VERSION"))) {
        throw new SecretFileException(
            file.path()
                + " is missing but the embedded database in "
                + postgres()
                + " already exists and its secrets were encrypted with that key: restore the file from a backup"
                + " or set WEBHOOK_SECRET_ENCRYPTION_KEY to the key");
      }
      file.createIfAbsent(Base64.getEncoder().encodeToString(randomBytes(KEY_BYTES)));
    }
    String key = file.read();
    int length = decodedLength(key);
    if (length != KEY_BYTES) {
      throw new SecretFileException(
          file.path()
              + " holds "
              + (length < 0 ? "text that is not base64" : length + " bytes")
              + ", not a base64 32-byte key: restore it from a backup or set WEBHOOK_SECRET_ENCRYPTION_KEY"
              + " (a new key cannot decrypt the stored secrets)");
    }
    return key;
  }

  /**
   * The admin token check, and the file holding the token when this call generated it. Unless a
   * data directory of an earlier version kept only the token's hash, the token is in {@value
   * #ADMIN_TOKEN_FILE} for the operator to read: in a container the console is the log, so a token
   * printed there would end up in log storage.
   */
  AdminSetup adminToken() {
    SecretFile file = new SecretFile(root.resolve(ADMIN_TOKEN_FILE));
    SecretFile legacyHash = new SecretFile(root.resolve(LEGACY_ADMIN_TOKEN_HASH_FILE));
    if (!file.exists() && legacyHash.exists()) {
      return new AdminSetup(legacyCheck(legacyHash), Optional.empty(), legacyHash.path());
    }
    boolean generated =
        file.createIfAbsent(
            "hka_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32)));
    String token = file.read();
    if (token.length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new SecretFileException(
          file.path()
              + " holds a token shorter than "
              + MIN_ADMIN_TOKEN_LENGTH
              + " characters: delete the file to generate a new one, or set HOOKKEEPER_ADMIN_TOKEN");
    }
    return new AdminSetup(
        AdminToken.ofPlaintext(token),
        generated ? Optional.of(file.path()) : Optional.empty(),
        file.path());
  }

  /**
   * @param generatedFile present on the start that generated the token
   * @param source the file the check comes from
   */
  record AdminSetup(AdminToken check, Optional<Path> generatedFile, Path source) {}

  private static AdminToken legacyCheck(SecretFile hashFile) {
    String hex = hashFile.read();
    try {
      if (hex.length() != 64) throw new IllegalArgumentException("not 32 bytes");
      return AdminToken.ofSha256Hex(hex);
    } catch (IllegalArgumentException e) {
      throw new SecretFileException(
          hashFile.path()
              + " does not hold a SHA-256 in hex: delete it to generate a new"
              + " admin token, or set HOOKKEEPER_ADMIN_TOKEN");
    }
  }

  private static int decodedLength(String base64) {
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
