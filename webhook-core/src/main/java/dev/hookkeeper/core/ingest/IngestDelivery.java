package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundEnvelope;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.WebhookInfraException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The universal ingest path: persist, acknowledge, then process. A delivery is answered as soon as
 * it is verified and durably appended to the inbox; its effects are applied afterwards, from the
 * stored delivery, by the {@link InboxProcessor}.
 *
 * <p>Two steps, so a host never reads a body it does not have to: {@link #admit} judges the headers
 * (a missing header, an unknown hook and a store known to be down are answered before the body is
 * read), {@link #ingest(Admission.Admitted, byte[], String, Instant)} verifies the body and appends
 * it. Authentication comes before anything with an effect: a refused attempt takes no dedup key and
 * changes no state, and costs the store at most an amortised share of a write ({@link
 * RejectionLedger}).
 *
 * <p>The whole "answer in time" policy lives here: every delivery is answered within {@link
 * IngestSettings#answerWithin()} — stored, or {@link IngestResult.Unavailable} — and while the
 * store is down deliveries are refused at once, one at a time trying it again ({@link
 * StoreOutageGate}). {@link #close} appends what is queued and stops the threads.
 */
public final class IngestDelivery implements AutoCloseable {
  private final Ports ports;
  private final Providers providers;
  private final IngestSettings settings;
  private final HookLookup lookup;
  private final DecryptedSecrets secrets;
  private final InboxAppender appender;
  private final RejectionLedger rejections;
  private final StoreOutageGate gate;
  private final Thread ledgerFlusher;
  private volatile boolean closed;

  /**
   * @param appended told, after each commit, of the deliveries it stored (the processor's wake-up)
   */
  public IngestDelivery(
      Ports ports,
      Providers providers,
      IngestSettings settings,
      Consumer<List<Delivery>> appended) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    Objects.requireNonNull(appended, "appended == null");
    this.lookup = new HookLookup(ports.hooks(), settings.hookCacheTtl());
    this.secrets = new DecryptedSecrets(ports.cipher());
    this.appender =
        new InboxAppender(ports.inbox(), settings.appendWriters(), settings.maxBatch(), appended);
    this.rejections =
        new RejectionLedger(ports.deliveries(), ports.clock(), settings.rejectedKeptPerMinute());
    this.gate = new StoreOutageGate(settings.storeRetry().toNanos(), System::nanoTime);
    this.ledgerFlusher =
        new Thread(this::flushRejectionsEverySecond, "hookkeeper-rejection-ledger");
    ledgerFlusher.setDaemon(true);
    ledgerFlusher.start();
  }

  /**
   * Judges a delivery by its headers alone. Reads no body and writes nothing.
   *
   * @throws IllegalArgumentException for a provider with no decoder configured
   */
  public Admission admit(Provider provider, Headers headers) {
    long started = System.nanoTime();
    InboundDecoder decoder = decoder(provider);
    InboundEnvelope envelope = decoder.envelope(headers);
    if (envelope instanceof InboundEnvelope.MissingHeader missing) {
      return new Admission.Refused(new IngestResult.MissingHeader(missing.header()));
    }
    InboundEnvelope.Complete complete = (InboundEnvelope.Complete) envelope;
    if (!gate.open()) return new Admission.Refused(new IngestResult.Unavailable("store_down"));
    Optional<RepositoryHook> hook;
    try {
      // the answer is due in answerWithin; a lookup that takes most of it leaves the append no time
      hook =
          lookup.find(
              provider,
              complete.hook(),
              started + settings.answerWithin().toNanos() - InboxAppender.MARGIN_NANOS);
    } catch (WebhookInfraException e) {
      return new Admission.Refused(new IngestResult.Unavailable(e.getClass().getSimpleName()));
    }
    if (hook.isEmpty()) {
      String reason =
          complete.hook() instanceof HookLocator.Unidentifiable u ? u.reason() : "unknown_hook";
      return new Admission.Refused(new IngestResult.Unauthenticated(reason, null, null));
    }
    return new Admission.Admitted(provider, headers, complete, hook.get(), started);
  }

  /**
   * Verifies an admitted delivery's body and stores it. Returns {@link IngestResult.Accepted} or
   * {@link IngestResult.Duplicate} only once it is durable; never later than the admission's answer
   * time (or one second after the body arrived, if reading it took longer).
   *
   * @throws IllegalStateException after {@link #close}
   */
  public IngestResult ingest(
      Admission.Admitted admitted, byte[] body, String remoteAddress, Instant receivedAt) {
    Objects.requireNonNull(admitted, "admitted == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(remoteAddress, "remoteAddress == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    if (closed) throw new IllegalStateException("ingest is closed");
    InboundDecoder decoder = decoder(admitted.provider);
    RepositoryHook hook = admitted.hook;
    SignatureCheck check = decoder.verify(admitted.headers, body, secrets.of(hook));
    if (!check.valid()) {
      // the kept hook may predate a new secret: judge by what is stored before refusing
      Optional<RepositoryHook> stored = reload(admitted);
      if (stored.isPresent() && !stored.get().equals(hook)) {
        hook = stored.get();
        check = decoder.verify(admitted.headers, body, secrets.of(hook));
      }
      if (!check.valid())
        return reject(admitted, hook, body, remoteAddress, receivedAt, check.reason());
    }
    return store(admitted, hook, body, receivedAt);
  }

  /** Both steps at once, for a host that already holds the whole request. */
  public IngestResult ingest(Provider provider, InboundRequest request) {
    Admission admission = admit(provider, request.headers());
    if (admission instanceof Admission.Refused refused) return refused.result();
    return ingest(
        (Admission.Admitted) admission,
        request.body(),
        request.remoteAddress(),
        request.receivedAt());
  }

  private IngestResult store(
      Admission.Admitted admitted, RepositoryHook hook, byte[] body, Instant receivedAt) {
    StoreOutageGate.Pass pass = gate.admit();
    if (pass == null) return new IngestResult.Unavailable("store_down");
    String deliveryId =
        admitted.envelope.deliveryId() != null ? admitted.envelope.deliveryId() : Sha256.hex(body);
    Delivery delivery =
        Delivery.received(
            ports.ids().newId("dlv"),
            hook.provider(),
            hook.id(),
            hook.repositoryId(),
            deliveryId,
            admitted.envelope.event(),
            admitted.headers.withoutCredentials(),
            body,
            receivedAt);
    long now = System.nanoTime();
    long deadline =
        Math.max(
            admitted.startedNanos + settings.answerWithin().toNanos(),
            now + TimeUnit.SECONDS.toNanos(1));
    AppendUnit unit = appender.submit(delivery, deadline);
    try {
      boolean fresh = unit.stored().get(deadline - now, TimeUnit.NANOSECONDS);
      gate.committed(pass);
      return fresh
          ? new IngestResult.Accepted(delivery)
          : new IngestResult.Duplicate(deliveryId, hook.id(), hook.repositoryId());
    } catch (TimeoutException e) {
      // taken by a writer already, it may yet be stored: harmless, a redelivery is a duplicate
      unit.abandon();
      gate.failed(pass);
      return new IngestResult.Unavailable("store_too_slow");
    } catch (ExecutionException e) {
      gate.failed(pass);
      return new IngestResult.Unavailable(e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      unit.abandon();
      gate.done(pass);
      return new IngestResult.Unavailable("interrupted");
    } catch (RuntimeException | Error e) {
      gate.done(pass); // a trial must never stay running: the gate would refuse everything after it
      throw e;
    }
  }

  private Optional<RepositoryHook> reload(Admission.Admitted admitted) {
    try {
      return lookup.reload(
          admitted.provider,
          admitted.envelope.hook(),
          admitted.startedNanos,
          Math.max(
              admitted.startedNanos + settings.answerWithin().toNanos(),
              System.nanoTime() + InboxAppender.MARGIN_NANOS));
    } catch (WebhookInfraException e) {
      return Optional.empty();
    }
  }

  private IngestResult reject(
      Admission.Admitted admitted,
      RepositoryHook hook,
      byte[] body,
      String remoteAddress,
      Instant receivedAt,
      String reason) {
    rejections.record(
        new RejectedDelivery(
            ports.ids().newId("dlv"),
            hook.provider(),
            hook.id(),
            hook.repositoryId(),
            admitted.envelope.deliveryId(),
            admitted.envelope.event(),
            reason,
            admitted.headers.withoutCredentials(),
            body.length,
            Sha256.hex(body),
            remoteAddress,
            receivedAt));
    return new IngestResult.Unauthenticated(reason, hook.id(), hook.repositoryId());
  }

  /** Drops a hook this process just changed, so the next delivery reads it again. */
  public void forgetHook(dev.hookkeeper.core.model.HookId id) {
    lookup.forget(id);
  }

  /** Drops every hook kept in memory (after changes this process may not have heard of). */
  public void forgetAllHooks() {
    lookup.forgetAll();
  }

  /** Writes the refused attempts counted so far (normally done every second). */
  public void flushRejections() {
    rejections.flush();
  }

  private void flushRejectionsEverySecond() {
    while (!closed) {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
      rejections.flush();
    }
  }

  private InboundDecoder decoder(Provider provider) {
    return providers
        .decoder(provider)
        .orElseThrow(
            () -> new IllegalArgumentException("provider not configured: " + provider.id()));
  }

  /** Deliveries queued for an append and not yet taken (for tests). */
  int queuedForAppend() {
    return appender.queued();
  }

  /** Append threads still running (for tests). */
  int appendThreadsAlive() {
    return appender.writersAlive();
  }

  /** Refuses new deliveries, appends those already queued, writes the refusals counted, stops. */
  @Override
  public void close() {
    closed = true;
    appender.close();
    lookup.close();
    ledgerFlusher.interrupt();
    try {
      ledgerFlusher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      rejections.flush();
    } catch (RuntimeException e) {
      System.getLogger(IngestDelivery.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "refused attempts counted since the last flush are lost: " + e);
    }
  }
}
