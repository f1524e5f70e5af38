package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.DeliveryLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Authentic deliveries deduplicated by (provider, hook, delivery id), plus rejected attempts that
 * take no dedup key. Bodies are copied in and out, so callers cannot change what is stored.
 */
public final class InMemoryDeliveryLog implements DeliveryLog, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<DedupKey, Delivery> authentic = new LinkedHashMap<>();
  private final List<RejectedDelivery> rejected = new ArrayList<>();

  public InMemoryDeliveryLog() {
    this(new Object());
  }

  public InMemoryDeliveryLog(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  @Override
  public boolean insert(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery == null");
    synchronized (lock) {
      return authentic.putIfAbsent(DedupKey.of(delivery), copy(delivery, delivery.body().clone())) == null;
    }
  }

  @Override
  public void insertRejected(RejectedDelivery attempt) {
    Objects.requireNonNull(attempt, "attempt == null");
    synchronized (lock) {
      rejected.add(attempt);
    }
  }

  @Override
  public Page<DeliveryEntry> listByRepository(RepositoryId repositoryId, PageRequest page) {
    synchronized (lock) {
      List<DeliveryEntry> entries = Stream.concat(
              authentic.values().stream().filter(d -> d.repositoryId().equals(repositoryId)).map(InMemoryDeliveryLog::entry),
              rejected.stream().filter(r -> r.repositoryId().equals(repositoryId)).map(InMemoryDeliveryLog::entry))
          .toList();
      return Paging.newestFirst(entries, e -> new Paging.Key(e.receivedAt(), e.id()), page);
    }
  }

  @Override
  public Optional<Delivery> find(RepositoryId repositoryId, String deliveryId) {
    synchronized (lock) {
      return authentic.values().stream()
          .filter(d -> d.repositoryId().equals(repositoryId) && d.deliveryId().equals(deliveryId))
          .max(Comparator.comparing(Delivery::receivedAt).thenComparing(Delivery::id))
          .map(d -> copy(d, d.body().clone()));
    }
  }

  @Override
  public DeliveryStats stats(HookId hookId) {
    synchronized (lock) {
      List<Delivery> mine = authentic.values().stream().filter(d -> d.hookId().equals(hookId)).toList();
      long rejectedCount = rejected.stream().filter(r -> r.hookId().equals(hookId)).count();
      long failed = mine.stream().filter(d -> d.status() == ProcessingStatus.FAILED).count() + rejectedCount;
      Instant last = mine.stream().map(Delivery::receivedAt).max(Comparator.naturalOrder()).orElse(null);
      return new DeliveryStats(mine.size() + rejectedCount, failed, last);
    }
  }

  @Override
  public int purgeBodiesBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    synchronized (lock) {
      int purged = 0;
      for (Map.Entry<DedupKey, Delivery> e : authentic.entrySet()) {
        Delivery d = e.getValue();
        if (purged == batchSize) break;
        if (d.receivedAt().isBefore(cutoff) && d.body().length > 0) {
          e.setValue(copy(d, new byte[0]));
          purged++;
        }
      }
      return purged;
    }
  }

  @Override
  public Runnable checkpoint() {
    return Checkpoints.all(Checkpoints.of(authentic), Checkpoints.of(rejected));
  }

  private static Delivery copy(Delivery d, byte[] body) {
    return new Delivery(d.id(), d.provider(), d.hookId(), d.repositoryId(), d.deliveryId(), d.event(),
        d.action(), d.status(), d.error(), d.headers(), body, d.durationMicros(), d.receivedAt(), d.processedAt());
  }

  private static DeliveryEntry entry(Delivery d) {
    return new DeliveryEntry(d.id(), d.provider(), d.hookId(), d.deliveryId(), d.event(), d.action(), true,
        null, d.status(), d.error(), d.durationMicros(), d.receivedAt());
  }

  private static DeliveryEntry entry(RejectedDelivery r) {
    return new DeliveryEntry(r.id(), r.provider(), r.hookId(), r.deliveryId(), r.event(), null, false,
        r.reason(), ProcessingStatus.REJECTED, null, 0, r.receivedAt());
  }

  private record DedupKey(Provider provider, HookId hookId, String deliveryId) {
    static DedupKey of(Delivery d) {
      return new DedupKey(d.provider(), d.hookId(), d.deliveryId());
    }
  }
}
