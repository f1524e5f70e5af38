package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.InboxBacklog;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.RepositoryId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authentic deliveries waiting for their effects: appended when they arrive (the only thing done
 * before the provider is answered), claimed and settled by the processors, put back on replay.
 * The stored delivery is the single source of truth, so processing can always run again.
 *
 * <p>Thread-safe. Every method but {@link #append} and {@link #backlog} runs inside the caller's
 * transaction ({@link TransactionRunner}). Throws {@link StoreUnavailableException} when the store
 * is down.
 */
public interface Inbox {

  /**
   * Stores each delivery (status {@code received}) unless its dedup key (provider, hook, delivery
   * id) is already stored, in list order, as one atomic and durable unit when no transaction is
   * open: element {@code i} says whether {@code deliveries.get(i)} was stored. Race-free: of
   * concurrent appends of one key exactly one gets {@code true}; a key repeated in the list is
   * stored once, for its first element.
   */
  boolean[] append(List<Delivery> deliveries);

  /**
   * Inside a transaction: up to {@code limit} received deliveries due at {@code now}, oldest first
   * (by arrival), with their bodies, all from repositories that no other open transaction has
   * claimed; those repositories stay claimed until this transaction ends, so one repository is
   * processed by one processor at a time, across every process sharing the store.
   */
  List<Delivery> claimDue(Instant now, int limit);

  /** Inside a transaction: the delivery with this id if it is still received, claimed as by {@link #claimDue}. */
  Optional<Delivery> claim(String id);

  /** Settles claimed deliveries: each leaves the inbox with its outcome. */
  void settle(List<Settlement> settlements);

  /**
   * Leaves a claimed delivery in the inbox, to be tried again from {@code at}, with the attempts
   * made so far and the last error.
   */
  void retryLater(String id, int attempts, Instant at, String error);

  /**
   * Puts a stored delivery of the repository back in the inbox to be processed again from
   * {@code at} (attempts start over, the replay is counted). Waits for a processor holding the
   * repository. Never revives a delivery whose body retention purged.
   */
  Requeue requeue(RepositoryId repositoryId, String id, Instant at);

  /**
   * {@link #requeue} for every authentic delivery of the repository matching {@code filter}, at
   * most {@code limit}, oldest first; returns how many were queued (bodiless ones never are).
   */
  int requeueMatching(RepositoryId repositoryId, ReplayFilter filter, Instant at, int limit);

  /** How many deliveries wait, and since when. */
  InboxBacklog backlog();

  /** A claimed delivery's outcome. {@code action} and {@code error} may be {@code null}. */
  record Settlement(String id, ProcessingStatus status, String action, String error, int attempts, Instant at) {
    public Settlement {
      Objects.requireNonNull(id, "id == null");
      Objects.requireNonNull(status, "status == null");
      Objects.requireNonNull(at, "at == null");
      if (!status.settled() || status == ProcessingStatus.REJECTED) {
        throw new IllegalArgumentException("a settlement is processed, ignored or failed, not " + status);
      }
    }
  }

  /**
   * Which deliveries a bulk replay takes: those with {@code status} (any when {@code null}) received
   * at or after {@code since} (any time when {@code null}).
   */
  record ReplayFilter(ProcessingStatus status, Instant since) {
    public ReplayFilter {
      if (status == ProcessingStatus.REJECTED) throw new IllegalArgumentException("rejected attempts cannot be replayed");
    }
  }

  enum Requeue {
    QUEUED,
    NOT_FOUND,
    BODY_PURGED
  }
}
