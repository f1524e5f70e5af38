package dev.hookkeeper.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * A small secret (a key, a password, a token) in a file readable by its owner only, created once
 * and never overwritten. Creation cannot leave a half-written file under the real name: the content
 * goes to a temporary file in the same directory, which is fsynced, then linked to the real name
 * (a hard link fails if the name exists, so a racing writer never replaces a file already in use),
 * and the directory is fsynced so the new name survives a power loss.
 */
public final class SecretFile {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path path;

  public SecretFile(Path path) {
    this.path = Objects.requireNonNull(path, "path == null").toAbsolutePath().normalize();
  }

  public Path path() {
    return path;
  }

  /** True if something exists under the name (even something unreadable: {@link #read()} says what). */
  public boolean exists() {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The content without surrounding whitespace.
   *
   * @throws SecretFileException if the file is missing, unreadable or blank
   */
  public String read() {
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new SecretFileException(path + " does not exist");
    } catch (IOException e) {
      throw new SecretFileException("cannot read " + path + ": " + reason(e));
    }
    if (content.isEmpty()) {
      throw new SecretFileException(path + " is empty (a write cut short by a crash or a full disk?)");
    }
    return content;
  }

  /**
   * Writes {@code content} (plus a newline) unless the file exists.
   *
   * @return true if this call created the file, false if it existed (its content is left as it is)
   */
  public boolean createIfAbsent(String content) {
    Objects.requireNonNull(content, "content == null");
    if (exists()) return false;
    Path dir = path.getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp", ownerOnly());
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap((content + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) channel.write(bytes);
        channel.force(true);
      }
      boolean created = publish(temp);
      if (created) syncDirectory(dir);
      return created;
    } catch (IOException e) {
      throw new SecretFileException("cannot write " + path + ": " + reason(e));
    } finally {
      if (temp != null) deleteQuietly(temp);
    }
  }

  /** Gives the written temporary file the real name, unless that name is taken. */
  private boolean publish(Path temp) throws IOException {
    try {
      Files.createLink(path, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      // a file system without hard links: a rename is atomic too, but only checks the name beforehand
      if (exists()) return false;
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  private static void syncDirectory(Path dir) throws IOException {
    if (!POSIX) return; // Windows cannot open a directory as a channel; NTFS journals the rename
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    if (!POSIX) return new FileAttribute<?>[0];
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file is readable by its owner only and never read back
    }
  }

  private static String reason(IOException e) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) detail = fse.getReason();
    return detail.replaceAll("[\\r\\n]+", " ");
  }

  @Override
  public String toString() {
    return "SecretFile[" + path + "]";
  }
}
