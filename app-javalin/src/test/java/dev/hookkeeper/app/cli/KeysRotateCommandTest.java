package dev.hookkeeper.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.model.EncryptedSecret;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code keys rotate} on a database a real server filled (a provider token, a connected
 * repository's webhook secret): every value re-encrypted under the new key, readable with the new
 * key alone, and the same plaintext as before; what cannot be decrypted is reported and left alone.
 */
class KeysRotateCommandTest {
  private TestApp app;

  @BeforeEach
  void start() {
    app = TestApp.start();
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void re_encrypts_every_secret_under_the_new_key_and_reports_none_left() throws Exception {
    TestUser alice = app.gitHubUser("alice", TestApp.ALICE_GH);
    String connection = app.connectActive(alice, TestApp.GH_REPO, "github");
    String hookSecret = app.github.hooks(TestApp.GH_REPO).get(0).secret();
    String oldKey = app.encryptionKey;
    String newKey = randomKey();
    String oldId = KeyRing.fromBase64(oldKey, List.of()).primaryKeyId();
    String newId = KeyRing.fromBase64(newKey, List.of()).primaryKeyId();
    assertThat(ciphertexts())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c).startsWith("v1:" + oldId + ":"));

    Map<String, String> env = Cli.envOf(app);
    env.put("WEBHOOK_SECRET_ENCRYPTION_KEY", newKey);
    env.put("WEBHOOK_SECRET_ENCRYPTION_KEYS_PREVIOUS", oldKey);
    Cli.Result rotated = Cli.run(env, "keys", "rotate");

    assertThat(rotated.status()).as(rotated.toString()).isZero();
    assertThat(rotated.out())
        .contains(
            "current key " + newId + ", previous keys " + oldId,
            "repository_hooks.webhook_secret: 1 re-encrypted, 0 left on old keys",
            "provider_tokens.access_token_encrypted: 1 re-encrypted, 0 left on old keys",
            "rows left on old keys: 0");
    assertThat(rotated.all()).doesNotContain(hookSecret, TestApp.ALICE_GH, oldKey, newKey);
    assertThat(ciphertexts()).allSatisfy(c -> assertThat(c).startsWith("v1:" + newId + ":"));
    // the new key alone reads every value back, bound to its row as before
    AesGcmSecretCipher newOnly = new AesGcmSecretCipher(KeyRing.fromBase64(newKey, List.of()));
    try (Connection c = DriverManager.getConnection(app.databaseUrl);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, webhook_secret FROM repository_hooks")) {
        rs.next();
        assertThat(
                newOnly
                    .decrypt(new EncryptedSecret(rs.getString(2)), "hook:" + rs.getString(1))
                    .reveal())
            .isEqualTo(hookSecret);
      }
      try (ResultSet rs =
          s.executeQuery("SELECT user_id, access_token_encrypted FROM provider_tokens")) {
        rs.next();
        assertThat(
                newOnly
                    .decrypt(
                        new EncryptedSecret(rs.getString(2)),
                        "token:" + rs.getString(1) + ":github")
                    .reveal())
            .isEqualTo(TestApp.ALICE_GH);
      }
    }
    assertThat(connection).startsWith("conn_");

    Cli.Result again = Cli.run(env, "keys", "rotate");
    assertThat(again.status()).isZero();
    assertThat(again.out())
        .contains("repository_hooks.webhook_secret: 0 re-encrypted, 0 left on old keys");
  }

  @Test
  void values_under_a_key_that_is_not_configured_are_reported_and_left_alone() throws Exception {
    app.gitHubUser("bob", TestApp.BOB_GH);
    String oldId = KeyRing.fromBase64(app.encryptionKey, List.of()).primaryKeyId();
    List<String> before = ciphertexts();
    Map<String, String> env = new HashMap<>(Cli.envOf(app));
    env.put("WEBHOOK_SECRET_ENCRYPTION_KEY", randomKey());

    Cli.Result r = Cli.run(env, "keys", "rotate");

    assertThat(r.status()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "provider_tokens.access_token_encrypted: 0 re-encrypted, 1 left on old keys (key "
                + oldId
                + ": 1); cannot decrypt key "
                + oldId
                + ": 1: that key is not configured",
            "rows left on old keys: 1");
    assertThat(ciphertexts()).isEqualTo(before);
  }

  private List<String> ciphertexts() throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(app.databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT webhook_secret FROM repository_hooks UNION ALL"
                    + " SELECT webhook_previous_secret FROM repository_hooks WHERE webhook_previous_secret IS NOT NULL"
                    + " UNION ALL SELECT access_token_encrypted FROM provider_tokens UNION ALL"
                    + " SELECT refresh_token_encrypted FROM provider_tokens WHERE refresh_token_encrypted IS NOT NULL"
                    + " UNION ALL SELECT code_verifier_encrypted FROM sign_ins ORDER BY 1")) {
      while (rs.next()) values.add(rs.getString(1));
    }
    return values;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
