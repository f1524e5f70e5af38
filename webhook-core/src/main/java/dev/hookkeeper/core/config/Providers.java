package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.ProviderApi;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.port.ProviderRunsApi;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider adapters in use, looked up by provider: the hooks API every provider needs, the runs
 * and repositories APIs the reconciler uses (catch-up, repository lifecycle), the inbound decoders.
 * A provider without runs or repositories API is reconciled without catch-up and without following
 * its repositories' lifecycle.
 */
public final class Providers {
  private final Map<Provider, ProviderHooksApi> apis = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderRunsApi> runs = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderRepositoriesApi> repositories = new EnumMap<>(Provider.class);
  private final Map<Provider, InboundDecoder> decoders = new EnumMap<>(Provider.class);

  /** Hooks APIs and decoders only: nothing to catch up runs or follow repositories with. */
  public Providers(List<ProviderHooksApi> apis, List<InboundDecoder> decoders) {
    this(apis, List.of(), List.of(), decoders);
  }

  public Providers(
      List<ProviderHooksApi> apis,
      List<ProviderRunsApi> runs,
      List<ProviderRepositoriesApi> repositories,
      List<InboundDecoder> decoders) {
    register(this.apis, apis, "hooks API");
    register(this.runs, runs, "runs API");
    register(this.repositories, repositories, "repositories API");
    for (InboundDecoder decoder : decoders) {
      if (this.decoders.put(decoder.provider(), decoder) != null) {
        throw new IllegalArgumentException("two inbound decoders for " + decoder.provider().id());
      }
    }
  }

  private static <T extends ProviderApi> void register(
      Map<Provider, T> into, List<T> adapters, String what) {
    for (T adapter : adapters) {
      if (into.put(adapter.provider(), adapter) != null) {
        throw new IllegalArgumentException("two " + what + "s for " + adapter.provider().id());
      }
    }
  }

  public Optional<ProviderHooksApi> api(Provider provider) {
    return Optional.ofNullable(apis.get(provider));
  }

  public Optional<ProviderRunsApi> runs(Provider provider) {
    return Optional.ofNullable(runs.get(provider));
  }

  public Optional<ProviderRepositoriesApi> repositories(Provider provider) {
    return Optional.ofNullable(repositories.get(provider));
  }

  public Optional<InboundDecoder> decoder(Provider provider) {
    return Optional.ofNullable(decoders.get(provider));
  }

  /** The API for a provider the caller already validated; a missing one is a wiring bug. */
  public ProviderHooksApi requireApi(Provider provider) {
    return api(provider)
        .orElseThrow(
            () -> new IllegalArgumentException("provider not configured: " + provider.id()));
  }
}
