package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DeliveryEntry;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.DeliveryProcessing;
import dev.hookkeeper.core.model.DeliveryStats;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.InboxBacklog;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.DeliveryLog;
import dev.hookkeeper.core.port.Inbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The delivery log and the inbox over one set of rows, as a database holds them in one table:
 * authentic deliveries deduplicated by (provider, hook, delivery id) with their processing state,
 * plus kept refused attempts (no dedup key) and their counts. Bodies are copied in and out, so
 * callers cannot change what is stored. Every call runs under the shared lock, so a transaction
 * holds everything it claims until it ends.
 */
public final class InMemoryDeliveryLog
    implements DeliveryLog, Inbox, InMemoryTransactionRunner.Participant {
  private final Object lock;
  private final Map<DedupKey, Row> authentic = new LinkedHashMap<>();
  private final Map<String, DedupKey> byId = new HashMap<>();
  private final List<RejectedDelivery> rejected = new ArrayList<>();
  private final Map<HookId, Long> rejectedCounts = new HashMap<>();
  private long seq;

  public InMemoryDeliveryLog() {
    this(new Object());
  }

  public InMemoryDeliveryLog(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock == null");
  }

  /** One stored delivery: what arrived (immutable), its arrival order and when it is next due. */
  private record Row(Delivery delivery, long seq, Instant dueAt) {
    Row with(DeliveryProcessing processing, String action, Instant due) {
      Delivery d = delivery;
      return new Row(
          new Delivery(
              d.id(),
              d.provider(),
              d.hookId(),
              d.repositoryId(),
              d.deliveryId(),
              d.event(),
              action,
              d.headers(),
              d.body(),
              d.bodyPurged(),
              d.receivedAt(),
              processing,
              d.source()),
          seq,
          due);
    }
  }

  // --- the inbox ---

  @Override
  public boolean[] append(List<Delivery> deliveries) {
    Objects.requireNonNull(deliveries, "deliveries == null");
    synchronized (lock) {
      boolean[] fresh = new boolean[deliveries.size()];
      for (int i = 0; i < fresh.length; i++) {
        Delivery d = deliveries.get(i);
        DedupKey key = DedupKey.of(d);
        if (authentic.containsKey(key)) continue;
        Delivery stored =
            new Delivery(
                d.id(),
                d.provider(),
                d.hookId(),
                d.repositoryId(),
                d.deliveryId(),
                d.event(),
                null,
                d.headers(),
                d.body().clone(),
                false,
                d.receivedAt(),
                DeliveryProcessing.RECEIVED,
                d.source());
        authentic.put(key, new Row(stored, ++seq, d.receivedAt()));
        byId.put(d.id(), key);
        fresh[i] = true;
      }
      return fresh;
    }
  }

  @Override
  public List<Delivery> claimDue(Instant now, int limit) {
    synchronized (lock) {
      return authentic.values().stream()
          .filter(
              r -> r.delivery().status() == ProcessingStatus.RECEIVED && !r.dueAt().isAfter(now))
          .sorted(Comparator.comparingLong(Row::seq))
          .limit(limit)
          .map(r -> withBodyCopy(r.delivery()))
          .toList();
    }
  }

  @Override
  public Optional<Delivery> claim(String id) {
    synchronized (lock) {
      return row(id)
          .filter(r -> r.delivery().status() == ProcessingStatus.RECEIVED)
          .map(r -> withBodyCopy(r.delivery()));
    }
  }

  @Override
  public void settle(List<Settlement> settlements) {
    synchronized (lock) {
      for (Settlement s : settlements) {
        row(s.id())
            .filter(r -> r.delivery().status() == ProcessingStatus.RECEIVED)
            .ifPresent(
                r -> {
                  DeliveryProcessing p = r.delivery().processing();
                  put(
                      r.with(
                          new DeliveryProcessing(
                              s.status(),
                              s.error(),
                              s.attempts(),
                              s.at(),
                              p.replayedAt(),
                              p.replays()),
                          s.action(),
                          r.dueAt()));
                });
      }
    }
  }

  @Override
  public void retryLater(String id, int attempts, Instant at, String error) {
    synchronized (lock) {
      row(id)
          .filter(r -> r.delivery().status() == ProcessingStatus.RECEIVED)
          .ifPresent(
              r -> {
                DeliveryProcessing p = r.delivery().processing();
                put(
                    r.with(
                        new DeliveryProcessing(
                            ProcessingStatus.RECEIVED,
                            error,
                            attempts,
                            p.processedAt(),
                            p.replayedAt(),
                            p.replays()),
                        r.delivery().action(),
                        at));
              });
    }
  }

  @Override
  public Requeue requeue(RepositoryId repositoryId, String id, Instant at) {
    synchronized (lock) {
      Optional<Row> row = row(id).filter(r -> r.delivery().repositoryId().equals(repositoryId));
      if (row.isEmpty()) return Requeue.NOT_FOUND;
      if (row.get().delivery().bodyPurged()) return Requeue.BODY_PURGED;
      requeue(row.get(), at);
      return Requeue.QUEUED;
    }
  }

  @Override
  public int requeueMatching(
      RepositoryId repositoryId, ReplayFilter filter, Instant at, int limit) {
    synchronized (lock) {
      List<Row> matching =
          authentic.values().stream()
              .filter(
                  r ->
                      r.delivery().repositoryId().equals(repositoryId)
                          && !r.delivery().bodyPurged())
              .filter(r -> filter.status() == null || r.delivery().status() == filter.status())
              .filter(
                  r ->
                      filter.since() == null || !r.delivery().receivedAt().isBefore(filter.since()))
              .sorted(Comparator.comparingLong(Row::seq))
              .limit(limit)
              .toList();
      matching.forEach(r -> requeue(r, at));
      return matching.size();
    }
  }

  private void requeue(Row r, Instant at) {
    DeliveryProcessing p = r.delivery().processing();
    put(
        r.with(
            new DeliveryProcessing(
                ProcessingStatus.RECEIVED, null, 0, p.processedAt(), at, p.replays() + 1),
            r.delivery().action(),
            at));
  }

  @Override
  public InboxBacklog backlog() {
    synchronized (lock) {
      List<Row> pending =
          authentic.values().stream()
              .filter(r -> r.delivery().status() == ProcessingStatus.RECEIVED)
              .toList();
      Instant oldest =
          pending.stream()
              .map(r -> r.delivery().receivedAt())
              .min(Comparator.naturalOrder())
              .orElse(null);
      return new InboxBacklog(pending.size(), oldest);
    }
  }

  // --- the log ---

  @Override
  public void insertRejected(List<RejectedDelivery> attempts) {
    Objects.requireNonNull(attempts, "attempts == null");
    synchronized (lock) {
      rejected.addAll(attempts);
    }
  }

  @Override
  public void countRejected(List<RejectionTally> tallies) {
    synchronized (lock) {
      for (RejectionTally t : tallies) rejectedCounts.merge(t.hookId(), t.count(), Long::sum);
    }
  }

  @Override
  public Page<DeliveryEntry> listByRepository(
      RepositoryId repositoryId, DeliveryFilter filter, PageRequest page) {
    synchronized (lock) {
      List<DeliveryEntry> entries =
          Stream.concat(
                  authentic.values().stream()
                      .map(Row::delivery)
                      .filter(d -> d.repositoryId().equals(repositoryId))
                      .map(InMemoryDeliveryLog::entry),
                  rejected.stream()
                      .filter(r -> r.repositoryId().equals(repositoryId))
                      .map(InMemoryDeliveryLog::entry))
              .filter(e -> filter.status() == null || e.status() == filter.status())
              .filter(e -> filter.event() == null || filter.event().equals(e.event()))
              .toList();
      return Paging.newestFirst(entries, e -> new Paging.Key(e.receivedAt(), e.id()), page);
    }
  }

  @Override
  public Optional<Delivery> find(RepositoryId repositoryId, String deliveryId) {
    synchronized (lock) {
      return authentic.values().stream()
          .map(Row::delivery)
          .filter(d -> d.repositoryId().equals(repositoryId) && d.deliveryId().equals(deliveryId))
          .max(Comparator.comparing(Delivery::receivedAt).thenComparing(Delivery::id))
          .map(InMemoryDeliveryLog::withBodyCopy);
    }
  }

  @Override
  public DeliveryStats stats(HookId hookId) {
    synchronized (lock) {
      List<Delivery> mine =
          authentic.values().stream()
              .map(Row::delivery)
              .filter(d -> d.hookId().equals(hookId))
              .toList();
      long pending = mine.stream().filter(d -> d.status() == ProcessingStatus.RECEIVED).count();
      long failed = mine.stream().filter(d -> d.status() == ProcessingStatus.FAILED).count();
      Instant last =
          mine.stream().map(Delivery::receivedAt).max(Comparator.naturalOrder()).orElse(null);
      return new DeliveryStats(
          mine.size(), pending, failed, rejectedCounts.getOrDefault(hookId, 0L), last);
    }
  }

  @Override
  public int purgeBodiesBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    synchronized (lock) {
      int purged = 0;
      for (Map.Entry<DedupKey, Row> e : authentic.entrySet()) {
        Delivery d = e.getValue().delivery();
        if (purged == batchSize) break;
        if (d.receivedAt().isBefore(cutoff) && !d.bodyPurged() && d.status().settled()) {
          Row r = e.getValue();
          e.setValue(
              new Row(
                  new Delivery(
                      d.id(),
                      d.provider(),
                      d.hookId(),
                      d.repositoryId(),
                      d.deliveryId(),
                      d.event(),
                      d.action(),
                      d.headers(),
                      new byte[0],
                      true,
                      d.receivedAt(),
                      d.processing(),
                      d.source()),
                  r.seq(),
                  r.dueAt()));
          purged++;
        }
      }
      return purged;
    }
  }

  @Override
  public int purgeRejectedBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    synchronized (lock) {
      int purged = 0;
      var it = rejected.iterator();
      while (it.hasNext() && purged < batchSize) {
        if (it.next().receivedAt().isBefore(cutoff)) {
          it.remove();
          purged++;
        }
      }
      return purged;
    }
  }

  @Override
  public Runnable checkpoint() {
    Runnable rows = Checkpoints.of(authentic);
    Runnable ids = Checkpoints.of(byId);
    Runnable rej = Checkpoints.of(rejected);
    Runnable counts = Checkpoints.of(rejectedCounts);
    long seqBefore = seq;
    return () -> {
      Checkpoints.all(rows, ids, rej, counts).run();
      seq = seqBefore;
    };
  }

  private Optional<Row> row(String id) {
    DedupKey key = byId.get(id);
    return key == null ? Optional.empty() : Optional.ofNullable(authentic.get(key));
  }

  private void put(Row r) {
    authentic.put(DedupKey.of(r.delivery()), r);
  }

  private static Delivery withBodyCopy(Delivery d) {
    return d.withContent(d.headers(), d.body().clone(), d.bodyPurged());
  }

  private static DeliveryEntry entry(Delivery d) {
    return new DeliveryEntry(
        d.id(),
        d.provider(),
        d.hookId(),
        d.deliveryId(),
        d.event(),
        d.action(),
        true,
        null,
        d.receivedAt(),
        d.processing(),
        d.source());
  }

  private static DeliveryEntry entry(RejectedDelivery r) {
    return new DeliveryEntry(
        r.id(),
        r.provider(),
        r.hookId(),
        r.deliveryId(),
        r.event(),
        null,
        false,
        r.reason(),
        r.receivedAt(),
        DeliveryProcessing.REJECTED);
  }

  private record DedupKey(Provider provider, HookId hookId, String deliveryId) {
    static DedupKey of(Delivery d) {
      return new DedupKey(d.provider(), d.hookId(), d.deliveryId());
    }
  }
}
