package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.http.AdminToken;
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
  void generates_the_admin_token_once_and_keeps_only_its_hash() throws Exception {
    DataDirectory dir = new DataDirectory(tmp);
    dir.create();
    DataDirectory.AdminSetup first = dir.adminToken();
    assertThat(first.generatedToken()).isPresent();
    String token = first.generatedToken().get();
    Path file = tmp.resolve(DataDirectory.ADMIN_TOKEN_HASH_FILE);
    assertThat(Files.readString(file)).doesNotContain(token).contains(AdminToken.sha256Hex(token));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    DataDirectory.AdminSetup second = dir.adminToken();
    assertThat(second.generatedToken()).isEmpty();
    assertThat(second.check().toString()).doesNotContain(token);
  }
}
