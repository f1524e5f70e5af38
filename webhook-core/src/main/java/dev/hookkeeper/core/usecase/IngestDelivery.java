package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.DomainEvent;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.port.StoreUnavailableException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The universal ingest path. Authentication comes before anything with an effect: a request that
 * fails verification consumes no dedup key and changes no state. An authentic delivery is stored
 * together with its effects in one transaction, so returning Processed or Stored means both are
 * durable; a delivery whose processing fails is still stored, as FAILED, for replay.
 *
 * <p>Header checks, hook lookup, verification and decoding run on the calling thread, in parallel
 * across requests; the transactional part is group-committed ({@link GroupCommitter}): deliveries
 * arriving together share one transaction, and each caller returns only after that commit.
 * {@link #close} commits what is queued and stops the commit threads.
 */
public final class IngestDelivery implements AutoCloseable {
  private final Ports ports;
  private final Providers providers;
  private final GroupCommitter committer;
  private final HookLookup lookup;
  private final DecryptedSecrets secrets;

  public IngestDelivery(Ports ports, Providers providers) {
    this(ports, providers, IngestSettings.DEFAULTS);
  }

  public IngestDelivery(Ports ports, Providers providers, IngestSettings settings) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    Objects.requireNonNull(settings, "settings == null");
    IngestCommit commit = new IngestCommit(ports);
    this.committer = new GroupCommitter(settings, commit::commit);
    this.lookup = new HookLookup(ports.hooks(), ports.repositories(), settings.hookCacheTtl());
    this.secrets = new DecryptedSecrets(ports.cipher());
  }

  /**
   * @throws dev.hookkeeper.core.port.StoreUnavailableException when the store is down: nothing
   *     was stored, so the sender must not get a 2xx
   * @throws IllegalArgumentException for a provider with no decoder configured
   * @throws IllegalStateException after {@link #close}
   */
  public IngestResult ingest(Provider provider, InboundRequest request) {
    long started = System.nanoTime();
    InboundDecoder decoder = providers.decoder(provider)
        .orElseThrow(() -> new IllegalArgumentException("provider not configured: " + provider.id()));

    Optional<String> missing = decoder.missingHeader(request.headers());
    if (missing.isPresent()) return new IngestResult.MissingHeader(missing.get());

    HookLocator locator = decoder.locate(request.headers());
    Optional<RepositoryHook> found = lookup.find(provider, locator);
    if (found.isEmpty()) {
      String reason = locator instanceof HookLocator.Unidentifiable u ? u.reason() : "unknown_hook";
      return new IngestResult.Unauthenticated(reason, null, null);
    }
    RepositoryHook hook = found.get();

    SignatureCheck check = decoder.verify(request, acceptedSecrets(hook));
    if (!check.valid()) {
      // the kept hook may predate a new secret: judge by what is stored before refusing
      Optional<RepositoryHook> stored = lookup.reload(provider, locator);
      if (stored.isPresent() && !stored.get().equals(hook)) {
        hook = stored.get();
        check = decoder.verify(request, acceptedSecrets(hook));
      }
      if (!check.valid()) return reject(decoder, request, hook, check.reason());
    }

    Delivery delivery = newDelivery(decoder, request, hook);
    IngestUnit unit;
    DecodedEvent decoded = null;
    try {
      decoded = decoder.decode(request);
      if (namesAnotherRepository(hook, decoded)) {
        // signed with this hook's secret but about another repository: a leaked secret used to
        // forge events elsewhere, never something a provider sends. Refused like any forgery.
        return reject(decoder, request, hook, "repository_mismatch");
      }
      unit = IngestUnit.decoded(withAction(delivery, decoded), hook, decoded, started);
    } catch (MalformedPayloadException e) {
      unit = IngestUnit.undecodable(delivery, hook, "malformed payload: " + e.getMessage(), started);
    }
    committer.submit(unit);
    IngestResult result = awaitCommit(unit.result());
    if (changesTheHook(hook, decoded)) lookup.forget(hook.id());
    return result;
  }

  /** Whether the payload names a repository (by stable id) other than the hook's own. */
  private boolean namesAnotherRepository(RepositoryHook hook, DecodedEvent decoded) {
    if (decoded.repository() == null) return false;
    return decoded.repository().providerRepoId() != lookup.providerRepoId(hook);
  }

  /** Whether committing this delivery may have changed the hook's status (see DeliveryEffects). */
  private static boolean changesTheHook(RepositoryHook hook, DecodedEvent decoded) {
    if (hook.status() == HookStatus.PENDING) return true;
    return decoded != null
        && (decoded.meaning() instanceof DomainEvent.Ping || decoded.meaning() instanceof DomainEvent.HookDeleted);
  }

  /** Refuses new deliveries, commits those already queued, and stops the commit threads. */
  @Override
  public void close() {
    committer.close();
  }

  /** Deliveries queued for a commit thread and not yet taken (for tests). */
  int queuedForCommit() {
    return committer.queued();
  }

  /** Commit threads still running (for tests). */
  int commitThreadsAlive() {
    return committer.writersAlive();
  }

  private static IngestResult awaitCommit(Future<IngestResult> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException("ingest failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // the commit may still happen: the sender must not take this as stored, and a redelivery
      // of a delivery that did commit is a harmless duplicate
      throw new StoreUnavailableException("interrupted while waiting for the commit", e);
    }
  }

  private List<Secret> acceptedSecrets(RepositoryHook hook) {
    return secrets.of(hook);
  }

  private IngestResult reject(InboundDecoder decoder, InboundRequest request, RepositoryHook hook, String reason) {
    String claimedDeliveryId = decoder.deliveryId(request);
    RejectedDelivery rejected = new RejectedDelivery(ports.ids().newId("dlv"), hook.provider(), hook.id(),
        hook.repositoryId(), claimedDeliveryId, decoder.eventName(request.headers()), reason,
        request.headers().withoutCredentials(), request.body().length, Sha256.hex(request.body()),
        request.remoteAddress(), request.receivedAt());
    ports.deliveries().insertRejected(rejected);
    return new IngestResult.Unauthenticated(reason, hook.id(), hook.repositoryId());
  }

  private Delivery newDelivery(InboundDecoder decoder, InboundRequest request, RepositoryHook hook) {
    return new Delivery(ports.ids().newId("dlv"), hook.provider(), hook.id(), hook.repositoryId(),
        decoder.deliveryId(request), decoder.eventName(request.headers()), null, ProcessingStatus.PROCESSED,
        null, request.headers().withoutCredentials(), request.body(), 0, request.receivedAt(), null);
  }

  private static Delivery withAction(Delivery d, DecodedEvent decoded) {
    return new Delivery(d.id(), d.provider(), d.hookId(), d.repositoryId(), d.deliveryId(), d.event(),
        decoded.action(), d.status(), d.error(), d.headers(), d.body(), d.durationMicros(), d.receivedAt(),
        d.processedAt());
  }

  static long micros(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000;
  }
}
