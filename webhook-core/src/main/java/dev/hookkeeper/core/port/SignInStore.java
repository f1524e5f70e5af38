package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.PendingSignIn;
import java.time.Instant;
import java.util.Optional;

/**
 * Sign-ins waiting for the provider's callback. {@link #take} is the one-time use of a {@code state}:
 * of two concurrent takes of one state, exactly one gets it. Thread-safe; throws {@link
 * StoreUnavailableException} when the store is down.
 */
public interface SignInStore {

  void save(PendingSignIn signIn);

  /** Removes and returns the sign-in with that state hash, expired or not. */
  Optional<PendingSignIn> take(String stateSha256);

  /** Deletes at most {@code batchSize} sign-ins expired at {@code now}; returns how many. */
  int purgeExpired(Instant now, int batchSize);
}
