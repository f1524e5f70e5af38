package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ReconcileState;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ReconcileSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The reconcile schedule in memory over an {@link InMemoryHookStore}'s hooks: a hook without a row
 * takes part as the port says; a row of a deleted hook is ignored, as a cascade would remove it.
 */
public final class InMemoryReconcileSchedule
    implements ReconcileSchedule, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final InMemoryHookStore hooks;
  private final Map<HookId, Row> rows = new HashMap<>();
  private final Map<TokenKey, TokenRow> tokens = new HashMap<>();

  public InMemoryReconcileSchedule(Object lock, InMemoryHookStore hooks) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
  }

  private record Row(
      Instant nextAt,
      Instant lastReconciledAt,
      Instant recoveredUntil,
      int failures,
      ProviderFailure lastError,
      String claimToken,
      Instant claimedUntil) {
    Row withNext(Instant at) {
      return new Row(
          at, lastReconciledAt, recoveredUntil, failures, lastError, claimToken, claimedUntil);
    }

    Row claimed(String token, Instant until) {
      return new Row(nextAt, lastReconciledAt, recoveredUntil, failures, lastError, token, until);
    }
  }

  private record TokenKey(Provider provider, UserId manager) {}

  private record TokenRow(HookId claimedBy, Instant claimedUntil, Instant pausedUntil) {}

  @Override
  public Optional<Claim> claimDue(Instant now, Duration lease, Duration firstAfter) {
    Objects.requireNonNull(now, "now == null");
    synchronized (lock) {
      return hooks.all().stream()
          .filter(h -> !row(h, firstAfter).nextAt().isAfter(now))
          .sorted(
              Comparator.comparing((RepositoryHook h) -> row(h, firstAfter).nextAt())
                  .thenComparing(h -> h.id().value()))
          .filter(h -> claimable(h, now))
          .findFirst()
          .map(h -> take(h, row(h, firstAfter), now, lease));
    }
  }

  @Override
  public Optional<Claim> claim(HookId hookId, Instant now, Duration lease) {
    synchronized (lock) {
      return hooks
          .find(hookId)
          .filter(h -> claimable(h, now))
          .map(h -> take(h, row(h, Duration.ZERO), now, lease));
    }
  }

  private boolean claimable(RepositoryHook hook, Instant now) {
    Row r = rows.get(hook.id());
    if (r != null && r.claimedUntil() != null && r.claimedUntil().isAfter(now)) return false;
    TokenRow t = tokens.get(new TokenKey(hook.provider(), hook.managedBy()));
    if (t == null) return true;
    boolean busy =
        t.claimedUntil() != null
            && t.claimedUntil().isAfter(now)
            && !t.claimedBy().equals(hook.id());
    boolean paused = t.pausedUntil() != null && t.pausedUntil().isAfter(now);
    return !busy && !paused;
  }

  private Claim take(RepositoryHook hook, Row row, Instant now, Duration lease) {
    String token = UUID.randomUUID().toString();
    Instant until = now.plus(lease);
    rows.put(hook.id(), row.claimed(token, until));
    TokenKey key = new TokenKey(hook.provider(), hook.managedBy());
    TokenRow t = tokens.get(key);
    tokens.put(key, new TokenRow(hook.id(), until, t == null ? null : t.pausedUntil()));
    return new Claim(hook.id(), token, hook.provider(), hook.managedBy(), until);
  }

  private Row row(RepositoryHook hook, Duration firstAfter) {
    Row r = rows.get(hook.id());
    return r != null
        ? r
        : new Row(hook.createdAt().plus(firstAfter), null, null, 0, null, null, null);
  }

  @Override
  public boolean complete(
      Claim claim,
      Instant finishedAt,
      Instant nextAt,
      Instant recoveredUntil,
      ProviderFailure error) {
    Objects.requireNonNull(claim, "claim == null");
    Objects.requireNonNull(finishedAt, "finishedAt == null");
    Objects.requireNonNull(nextAt, "nextAt == null");
    synchronized (lock) {
      TokenKey key = new TokenKey(claim.provider(), claim.manager());
      TokenRow t = tokens.get(key);
      if (t != null && t.claimedBy().equals(claim.hookId()))
        tokens.put(key, new TokenRow(t.claimedBy(), null, t.pausedUntil()));
      Row r = rows.get(claim.hookId());
      if (r == null
          || !claim.token().equals(r.claimToken())
          || hooks.find(claim.hookId()).isEmpty()) return false;
      rows.put(
          claim.hookId(),
          new Row(
              nextAt,
              finishedAt,
              recoveredUntil != null ? recoveredUntil : r.recoveredUntil(),
              error == null ? 0 : r.failures() + 1,
              error,
              null,
              null));
      return true;
    }
  }

  @Override
  public void pauseToken(Provider provider, UserId manager, Instant until) {
    synchronized (lock) {
      TokenKey key = new TokenKey(provider, manager);
      TokenRow t = tokens.get(key);
      Instant paused =
          t != null && t.pausedUntil() != null && t.pausedUntil().isAfter(until)
              ? t.pausedUntil()
              : until;
      tokens.put(
          key,
          new TokenRow(
              t == null ? null : t.claimedBy(), t == null ? null : t.claimedUntil(), paused));
    }
  }

  @Override
  public void dueBy(Collection<HookId> hookIds, Instant at) {
    synchronized (lock) {
      for (HookId id : hookIds) hooks.find(id).ifPresent(h -> due(h, at));
    }
  }

  @Override
  public void allDueBy(Instant at) {
    synchronized (lock) {
      hooks.all().forEach(h -> due(h, at));
    }
  }

  private void due(RepositoryHook hook, Instant at) {
    Row r = row(hook, Duration.ZERO);
    rows.put(hook.id(), r.nextAt().isAfter(at) || rows.get(hook.id()) == null ? r.withNext(at) : r);
  }

  @Override
  public Optional<ReconcileState> find(HookId hookId) {
    synchronized (lock) {
      Row r = rows.get(hookId);
      if (r == null || hooks.find(hookId).isEmpty()) return Optional.empty();
      return Optional.of(
          new ReconcileState(
              hookId,
              r.nextAt(),
              r.lastReconciledAt(),
              r.recoveredUntil(),
              r.failures(),
              r.lastError()));
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(rows), Checkpoints.of(tokens));
  }
}
