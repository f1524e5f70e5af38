package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Re-encryption under a new primary key on PostgreSQL, across several pages of a table with a
 * composite key: every value moves, reads back with the new key alone, and stays bound to its row.
 */
class KeyRotationTest {
  private static final int USERS = 1_203; // more than two pages of 500, the last one partial
  private final byte[] oldKey = key();
  private final byte[] newKey = key();
  private HikariDataSource dataSource;

  @BeforeEach
  void database() {
    dataSource = TestPostgres.migratedDatabase();
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  @Test
  void moves_every_value_to_the_primary_key_page_by_page() {
    AesGcmSecretCipher before = new AesGcmSecretCipher(KeyRing.of(oldKey));
    PersistenceModule stores = PersistenceModule.create(dataSource, before);
    for (int i = 0; i < USERS; i++) {
      UserId id = new UserId(String.format("usr_%05d", i));
      stores.users().create(new User(id, "u" + i, Fixtures.T0), Sha256.hex("hk_" + i));
      for (Provider provider : List.of(Provider.GITHUB, Provider.GITLAB)) {
        stores
            .tokenVault()
            .store(
                id,
                new ProviderCredential(
                    provider,
                    Secret.of("tok-" + i + "-" + provider.id()),
                    "login" + i,
                    List.of(),
                    Fixtures.T0));
      }
    }
    Fixtures fx = new Fixtures(stores);
    User owner = new User(new UserId("usr_owner"), "owner", Fixtures.T0);
    stores.users().create(owner, Sha256.hex("hk_owner"));
    Repository repo = fx.repository();
    RepositoryHook hook = fx.hook(repo, owner, before, Secret.of("whsec-rotate-me"));

    KeyRing rotated = KeyRing.of(newKey, oldKey);
    AesGcmSecretCipher cipher = new AesGcmSecretCipher(rotated);
    KeyRotation.Report report =
        new KeyRotation(dataSource, cipher, rotated.primaryKeyId()).rotate();

    assertThat(report.reencrypted()).isEqualTo(USERS * 2 + 1);
    assertThat(report.left()).isZero();
    assertThat(report.columns())
        .extracting(KeyRotation.ColumnReport::column)
        .containsExactly(
            "repository_hooks.webhook_secret",
            "repository_hooks.webhook_previous_secret",
            "provider_tokens.access_token_encrypted",
            "provider_tokens.refresh_token_encrypted",
            "sign_ins.code_verifier_encrypted");
    PersistenceModule newOnly =
        PersistenceModule.create(dataSource, new AesGcmSecretCipher(KeyRing.of(newKey)));
    for (int i : new int[] {0, 499, 500, 999, 1000, USERS - 1}) {
      UserId id = new UserId(String.format("usr_%05d", i));
      assertThat(
              newOnly.tokenVault().find(id, Provider.GITLAB).orElseThrow().accessToken().reveal())
          .isEqualTo("tok-" + i + "-gitlab");
    }
    String stored =
        Jdbi.create(dataSource)
            .withHandle(
                h ->
                    h.createQuery("SELECT webhook_secret FROM repository_hooks WHERE id = :id")
                        .bind("id", hook.id().value())
                        .mapTo(String.class)
                        .one());
    assertThat(
            new AesGcmSecretCipher(KeyRing.of(newKey))
                .decrypt(new EncryptedSecret(stored), RepositoryHook.secretContext(hook.id()))
                .reveal())
        .isEqualTo("whsec-rotate-me");

    KeyRotation.Report again = new KeyRotation(dataSource, cipher, rotated.primaryKeyId()).rotate();
    assertThat(again.reencrypted()).isZero();
    assertThat(again.left()).isZero();
  }

  @Test
  void counts_what_it_cannot_decrypt_and_leaves_it() {
    AesGcmSecretCipher before = new AesGcmSecretCipher(KeyRing.of(oldKey));
    PersistenceModule stores = PersistenceModule.create(dataSource, before);
    UserId id = new UserId("usr_lost");
    stores.users().create(new User(id, "lost", Fixtures.T0), Sha256.hex("hk_lost"));
    stores
        .tokenVault()
        .store(
            id,
            new ProviderCredential(Provider.GITHUB, Secret.of("tok"), "l", List.of(), Fixtures.T0));
    KeyRing withoutOld = KeyRing.of(newKey);

    KeyRotation.Report report =
        new KeyRotation(dataSource, new AesGcmSecretCipher(withoutOld), withoutOld.primaryKeyId())
            .rotate();

    String oldId = KeyRing.of(oldKey).primaryKeyId();
    KeyRotation.ColumnReport tokens = report.columns().get(2);
    assertThat(tokens.reencrypted()).isZero();
    assertThat(tokens.undecryptable()).isEqualTo(Map.of(oldId, 1));
    assertThat(tokens.left()).isEqualTo(Map.of(oldId, 1));
    assertThat(report.left()).isEqualTo(1);
    assertThat(stores.tokenVault().find(id, Provider.GITHUB).orElseThrow().accessToken().reveal())
        .isEqualTo("tok");
  }

  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
