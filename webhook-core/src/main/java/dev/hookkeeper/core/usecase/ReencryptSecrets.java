package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.port.SecretsAtRest;
import java.util.Objects;

/**
 * Finishes an encryption-key rotation by itself: every secret still encrypted under a previous key
 * is re-encrypted under the current one, in bounded batches (one transaction each), so the previous
 * key can be dropped once {@link #remaining()} is 0. Safe on every instance at once: a row changed
 * meanwhile is left for the next batch.
 */
public final class ReencryptSecrets {
  static final int BATCH = 200;

  private final SecretsAtRest secrets;

  public ReencryptSecrets(SecretsAtRest secrets) {
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
  }

  /** Re-encrypts at most {@code maxBatches} batches; returns how many secrets it re-encrypted. */
  public int run(int maxBatches) {
    int total = 0;
    for (int i = 0; i < maxBatches; i++) {
      int n = secrets.reencryptBatch(BATCH);
      total += n;
      if (n < BATCH) break;
    }
    return total;
  }

  /** Secrets still encrypted under a previous key. */
  public long remaining() {
    return secrets.countUnderPreviousKeys();
  }
}
