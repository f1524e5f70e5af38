package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryId;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The one log line of an ingest request: provider, delivery id, hook, repository, outcome and
 * duration. Values a sender controls are cut short and stripped of control characters; no header
 * that carries a credential is ever read here.
 */
final class IngestLog {
  private static final int MAX_VALUE = 100;

  private final Provider provider;
  private final long startNanos;
  private String deliveryId;
  private String event;
  private String hookId;
  private String repository;
  private String outcome = "unknown";
  private String error;

  IngestLog(Provider provider, long startNanos) {
    this.provider = provider;
    this.startNanos = startNanos;
  }

  IngestLog presented(Headers headers) {
    if (provider == Provider.GITHUB) {
      deliveryId = clean(headers.first("X-GitHub-Delivery").orElse(null));
      event = clean(headers.first("X-GitHub-Event").orElse(null));
    } else {
      deliveryId = clean(headers.first("Idempotency-Key")
          .or(() -> headers.first("X-Gitlab-Event-UUID")).orElse(null));
      event = clean(headers.first("X-Gitlab-Event").orElse(null));
    }
    return this;
  }

  IngestLog delivery(String id) {
    deliveryId = clean(id);
    return this;
  }

  IngestLog hook(HookId hook, RepositoryId repo) {
    hookId = hook == null ? null : hook.value();
    repository = repo == null ? null : repo.value();
    return this;
  }

  IngestLog delivered(Delivery d) {
    deliveryId = clean(d.deliveryId());
    event = clean(d.event());
    return hook(d.hookId(), d.repositoryId());
  }

  IngestLog outcome(String name) {
    outcome = name;
    return this;
  }

  IngestLog error(String message) {
    error = clean(message);
    return this;
  }

  Provider provider() {
    return provider;
  }

  String event() {
    return event;
  }

  String outcomeName() {
    return outcome;
  }

  long startNanos() {
    return startNanos;
  }

  void write(Logger log, int status, long nanos) {
    LoggingEventBuilder line = log.atLevel(status >= 500 ? Level.WARN : Level.INFO)
        .addKeyValue("provider", provider.id());
    line = add(line, "delivery_id", deliveryId);
    line = add(line, "event", event);
    line = add(line, "hook_id", hookId);
    line = add(line, "repository", repository);
    line = line.addKeyValue("outcome", outcome).addKeyValue("status", status)
        .addKeyValue("duration_ms", Math.round(nanos / 10_000.0) / 100.0);
    line = add(line, "error", error);
    line.log("ingest {} {}", provider.id(), outcome);
  }

  private static LoggingEventBuilder add(LoggingEventBuilder line, String key, String value) {
    return value == null ? line : line.addKeyValue(key, value);
  }

  static String clean(String value) {
    if (value == null) return null;
    String cut = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
    StringBuilder sb = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return sb.toString();
  }
}
