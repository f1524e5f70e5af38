package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.UserStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Users keyed by id and by API-token hash. Thread-safe. */
public final class InMemoryUserStore implements UserStore, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<UserId, User> users = new HashMap<>();
  private final Map<String, UserId> byTokenHash = new HashMap<>();

  public InMemoryUserStore() {
    this(new Object());
  }

  public InMemoryUserStore(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  /** @throws IllegalStateException for a taken id or token hash, as a unique constraint would */
  @Override
  public void create(User user, String apiTokenSha256) {
    Objects.requireNonNull(user, "user == null");
    Objects.requireNonNull(apiTokenSha256, "apiTokenSha256 == null");
    synchronized (lock) {
      if (users.containsKey(user.id())) throw new IllegalStateException("user exists: " + user.id());
      if (byTokenHash.containsKey(apiTokenSha256)) throw new IllegalStateException("api token hash taken");
      users.put(user.id(), user);
      byTokenHash.put(apiTokenSha256, user.id());
    }
  }

  @Override
  public Optional<User> find(UserId id) {
    synchronized (lock) {
      return Optional.ofNullable(users.get(id));
    }
  }

  @Override
  public Optional<User> findByApiToken(String apiTokenSha256) {
    synchronized (lock) {
      return Optional.ofNullable(byTokenHash.get(apiTokenSha256)).map(users::get);
    }
  }

  @Override
  public boolean replaceApiToken(UserId id, String newApiTokenSha256) {
    Objects.requireNonNull(newApiTokenSha256, "newApiTokenSha256 == null");
    synchronized (lock) {
      if (!users.containsKey(id)) return false;
      if (byTokenHash.containsKey(newApiTokenSha256)) throw new IllegalStateException("api token hash taken");
      byTokenHash.values().removeIf(id::equals);
      byTokenHash.put(newApiTokenSha256, id);
      return true;
    }
  }

  @Override
  public boolean delete(UserId id) {
    synchronized (lock) {
      if (users.remove(id) == null) return false;
      byTokenHash.values().removeIf(id::equals);
      return true;
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(users), Checkpoints.of(byTokenHash));
  }
}
