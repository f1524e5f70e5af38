package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import java.util.Objects;

/**
 * The verdict on a delivery's headers, given before its body is read: refused (with the answer to
 * give), or admitted to have its body read and verified by {@link IngestDelivery#ingest(Admitted,
 * byte[], String, java.time.Instant)}.
 */
public sealed interface Admission {

  /** Answer {@code result} without reading the body. */
  record Refused(IngestResult result) implements Admission {
    public Refused {
      Objects.requireNonNull(result, "result == null");
    }
  }

  /** The headers name a known hook: read the body. Only {@link IngestDelivery} makes these. */
  final class Admitted implements Admission {
    final Provider provider;
    final Headers headers;
    final InboundEnvelope.Complete envelope;
    final RepositoryHook hook;
    final long startedNanos;

    Admitted(Provider provider, Headers headers, InboundEnvelope.Complete envelope, RepositoryHook hook,
        long startedNanos) {
      this.provider = Objects.requireNonNull(provider, "provider == null");
      this.headers = Objects.requireNonNull(headers, "headers == null");
      this.envelope = Objects.requireNonNull(envelope, "envelope == null");
      this.hook = Objects.requireNonNull(hook, "hook == null");
      this.startedNanos = startedNanos;
    }

    /** The event the headers name, e.g. {@code workflow_run}; for logs and metrics. */
    public String event() {
      return envelope.event();
    }

    public RepositoryHook hook() {
      return hook;
    }

    @Override
    public String toString() {
      return "Admitted[" + provider.id() + " hook=" + hook.id() + " event=" + envelope.event() + "]";
    }
  }
}
