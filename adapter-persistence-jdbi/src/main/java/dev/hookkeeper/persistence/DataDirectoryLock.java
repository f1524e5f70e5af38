package dev.hookkeeper.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process at a time on a PostgreSQL data directory: held from before a start looks for a
 * PostgreSQL left behind there (which it then stops) until the server is closed, so that a second
 * server on the same directory is refused instead of stopping the first one's database. The
 * operating system releases it when the process dies, however it dies.
 */
final class DataDirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws IllegalStateException if another process (or another server of this JVM) holds it */
  static DataDirectoryLock acquire(Path lockFile, Path dataDirectory) {
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + lockFile, e);
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) return new DataDirectoryLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      // held by this JVM: closing this channel below would release that lock too, so keep it open
      throw new IllegalStateException("PostgreSQL data directory " + dataDirectory
          + " is in use by another server of this process (" + lockFile + ")");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
    closeQuietly(channel);
    throw new IllegalStateException("PostgreSQL data directory " + dataDirectory
        + " is in use by another running process (" + lockFile + " is locked)");
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it as well
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
