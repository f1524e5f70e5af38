package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.SecretCipher;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets a hook's deliveries may be signed with, decrypted once per stored ciphertext instead
 * of once per delivery, because each decryption pays an AES-GCM key schedule (its cost:
 * docs/performance.md, "Cost model"). An entry is used only while the hook still carries the very
 * ciphertexts it was decrypted from, so a rotated secret is never answered from here. The
 * plaintexts live in this process's memory like the encryption key itself does; they are never
 * logged or returned.
 */
final class DecryptedSecrets {
  /** Bounds memory whatever the number of hooks: past it the cache starts over. */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(EncryptedSecret current, EncryptedSecret previous, List<Secret> secrets) {
    boolean decrypts(RepositoryHook hook) {
      return current.equals(hook.secret()) && Objects.equals(previous, hook.previousSecret());
    }
  }

  private final SecretCipher cipher;
  private final ConcurrentHashMap<HookId, Entry> cache = new ConcurrentHashMap<>();

  DecryptedSecrets(SecretCipher cipher) {
    this.cipher = cipher;
  }

  /** The current secret, then the previous one while a rotation is in its grace period. */
  List<Secret> of(RepositoryHook hook) {
    Entry kept = cache.get(hook.id());
    if (kept != null && kept.decrypts(hook)) return kept.secrets();
    String context = RepositoryHook.secretContext(hook.id());
    Secret current = cipher.decrypt(hook.secret(), context);
    List<Secret> secrets =
        hook.previousSecret() == null
            ? List.of(current)
            : List.of(current, cipher.decrypt(hook.previousSecret(), context));
    if (cache.size() >= MAX_ENTRIES) cache.clear();
    cache.put(hook.id(), new Entry(hook.secret(), hook.previousSecret(), secrets));
    return secrets;
  }
}
