package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import dev.hookkeeper.core.port.ProviderApi;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.port.ProviderRunsApi;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider adapters in use, looked up by provider: the hooks API every provider needs, the runs
 * and repositories APIs the reconciler uses (catch-up, repository lifecycle), the inbound decoders,
 * and for signing in the OAuth applications and accounts APIs. A provider without runs or
 * repositories API is reconciled without catch-up and without following its repositories'
 * lifecycle; one without an OAuth application offers no sign-in.
 */
public final class Providers {
  private final Map<Provider, ProviderHooksApi> apis = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderRunsApi> runs = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderRepositoriesApi> repositories = new EnumMap<>(Provider.class);
  private final Map<Provider, InboundDecoder> decoders = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderAccountsApi> accounts = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderOAuth> oauth = new EnumMap<>(Provider.class);

  /**
   * Hooks APIs and decoders only: nothing to catch up runs or follow repositories with, no sign-in.
   */
  public Providers(List<ProviderHooksApi> apis, List<InboundDecoder> decoders) {
    this(apis, List.of(), List.of(), decoders);
  }

  public Providers(
      List<ProviderHooksApi> apis,
      List<ProviderRunsApi> runs,
      List<ProviderRepositoriesApi> repositories,
      List<InboundDecoder> decoders) {
    this(apis, runs, repositories, decoders, List.of(), List.of());
  }

  private Providers(
      List<ProviderHooksApi> apis,
      List<ProviderRunsApi> runs,
      List<ProviderRepositoriesApi> repositories,
      List<InboundDecoder> decoders,
      List<ProviderAccountsApi> accounts,
      List<ProviderOAuth> oauth) {
    register(this.apis, apis, "hooks API");
    register(this.runs, runs, "runs API");
    register(this.repositories, repositories, "repositories API");
    for (ProviderAccountsApi api : accounts) {
      if (this.accounts.put(api.provider(), api) != null) {
        throw new IllegalArgumentException("two accounts APIs for " + api.provider().id());
      }
    }
    for (InboundDecoder decoder : decoders) {
      if (this.decoders.put(decoder.provider(), decoder) != null) {
        throw new IllegalArgumentException("two inbound decoders for " + decoder.provider().id());
      }
    }
    for (ProviderOAuth app : oauth) {
      if (this.oauth.put(app.provider(), app) != null) {
        throw new IllegalArgumentException("two OAuth apps for " + app.provider().id());
      }
    }
  }

  /**
   * Every adapter of each provider, and the OAuth applications users sign in with.
   *
   * @throws IllegalArgumentException for two sets of adapters of one provider, or an OAuth
   *     application of a provider without adapters
   */
  public static Providers of(List<ProviderAdapters> adapters, List<ProviderOAuth> oauth) {
    Providers providers =
        new Providers(
            adapters.stream().map(ProviderAdapters::hooks).toList(),
            adapters.stream().flatMap(a -> a.runs().stream()).toList(),
            adapters.stream().flatMap(a -> a.repositories().stream()).toList(),
            adapters.stream().map(ProviderAdapters::decoder).toList(),
            adapters.stream().flatMap(a -> a.accounts().stream()).toList(),
            oauth);
    for (ProviderOAuth app : oauth) {
      if (providers.api(app.provider()).isEmpty()) {
        throw new IllegalArgumentException(
            "an OAuth app for " + app.provider().id() + ", which has no adapters");
      }
    }
    return providers;
  }

  private static <T extends ProviderApi> void register(
      Map<Provider, T> into, List<T> adapters, String what) {
    for (T adapter : adapters) {
      if (into.put(adapter.provider(), adapter) != null) {
        throw new IllegalArgumentException("two " + what + "s for " + adapter.provider().id());
      }
    }
  }

  /** The providers with a hooks API: those repositories can be connected on. */
  public Set<Provider> configured() {
    return Set.copyOf(apis.keySet());
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

  /** Who a token belongs to and what it may administer; for signing in. */
  public Optional<ProviderAccountsApi> accounts(Provider provider) {
    return Optional.ofNullable(accounts.get(provider));
  }

  /** The provider's OAuth application; none means users cannot sign in with it. */
  public Optional<ProviderOAuth> oauth(Provider provider) {
    return Optional.ofNullable(oauth.get(provider));
  }

  /** The providers users can sign in with. */
  public Set<Provider> signInProviders() {
    return Set.copyOf(oauth.keySet());
  }

  /** The API for a provider the caller already validated; a missing one is a wiring bug. */
  public ProviderHooksApi requireApi(Provider provider) {
    return api(provider)
        .orElseThrow(
            () -> new IllegalArgumentException("provider not configured: " + provider.id()));
  }
}
