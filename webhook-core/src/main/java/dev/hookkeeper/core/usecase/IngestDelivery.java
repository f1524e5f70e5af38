package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.DecodedEvent;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.HookLocator;
import dev.hookkeeper.core.model.InboundRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RejectedDelivery;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.SignatureCheck;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.MalformedPayloadException;
import dev.hookkeeper.core.port.WebhookInfraException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The universal ingest path. Authentication comes before anything with an effect: a request that
 * fails verification consumes no dedup key and changes no state. An authentic delivery is stored
 * together with its effects in one transaction, so returning Processed or Stored means both are
 * durable; a delivery whose processing fails is still stored, as FAILED, for replay.
 */
public final class IngestDelivery {
  private final Ports ports;
  private final Providers providers;
  private final DeliveryEffects effects;

  public IngestDelivery(Ports ports, Providers providers) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.effects = new DeliveryEffects(ports);
  }

  /**
   * @throws dev.hookkeeper.core.port.StoreUnavailableException when the store is down: nothing
   *     was stored, so the sender must not get a 2xx
   * @throws IllegalArgumentException for a provider with no decoder configured
   */
  public IngestResult ingest(Provider provider, InboundRequest request) {
    long started = System.nanoTime();
    InboundDecoder decoder = providers.decoder(provider)
        .orElseThrow(() -> new IllegalArgumentException("provider not configured: " + provider.id()));

    Optional<String> missing = decoder.missingHeader(request.headers());
    if (missing.isPresent()) return new IngestResult.MissingHeader(missing.get());

    HookLocator locator = decoder.locate(request.headers());
    Optional<RepositoryHook> found = findHook(provider, locator);
    if (found.isEmpty()) {
      String reason = locator instanceof HookLocator.Unidentifiable u ? u.reason() : "unknown_hook";
      return new IngestResult.Unauthenticated(reason, null, null);
    }
    RepositoryHook hook = found.get();

    SignatureCheck check = decoder.verify(request, acceptedSecrets(hook));
    if (!check.valid()) return reject(decoder, request, hook, check.reason());

    Delivery delivery = newDelivery(decoder, request, hook);
    DecodedEvent decoded;
    try {
      decoded = decoder.decode(request);
    } catch (MalformedPayloadException e) {
      return storeFailed(delivery, "malformed payload: " + e.getMessage(), started);
    }
    Delivery withAction = withAction(delivery, decoded);
    try {
      return effects.apply(withAction, hook, decoded, started);
    } catch (WebhookInfraException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug or bad data in processing must not lose an authentic delivery: keep it, replayable.
      return storeFailed(withAction, "processing failed: " + e, started);
    }
  }

  private Optional<RepositoryHook> findHook(Provider provider, HookLocator locator) {
    if (locator instanceof HookLocator.ByProviderHookId byId) {
      return ports.hooks().findByProviderHookId(provider, byId.providerHookId());
    }
    if (locator instanceof HookLocator.ByTokenHash byHash) {
      return ports.hooks().findByTokenHash(provider, byHash.sha256Hex());
    }
    if (locator instanceof HookLocator.Unidentifiable) return Optional.empty();
    throw new AssertionError(locator);
  }

  private List<Secret> acceptedSecrets(RepositoryHook hook) {
    String context = RepositoryHook.secretContext(hook.id());
    List<Secret> secrets = new ArrayList<>(2);
    secrets.add(ports.cipher().decrypt(hook.secret(), context));
    if (hook.previousSecret() != null) secrets.add(ports.cipher().decrypt(hook.previousSecret(), context));
    return secrets;
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

  private IngestResult storeFailed(Delivery delivery, String error, long started) {
    Instant now = ports.clock().instant();
    Delivery failed = delivery.withOutcome(ProcessingStatus.FAILED, error, micros(started), now);
    boolean inserted = ports.tx().inTransaction(() -> {
      boolean fresh = ports.deliveries().insert(failed);
      if (fresh) ports.hooks().markDelivered(failed.hookId(), failed.receivedAt());
      return fresh;
    });
    if (!inserted) return new IngestResult.Duplicate(delivery.deliveryId(), delivery.hookId(), delivery.repositoryId());
    return new IngestResult.Stored(failed, error);
  }

  static long micros(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000;
  }
}
