package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.InboundDecoder;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import dev.hookkeeper.core.port.ProviderApi;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import dev.hookkeeper.core.port.ProviderRunsApi;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's adapters: the hooks API and the inbound decoder every provider needs, and the APIs
 * some features use when present (the runs and repositories APIs, the accounts API that signing in
 * needs). A provider adapter module offers a one-line factory for all of them. Immutable.
 */
public final class ProviderAdapters {
  private final ProviderHooksApi hooks;
  private final InboundDecoder decoder;
  private final ProviderRunsApi runs;
  private final ProviderRepositoriesApi repositories;
  private final ProviderAccountsApi accounts;

  private ProviderAdapters(
      ProviderHooksApi hooks,
      InboundDecoder decoder,
      ProviderRunsApi runs,
      ProviderRepositoriesApi repositories,
      ProviderAccountsApi accounts) {
    this.hooks = hooks;
    this.decoder = decoder;
    this.runs = runs;
    this.repositories = repositories;
    this.accounts = accounts;
  }

  /**
   * @throws IllegalArgumentException when the two are for different providers
   */
  public static ProviderAdapters of(ProviderHooksApi hooks, InboundDecoder decoder) {
    Objects.requireNonNull(hooks, "hooks == null");
    Objects.requireNonNull(decoder, "decoder == null");
    if (decoder.provider() != hooks.provider()) {
      throw new IllegalArgumentException(
          "the decoder is for "
              + decoder.provider().id()
              + ", the hooks API for "
              + hooks.provider().id());
    }
    return new ProviderAdapters(hooks, decoder, null, null, null);
  }

  public ProviderAdapters withRuns(ProviderRunsApi newRuns) {
    return new ProviderAdapters(hooks, decoder, same(newRuns, "runs"), repositories, accounts);
  }

  public ProviderAdapters withRepositories(ProviderRepositoriesApi newRepositories) {
    return new ProviderAdapters(
        hooks, decoder, runs, same(newRepositories, "repositories"), accounts);
  }

  public ProviderAdapters withAccounts(ProviderAccountsApi newAccounts) {
    Objects.requireNonNull(newAccounts, "accounts == null");
    if (newAccounts.provider() != provider()) {
      throw new IllegalArgumentException(
          "the accounts API is for " + newAccounts.provider().id() + ", not " + provider().id());
    }
    return new ProviderAdapters(hooks, decoder, runs, repositories, newAccounts);
  }

  private <T extends ProviderApi> T same(T api, String name) {
    Objects.requireNonNull(api, name + " == null");
    if (api.provider() != provider()) {
      throw new IllegalArgumentException(
          "the " + name + " API is for " + api.provider().id() + ", not " + provider().id());
    }
    return api;
  }

  public Provider provider() {
    return hooks.provider();
  }

  public ProviderHooksApi hooks() {
    return hooks;
  }

  public InboundDecoder decoder() {
    return decoder;
  }

  public Optional<ProviderRunsApi> runs() {
    return Optional.ofNullable(runs);
  }

  public Optional<ProviderRepositoriesApi> repositories() {
    return Optional.ofNullable(repositories);
  }

  public Optional<ProviderAccountsApi> accounts() {
    return Optional.ofNullable(accounts);
  }

  @Override
  public String toString() {
    return "ProviderAdapters[" + provider().id() + "]";
  }
}
