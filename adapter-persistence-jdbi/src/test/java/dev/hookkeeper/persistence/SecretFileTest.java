package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
  @TempDir Path dir;

  @Test
  void creates_the_file_readable_by_the_owner_only_with_nothing_left_beside_it() throws Exception {
    SecretFile file = new SecretFile(dir.resolve("key"));
    assertThat(file.createIfAbsent("s3cret")).isTrue();
    assertThat(file.read()).isEqualTo("s3cret");
    assertThat(Files.readString(file.path())).isEqualTo("s3cret\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("key");
    }
  }

  @Test
  void never_overwrites_an_existing_file() throws Exception {
    SecretFile file = new SecretFile(dir.resolve("key"));
    Files.writeString(file.path(), "");
    assertThat(file.createIfAbsent("new")).isFalse();
    assertThat(Files.readString(file.path())).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void of_writers_racing_to_create_it_exactly_one_wins_and_everyone_reads_its_value() throws Exception {
    SecretFile file = new SecretFile(dir.resolve("key"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> created = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String value = "value-" + i;
        created.add(pool.submit(() -> file.createIfAbsent(value)));
      }
      int winners = 0;
      for (Future<Boolean> f : created) if (f.get()) winners++;
      assertThat(winners).isEqualTo(1);
      assertThat(file.read()).startsWith("value-");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void an_empty_file_is_refused_with_a_one_line_reason() throws Exception {
    Path path = dir.resolve("key");
    Files.writeString(path, " \n");
    assertThatThrownBy(() -> new SecretFile(path).read())
        .isInstanceOf(SecretFileException.class)
        .hasMessageContaining(path.toString()).hasMessageContaining("is empty")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void an_unreadable_file_is_refused_with_a_one_line_reason() throws Exception {
    Path path = dir.resolve("key");
    Files.createDirectory(path); // unreadable as a file even for root, unlike a chmod 000
    assertThatThrownBy(() -> new SecretFile(path).read())
        .isInstanceOf(SecretFileException.class)
        .hasMessageContaining("cannot read " + path)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void a_missing_file_does_not_exist_and_cannot_be_read() {
    SecretFile file = new SecretFile(dir.resolve("key"));
    assertThat(file.exists()).isFalse();
    assertThatThrownBy(file::read).isInstanceOf(SecretFileException.class).hasMessageContaining("does not exist");
  }
}
