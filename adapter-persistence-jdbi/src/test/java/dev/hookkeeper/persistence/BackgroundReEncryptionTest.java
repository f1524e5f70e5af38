package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.PendingSignIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenRenewal;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.SecretDecryptionException;
import dev.hookkeeper.core.port.SecretsAtRest;
import dev.hookkeeper.core.usecase.ReencryptSecrets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An encryption-key rotation finishes by itself: every secret still under the previous key is
 * re-encrypted under the new one in bounded batches, the count of what remains reaches zero, and
 * then the previous key can go.
 */
class BackgroundReEncryptionTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private HikariDataSource dataSource;
  private final byte[] oldKey = key();
  private final byte[] newKey = key();

  @BeforeEach
  void database() {
    dataSource = TestPostgres.migratedDatabase();
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  private static byte[] key() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return k;
  }

  private PersistenceModule stores(KeyRing ring) {
    return PersistenceModule.create(dataSource, new AesGcmSecretCipher(ring));
  }

  /**
   * Hooks with a current and a previous secret, and a provider token per user, all under the old
   * key.
   */
  private List<RepositoryHook> seed(int hooks) {
    PersistenceModule old = stores(KeyRing.of(oldKey));
    Fixtures fx = new Fixtures(old);
    AesGcmSecretCipher oldCipher = new AesGcmSecretCipher(KeyRing.of(oldKey));
    List<RepositoryHook> made = new ArrayList<>();
    for (int i = 0; i < hooks; i++) {
      User user = fx.user();
      old.tokenVault()
          .store(
              user.id(),
              new ProviderCredential(
                  Provider.GITHUB,
                  Secret.of("gho_token_" + i),
                  "u" + i,
                  List.of("repo"),
                  Fixtures.T0));
      if (i == 0) {
        // a GitLab OAuth token with its refresh token, and a sign-in waiting for its callback
        old.tokenVault()
            .store(
                user.id(),
                new ProviderCredential(
                    Provider.GITLAB,
                    Secret.of("gl-oauth-access"),
                    "u0",
                    List.of("api"),
                    Fixtures.T0,
                    new TokenRenewal(
                        Secret.of("gl-oauth-refresh"), Fixtures.T0.plusSeconds(7200))));
        old.signIns()
            .save(
                new PendingSignIn(
                    Sha256.hex("state-0"),
                    Provider.GITLAB,
                    Secret.of("pkce-verifier-0"),
                    "https://hookkeeper.example/auth/gitlab/callback",
                    null,
                    Fixtures.T0,
                    Fixtures.T0.plusSeconds(3_600_000)));
      }
      Repository repo = fx.repository();
      RepositoryHook hook = fx.hook(repo, user, oldCipher, Secret.of("secret-" + i));
      old.hooks()
          .rotateSecret(
              hook.id(),
              oldCipher.encrypt(Secret.of("rotated-" + i), RepositoryHook.secretContext(hook.id())),
              Sha256.hex("rotated-" + i),
              Fixtures.T0.plusSeconds(1));
      made.add(hook);
    }
    return made;
  }

  @Test
  void re_encrypts_in_bounded_batches_until_nothing_is_left_and_the_old_key_can_go() {
    List<RepositoryHook> hooks = seed(5);
    SecretsAtRest rest = stores(KeyRing.of(newKey, oldKey)).secretsAtRest();
    // 5 current + 5 previous secrets + 5 GitHub tokens + a GitLab access and refresh token + a PKCE
    // verifier
    assertThat(rest.countUnderPreviousKeys()).isEqualTo(18);

    assertThat(rest.reencryptBatch(4)).isEqualTo(4);
    assertThat(rest.countUnderPreviousKeys()).isEqualTo(14);
    ReencryptSecrets job = new ReencryptSecrets(rest);
    assertThat(job.run(10)).isEqualTo(14);
    assertThat(job.remaining()).isZero();
    assertThat(rest.reencryptBatch(4)).isZero();

    // the old key is no longer needed for anything
    PersistenceModule newOnly = stores(KeyRing.of(newKey));
    AesGcmSecretCipher newCipher = new AesGcmSecretCipher(KeyRing.of(newKey));
    for (int i = 0; i < hooks.size(); i++) {
      RepositoryHook stored = newOnly.hooks().find(hooks.get(i).id()).orElseThrow();
      String ad = RepositoryHook.secretContext(stored.id());
      assertThat(newCipher.decrypt(stored.secret(), ad).reveal()).isEqualTo("rotated-" + i);
      assertThat(newCipher.decrypt(stored.previousSecret(), ad).reveal()).isEqualTo("secret-" + i);
      assertThat(
              newOnly
                  .tokenVault()
                  .find(stored.managedBy(), Provider.GITHUB)
                  .orElseThrow()
                  .accessToken()
                  .reveal())
          .isEqualTo("gho_token_" + i);
    }
    ProviderCredential gitlab =
        newOnly.tokenVault().find(hooks.get(0).managedBy(), Provider.GITLAB).orElseThrow();
    assertThat(gitlab.accessToken().reveal()).isEqualTo("gl-oauth-access");
    assertThat(gitlab.renewal().refreshToken().reveal()).isEqualTo("gl-oauth-refresh");
    assertThat(newOnly.signIns().take(Sha256.hex("state-0")).orElseThrow().codeVerifier().reveal())
        .isEqualTo("pkce-verifier-0");
    assertThat(newOnly.secretsAtRest().countUnderPreviousKeys()).isZero();
  }

  @Test
  void two_instances_re_encrypting_at_once_lose_nothing() throws Exception {
    List<RepositoryHook> hooks = seed(20);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        SecretsAtRest rest = stores(KeyRing.of(newKey, oldKey)).secretsAtRest();
        runs.add(pool.submit(() -> new ReencryptSecrets(rest).run(100)));
      }
      int total = 0;
      for (Future<Integer> f : runs) total += f.get(60, TimeUnit.SECONDS);
      assertThat(total)
          .isEqualTo(63); // 20 hooks × (2 secrets + a token), a GitLab token pair, a verifier
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    PersistenceModule newOnly = stores(KeyRing.of(newKey));
    AesGcmSecretCipher newCipher = new AesGcmSecretCipher(KeyRing.of(newKey));
    for (int i = 0; i < hooks.size(); i++) {
      RepositoryHook stored = newOnly.hooks().find(hooks.get(i).id()).orElseThrow();
      assertThat(
              newCipher
                  .decrypt(stored.secret(), RepositoryHook.secretContext(stored.id()))
                  .reveal())
          .isEqualTo("rotated-" + i);
    }
  }

  @Test
  void a_secret_under_a_key_no_longer_configured_is_passed_over_and_reported() {
    seed(2);
    // one more hook under a third key, which the operator already dropped
    byte[] lostKey = key();
    PersistenceModule lost = stores(KeyRing.of(lostKey));
    Fixtures fx = new Fixtures(lost);
    fx.hook(
        fx.repository(),
        fx.user(),
        new AesGcmSecretCipher(KeyRing.of(lostKey)),
        Secret.of("unreadable"));
    SecretsAtRest rest = stores(KeyRing.of(newKey, oldKey)).secretsAtRest();
    assertThat(rest.countUnderPreviousKeys()).isEqualTo(10);

    assertThat(rest.reencryptBatch(100)).as("the readable ones go through").isEqualTo(9);
    assertThat(rest.countUnderPreviousKeys()).isEqualTo(1);
    assertThatThrownBy(() -> rest.reencryptBatch(100))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessageContaining("cannot be re-encrypted")
        .hasMessageNotContaining("unreadable");
  }

  @Test
  void a_cipher_without_keys_has_nothing_to_re_encrypt() {
    seed(1);
    Jdbi.create(dataSource)
        .useHandle(
            h ->
                assertThat(
                        h.createQuery("SELECT count(*) FROM repository_hooks")
                            .mapTo(Long.class)
                            .one())
                    .isEqualTo(1));
    PersistenceModule plain =
        PersistenceModule.create(
            dataSource,
            new dev.hookkeeper.core.port.SecretCipher() {
              @Override
              public dev.hookkeeper.core.model.EncryptedSecret encrypt(
                  Secret plaintext, String associatedData) {
                throw new AssertionError("not called");
              }

              @Override
              public Secret decrypt(
                  dev.hookkeeper.core.model.EncryptedSecret ciphertext, String associatedData) {
                throw new AssertionError("not called");
              }
            });
    assertThat(plain.secretsAtRest().countUnderPreviousKeys()).isZero();
    assertThat(plain.secretsAtRest().reencryptBatch(10)).isZero();
  }
}
