package dev.hookkeeper.app;

import dev.hookkeeper.core.ingest.ProcessingListener;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.InboxBacklog;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.port.Inbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's meters: deliveries settled by outcome, the lag from arrival to committed effects,
 * and the backlog (read from the store at most once a second, however often it is scraped). One
 * log line per delivery that failed or is retried, with its delivery id, repository and hook.
 */
final class InboxMetrics implements ProcessingListener {
  private static final Logger log = LoggerFactory.getLogger("dev.hookkeeper.app.inbox");
  private static final long BACKLOG_READ_EVERY_NANOS = 1_000_000_000L;

  private final Map<ProcessingStatus, Counter> settled = new EnumMap<>(ProcessingStatus.class);
  private final Timer lag;
  private final Inbox inbox;
  private final AtomicReference<Reading> backlog = new AtomicReference<>(new Reading(InboxBacklog.EMPTY, 0, false));

  private record Reading(InboxBacklog backlog, long readAtNanos, boolean valid) {}

  InboxMetrics(MeterRegistry registry, Inbox inbox) {
    this.inbox = inbox;
    for (ProcessingStatus s : ProcessingStatus.values()) {
      if (s == ProcessingStatus.REJECTED) continue;
      settled.put(s, Counter.builder("hookkeeper.inbox.settled")
          .description("Deliveries the processors settled, by outcome (received: put back for a retry)")
          .tag("outcome", s.wireName()).register(registry));
    }
    lag = Timer.builder("hookkeeper.inbox.lag")
        .description("Time from a delivery's arrival to its committed effects")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry);
    Gauge.builder("hookkeeper.inbox.pending", this, m -> m.backlog().pending())
        .description("Deliveries stored and not processed yet").register(registry);
    Gauge.builder("hookkeeper.inbox.oldest.age", this, m -> {
      Instant oldest = m.backlog().oldestReceivedAt();
      return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
    }).description("Age of the oldest unprocessed delivery").baseUnit("seconds").register(registry);
  }

  @Override
  public void settled(Delivery delivery, ProcessingStatus status, String error, Instant at) {
    Counter c = settled.get(status);
    if (c != null) c.increment();
    if (status != ProcessingStatus.RECEIVED) lag.record(Duration.between(delivery.receivedAt(), at));
    if (status == ProcessingStatus.FAILED || status == ProcessingStatus.RECEIVED) {
      log.atWarn().addKeyValue("delivery_id", delivery.deliveryId()).addKeyValue("repository", delivery.repositoryId().value())
          .addKeyValue("hook_id", delivery.hookId().value()).addKeyValue("outcome", status.wireName())
          .addKeyValue("error", error)
          .log(status == ProcessingStatus.FAILED ? "delivery processing failed for good" : "delivery processing retried");
    }
  }

  private InboxBacklog backlog() {
    Reading r = backlog.get();
    long now = System.nanoTime();
    if (r.valid() && now - r.readAtNanos() < BACKLOG_READ_EVERY_NANOS) return r.backlog();
    try {
      InboxBacklog fresh = inbox.backlog();
      backlog.set(new Reading(fresh, now, true));
      return fresh;
    } catch (RuntimeException e) {
      return r.backlog(); // the store is down: the last reading, rather than a failed scrape
    }
  }
}
