package dev.hookkeeper.persistence;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Zonky's PostgreSQL binaries, unpacked where only this user can reach them and watched on their way
 * there so that the server can run one of them itself ({@code postgres --single}).
 *
 * <p>Zonky's default, {@code /tmp/embedded-pg}, is world-writable without the sticky bit: any user
 * of the machine could rename the unpacked folder and put their own {@code postgres} in its place,
 * which the server (often root) would then run. Here the binaries go to
 * {@code <java.io.tmpdir>/hookkeeper-postgres-<user>/unpacked}, whose parent must be a directory
 * owned by this user with no access for anyone else (created so; an existing one that is not is
 * refused). Zonky makes its working directory world-writable, which no one else can use under
 * that parent.
 *
 * <p>Zonky unpacks into {@code <working directory>/PG-<MD5 of the archive>} and keeps that folder
 * for the JVM's life; this resolver passes the archive through and records that folder.
 */
final class UnpackedBinaries implements PgBinaryResolver {
  static final UnpackedBinaries INSTANCE = new UnpackedBinaries();

  /** Zonky's lock file while it unpacks into a folder. */
  private static final String ZONKY_UNPACK_LOCK = "epg-lock";
  private static final Duration ABANDONED_AFTER = Duration.ofSeconds(5);

  private Path workingDirectory;
  private Path unpacked;

  private UnpackedBinaries() {}

  /** The directory to give zonky as its working directory, created (or checked) on first use. */
  synchronized Path workingDirectory() {
    if (workingDirectory == null) {
      String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
      Path privateRoot = ownerOnlyDirectory(Path.of(System.getProperty("java.io.tmpdir"))
          .toAbsolutePath().resolve("hookkeeper-postgres-" + user));
      workingDirectory = privateRoot.resolve("unpacked");
    }
    return workingDirectory;
  }

  /**
   * Deletes what an unpacking cut short (a killed or out-of-memory JVM) left in the working
   * directory: zonky would unpack over it and fail on the symbolic links already there, at every
   * start. A folder is finished once zonky wrote its {@code .exists} marker; one still being
   * unpacked is locked by its unpacker and left alone.
   */
  synchronized void discardUnfinished() {
    Path dir = workingDirectory();
    if (!Files.isDirectory(dir)) return;
    List<Path> unfinished;
    try (Stream<Path> children = Files.list(dir)) {
      unfinished = children.filter(p -> p.getFileName().toString().startsWith("PG-"))
          .filter(p -> !Files.exists(p.resolve(".exists"))).filter(UnpackedBinaries::untouchedForAWhile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    for (Path folder : unfinished) {
      try (FileChannel channel = FileChannel.open(folder.resolve(ZONKY_UNPACK_LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
        if (lock == null) continue;
        try (Stream<Path> tree = Files.walk(folder)) {
          for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
      } catch (OverlappingFileLockException e) {
        // being unpacked by this JVM
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the unfinished unpacking " + folder, e);
      }
    }
  }

  /** Zonky creates a folder a moment before it locks it for unpacking: a younger one may be another process's. */
  private static boolean untouchedForAWhile(Path folder) {
    try {
      return Files.getLastModifiedTime(folder).toInstant().isBefore(Instant.now().minus(ABANDONED_AFTER));
    } catch (IOException e) {
      return false;
    }
  }

  /** The {@code bin} folder of the binaries zonky uses, once it has unpacked them (or reused earlier ones). */
  synchronized Path bin() {
    if (unpacked == null) throw new IllegalStateException("zonky has not asked for its PostgreSQL binaries yet");
    Path bin = unpacked.resolve("bin");
    if (!Files.isExecutable(bin.resolve("postgres"))) {
      throw new IllegalStateException("no PostgreSQL binaries in " + bin + " (zonky's layout changed?)");
    }
    return bin;
  }

  /** The command line that runs {@code program} from the binaries as zonky runs it (as root: in a user namespace). */
  List<String> command(String program, List<String> arguments) {
    List<String> command = new ArrayList<>();
    // PostgreSQL refuses to run as root; zonky runs it as an unprivileged user of a new namespace
    if (LinuxUtils.isUnshareAvailable()) command.addAll(List.of("unshare", "-U"));
    command.add(bin().resolve(program).toString());
    command.addAll(arguments);
    return command;
  }

  @Override
  public InputStream getPgBinary(String system, String machineHardware) throws IOException {
    Path target = workingDirectory();
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every JDK", e);
    }
    InputStream archive = new DigestInputStream(
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware), md5);
    return new FilterInputStream(archive) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        super.close();
        if (closed) return;
        closed = true;
        // zonky has read the whole archive and names the folder after its digest, as here
        synchronized (UnpackedBinaries.this) {
          unpacked = target.resolve("PG-" + HexFormat.of().formatHex(md5.digest()));
        }
      }
    };
  }

  /** Creates {@code dir} with mode 700, or accepts it if it is already a directory only its owner, this user, can use. */
  static Path ownerOnlyDirectory(Path dir) {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return createDirectories(dir);
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // checked below
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    try {
      PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      UserPrincipal me = currentUser(dir.getParent());
      EnumSet<PosixFilePermission> others = EnumSet.noneOf(PosixFilePermission.class);
      others.addAll(attributes.permissions());
      others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE));
      if (!attributes.isDirectory() || !attributes.owner().equals(me) || !others.isEmpty()) {
        throw new IllegalStateException(dir + " must be a directory owned by " + me.getName() + " with no access"
            + " for anyone else (it holds the PostgreSQL binaries this server runs); it is "
            + (attributes.isDirectory() ? "" : "not a directory, ") + "owned by " + attributes.owner().getName()
            + ", mode " + PosixFilePermissions.toString(attributes.permissions()) + ": remove it and start again");
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + dir, e);
    }
  }

  /** This process's user, as the owner of a file it creates (user.name need not resolve: containers run arbitrary uids). */
  private static UserPrincipal currentUser(Path writableDirectory) throws IOException {
    Path probe = Files.createTempFile(writableDirectory, "hookkeeper-owner-", ".probe");
    try {
      return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
