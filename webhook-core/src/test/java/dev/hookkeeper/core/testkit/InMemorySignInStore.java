package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.PendingSignIn;
import dev.hookkeeper.core.port.SignInStore;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Pending sign-ins by state hash; {@link #take} removes. Thread-safe. */
public final class InMemorySignInStore implements SignInStore {
  private final Object lock = new Object();
  private final Map<String, PendingSignIn> pending = new LinkedHashMap<>();

  @Override
  public void save(PendingSignIn signIn) {
    Objects.requireNonNull(signIn, "signIn == null");
    synchronized (lock) {
      if (pending.putIfAbsent(signIn.stateSha256(), signIn) != null) throw new IllegalStateException("state exists");
    }
  }

  @Override
  public Optional<PendingSignIn> take(String stateSha256) {
    synchronized (lock) {
      return Optional.ofNullable(pending.remove(stateSha256));
    }
  }

  @Override
  public int purgeExpired(Instant now, int batchSize) {
    synchronized (lock) {
      int purged = 0;
      for (Iterator<PendingSignIn> it = pending.values().iterator(); it.hasNext() && purged < batchSize; ) {
        if (it.next().expiredAt(now)) {
          it.remove();
          purged++;
        }
      }
      return purged;
    }
  }
}
