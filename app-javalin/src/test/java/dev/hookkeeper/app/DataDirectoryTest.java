package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.app.http.AdminToken;
import dev.hookkeeper.persistence.SecretFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @TempDir Path tmp;

  @Test
  void generates_the_encryption_key_once_readable_by_the_owner_only() throws Exception {
    DataDirectory dir = new DataDirectory(tmp.resolve("data"));
    dir.create();
    String key = dir.encryptionKey();
    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    assertThat(dir.encryptionKey()).isEqualTo(key);
    Path file = tmp.resolve("data").resolve(DataDirectory.KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void a_data_directory_it_creates_is_for_its_owner_only_and_an_existing_one_is_left_as_it_is() throws Exception {
    new DataDirectory(tmp.resolve("new")).create();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("new")))).isEqualTo("rwx------");
    Path existing = Files.createDirectory(tmp.resolve("existing"));
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));
    new DataDirectory(existing).create();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-x---");
  }

  @Test
  void an_empty_key_file_stops_the_start_and_is_left_as_it_is() throws Exception {
    DataDirectory dir = dataDirWithKeyFile("");
    assertThatThrownBy(dir::encryptionKey).isInstanceOf(SecretFileException.class).hasMessageContaining(DataDirectory.KEY_FILE).hasMessageContaining("empty");
    assertThat(Files.readString(tmp.resolve(DataDirectory.KEY_FILE))).isEmpty();
  }

  @Test
  void a_short_key_file_stops_the_start_and_is_left_as_it_is() throws Exception {
    String half = Base64.getEncoder().encodeToString(new byte[32]).substring(0, 22);
    DataDirectory dir = dataDirWithKeyFile(half);
    assertThatThrownBy(dir::encryptionKey).isInstanceOf(SecretFileException.class).hasMessageContaining(DataDirectory.KEY_FILE)
        .hasMessageContaining("not a base64 32-byte key");
    assertThat(Files.readString(tmp.resolve(DataDirectory.KEY_FILE))).isEqualTo(half);
  }

  @Test
  void a_key_file_that_is_not_base64_stops_the_start() throws Exception {
    DataDirectory dir = dataDirWithKeyFile("not base64 at all!");
    assertThatThrownBy(dir::encryptionKey).isInstanceOf(SecretFileException.class).hasMessageContaining("not a base64 32-byte key");
  }

  @Test
  void an_unreadable_key_file_stops_the_start() throws Exception {
    DataDirectory dir = new DataDirectory(tmp);
    Files.createDirectory(tmp.resolve(DataDirectory.KEY_FILE));
    assertThatThrownBy(dir::encryptionKey).isInstanceOf(SecretFileException.class).hasMessageContaining("cannot read")
        .hasMessageContaining(DataDirectory.KEY_FILE);
  }

  @Test
  void no_new_key_is_generated_beside_an_existing_embedded_database() throws Exception {
    DataDirectory dir = new DataDirectory(tmp);
    Files.createDirectories(dir.postgres());
    Files.writeString(dir.postgres().resolve("PG_VERSION"), "17\n");
    assertThatThrownBy(dir::encryptionKey).isInstanceOf(SecretFileException.class).hasMessageContaining(DataDirectory.KEY_FILE)
        .hasMessageContaining("missing");
    assertThat(tmp.resolve(DataDirectory.KEY_FILE)).doesNotExist();
  }

  @Test
  void generates_the_admin_token_once_into_a_file_readable_by_the_owner_only() throws Exception {
    DataDirectory dir = new DataDirectory(tmp);
    dir.create();
    DataDirectory.AdminSetup first = dir.adminToken();
    Path file = tmp.resolve(DataDirectory.ADMIN_TOKEN_FILE);
    assertThat(first.generatedFile()).contains(file);
    String token = Files.readString(file).strip();
    assertThat(token).startsWith("hka_").hasSizeGreaterThan(40);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(first.check().toString()).doesNotContain(token);

    DataDirectory.AdminSetup second = dir.adminToken();
    assertThat(second.generatedFile()).isEmpty();
    assertThat(second.source()).isEqualTo(file);
    assertThat(Files.readString(file).strip()).isEqualTo(token);
  }

  @Test
  void a_data_directory_that_kept_only_the_admin_token_hash_keeps_that_token() throws Exception {
    DataDirectory dir = new DataDirectory(tmp);
    dir.create();
    Files.writeString(tmp.resolve(DataDirectory.LEGACY_ADMIN_TOKEN_HASH_FILE), AdminToken.sha256Hex("an-old-admin-token-1") + "\n");
    DataDirectory.AdminSetup setup = dir.adminToken();
    assertThat(setup.generatedFile()).isEmpty();
    assertThat(setup.source()).isEqualTo(tmp.resolve(DataDirectory.LEGACY_ADMIN_TOKEN_HASH_FILE));
    assertThat(tmp.resolve(DataDirectory.ADMIN_TOKEN_FILE)).doesNotExist();
  }

  @Test
  void an_empty_admin_token_file_stops_the_start() throws Exception {
    DataDirectory dir = new DataDirectory(tmp);
    Files.writeString(tmp.resolve(DataDirectory.ADMIN_TOKEN_FILE), "");
    assertThatThrownBy(dir::adminToken).isInstanceOf(SecretFileException.class).hasMessageContaining("is empty");
  }

  private DataDirectory dataDirWithKeyFile(String content) throws Exception {
    DataDirectory dir = new DataDirectory(tmp);
    dir.create();
    Files.writeString(tmp.resolve(DataDirectory.KEY_FILE), content);
    return dir;
  }
}
