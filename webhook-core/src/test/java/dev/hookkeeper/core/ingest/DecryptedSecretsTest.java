package dev.hookkeeper.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.KeyRing;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecryptedSecretsTest {
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private final AesGcmSecretCipher aes =
      new AesGcmSecretCipher(KeyRing.fromBase64(Base64.getEncoder().encodeToString(new byte[32]), List.of()));
  private final AtomicInteger decryptions = new AtomicInteger();
  private final SecretCipher counting = new SecretCipher() {
    @Override
    public EncryptedSecret encrypt(Secret plaintext, String associatedData) {
      return aes.encrypt(plaintext, associatedData);
    }

    @Override
    public Secret decrypt(EncryptedSecret ciphertext, String associatedData) {
      decryptions.incrementAndGet();
      return aes.decrypt(ciphertext, associatedData);
    }
  };
  private final DecryptedSecrets secrets = new DecryptedSecrets(counting);

  @Test
  void decrypts_a_hooks_secret_once_for_all_its_deliveries() {
    RepositoryHook hook = hook("hook-1", "first-secret-0123456789");
    for (int i = 0; i < 100; i++) assertThat(values(secrets.of(hook))).containsExactly("first-secret-0123456789");
    assertThat(decryptions).hasValue(1);
  }

  @Test
  void a_rotated_secret_is_decrypted_anew_and_the_previous_one_stays_accepted() {
    RepositoryHook hook = hook("hook-1", "first-secret-0123456789");
    secrets.of(hook);
    RepositoryHook rotated = hook.withRotatedSecret(
        aes.encrypt(Secret.of("second-secret-012345678"), RepositoryHook.secretContext(hook.id())), "hash-2", T0);

    assertThat(values(secrets.of(rotated))).containsExactly("second-secret-012345678", "first-secret-0123456789");
    assertThat(decryptions).hasValue(3);
    assertThat(values(secrets.of(rotated))).hasSize(2);
    assertThat(decryptions).hasValue(3);
  }

  @Test
  void hooks_are_kept_apart() {
    assertThat(values(secrets.of(hook("hook-1", "secret-of-hook-one-0123")))).containsExactly("secret-of-hook-one-0123");
    assertThat(values(secrets.of(hook("hook-2", "secret-of-hook-two-0123")))).containsExactly("secret-of-hook-two-0123");
    assertThat(values(secrets.of(hook("hook-1", "secret-of-hook-one-0123")))).hasSize(1);
  }

  private RepositoryHook hook(String id, String secret) {
    HookId hookId = new HookId(id);
    EncryptedSecret encrypted = aes.encrypt(Secret.of(secret), RepositoryHook.secretContext(hookId));
    return new RepositoryHook(hookId, new RepositoryId("repo-1"), Provider.GITHUB, "42", encrypted, null, "hash-1",
        "https://hooks.example.com/github", List.of("workflow_run"), HookStatus.ACTIVE, null, null,
        new UserId("user-1"), 1, T0, T0, null);
  }

  private static List<String> values(List<Secret> secrets) {
    return secrets.stream().map(Secret::reveal).toList();
  }
}
