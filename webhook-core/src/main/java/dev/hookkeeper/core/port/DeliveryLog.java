package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
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

/** Every delivery that reached a known hook: authentic ones (deduplicated) and rejected attempts. */
public interface DeliveryLog {

  /**
   * Stores an authentic delivery unless (provider, hook, deliveryId) is already stored. Race-free
   * (insert-or-nothing, not read-then-write): of concurrent callers exactly one gets {@code true}.
   */
  boolean insert(Delivery delivery);

  /**
   * {@link #insert} for each delivery, in list order, inside the caller's transaction: element
   * {@code i} of the result says whether {@code deliveries.get(i)} was stored. A delivery whose key
   * an earlier element of the same list took is not stored. Adapters override this to save round
   * trips; the default loops.
   */
  default boolean[] insertAll(List<Delivery> deliveries) {
    Objects.requireNonNull(deliveries, "deliveries == null");
    boolean[] inserted = new boolean[deliveries.size()];
    for (int i = 0; i < inserted.length; i++) inserted[i] = insert(deliveries.get(i));
    return inserted;
  }

  /** Records a rejected attempt. Takes no dedup key: any number may share a delivery id. */
  void insertRejected(RejectedDelivery rejected);

  /** Both kinds, newest first, without bodies. */
  Page<DeliveryEntry> listByRepository(RepositoryId repositoryId, PageRequest page);

  /** The newest authentic delivery of the repository with that provider delivery id, with body. */
  Optional<Delivery> find(RepositoryId repositoryId, String deliveryId);

  DeliveryStats stats(HookId hookId);

  /**
   * Drops the raw bodies of deliveries received before {@code cutoff}, at most {@code batchSize}
   * rows; the rows stay. Returns how many bodies were dropped.
   */
  int purgeBodiesBefore(Instant cutoff, int batchSize);
}
