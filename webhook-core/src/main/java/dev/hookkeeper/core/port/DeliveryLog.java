package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The log of every delivery that reached a known hook: authentic ones (stored through the
 * {@link Inbox}) and refused attempts, of which a sample is kept and all are counted. Thread-safe;
 * throws {@link StoreUnavailableException} when the store is down.
 */
public interface DeliveryLog {

  /** Keeps refused attempts for forensics. They take no dedup key: any number may share a delivery id. */
  void insertRejected(List<RejectedDelivery> rejected);

  /** Adds to the durable per (hook, reason) counts of refused attempts. */
  void countRejected(List<RejectionTally> tallies);

  /** Both kinds, newest first, without bodies. */
  default Page<DeliveryEntry> listByRepository(RepositoryId repositoryId, PageRequest page) {
    return listByRepository(repositoryId, DeliveryFilter.ANY, page);
  }

  /** As {@link #listByRepository(RepositoryId, PageRequest)}, only the entries the filter matches. */
  Page<DeliveryEntry> listByRepository(RepositoryId repositoryId, DeliveryFilter filter, PageRequest page);

  /** The newest authentic delivery of the repository with that provider delivery id, with body. */
  Optional<Delivery> find(RepositoryId repositoryId, String deliveryId);

  DeliveryStats stats(HookId hookId);

  /**
   * Drops the raw bodies of settled deliveries received before {@code cutoff}, at most
   * {@code batchSize} rows; the rows stay, and a delivery still waiting in the inbox keeps its
   * body. Returns how many bodies were dropped.
   */
  int purgeBodiesBefore(Instant cutoff, int batchSize);

  /** Deletes kept refused attempts received before {@code cutoff}, at most {@code batchSize}; the counts stay. */
  int purgeRejectedBefore(Instant cutoff, int batchSize);

  /** {@code count} more refused attempts on a hook for one reason. */
  record RejectionTally(HookId hookId, String reason, long count) {
    public RejectionTally {
      Objects.requireNonNull(hookId, "hookId == null");
      Objects.requireNonNull(reason, "reason == null");
      if (count < 1) throw new IllegalArgumentException("'count' must be at least 1");
    }
  }
}
