package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the PostgreSQL binaries the server runs come from: nobody else's directory, no half-unpacked folder. */
class UnpackedBinariesTest {
  @TempDir Path tmp;

  @Test
  void creates_its_directory_for_its_owner_only_and_accepts_it_again() throws Exception {
    Path dir = UnpackedBinaries.ownerOnlyDirectory(tmp.resolve("binaries"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(UnpackedBinaries.ownerOnlyDirectory(dir)).isEqualTo(dir);
  }

  @Test
  void refuses_a_directory_that_others_can_write_to() throws Exception {
    // what another local user could have prepared under the predictable name, binaries inside
    Path planted = Files.createDirectory(tmp.resolve("planted"));
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> UnpackedBinaries.ownerOnlyDirectory(planted))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no access for anyone else")
        .hasMessageContaining("rwxrwxrwx");
  }

  @Test
  void refuses_a_symbolic_link_in_place_of_the_directory() throws Exception {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwx------"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), elsewhere);
    assertThatThrownBy(() -> UnpackedBinaries.ownerOnlyDirectory(link)).hasMessageContaining("not a directory");
  }

  @Test
  void discards_an_unpacking_cut_short_and_keeps_finished_and_fresh_ones() throws Exception {
    Path work = Files.createDirectories(UnpackedBinaries.INSTANCE.workingDirectory());
    String id = UUID.randomUUID().toString();
    Path cutShort = Files.createDirectories(work.resolve("PG-test-cut-short-" + id).resolve("lib"));
    Path finished = Files.createDirectories(work.resolve("PG-test-finished-" + id).resolve("bin"));
    Files.createFile(finished.getParent().resolve(".exists"));
    Path fresh = Files.createDirectories(work.resolve("PG-test-fresh-" + id));
    FileTime aMinuteAgo = FileTime.from(Instant.now().minusSeconds(60));
    Files.setLastModifiedTime(cutShort.getParent(), aMinuteAgo);
    Files.setLastModifiedTime(finished.getParent(), aMinuteAgo);
    try {
      UnpackedBinaries.INSTANCE.discardUnfinished();
      assertThat(cutShort.getParent()).doesNotExist();
      assertThat(finished).exists();
      assertThat(fresh).as("perhaps being created by another process this instant").exists();
    } finally {
      for (Path p : new Path[] {finished, finished.getParent().resolve(".exists"), finished.getParent(), fresh}) {
        Files.deleteIfExists(p);
      }
    }
  }
}
