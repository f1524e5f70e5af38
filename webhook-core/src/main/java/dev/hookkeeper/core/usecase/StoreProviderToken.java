package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Checks a user's provider token with the provider, then stores it (encrypted by the vault); then
 * whatever waited for a working token (hooks of the user's repositories nobody's token could
 * manage) is reconciled at once.
 */
public final class StoreProviderToken {
  private final Ports ports;
  private final Providers providers;
  private final BiConsumer<UserId, Provider> stored;

  public StoreProviderToken(Ports ports, Providers providers) {
    this(ports, providers, (user, provider) -> {});
  }

  /**
   * @param stored told after a token is stored, e.g. to reconcile the hooks that waited for it
   */
  public StoreProviderToken(Ports ports, Providers providers, BiConsumer<UserId, Provider> stored) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.stored = Objects.requireNonNull(stored, "stored == null");
  }

  public Result store(UserId userId, Provider provider, Secret token) {
    ProviderResult<TokenIdentity> identity = providers.requireApi(provider).identify(token);
    if (!identity.isOk()) return new Result.Rejected(identity.failure());
    TokenIdentity who = identity.value();
    ProviderCredential credential =
        new ProviderCredential(provider, token, who.login(), who.scopes(), ports.clock().instant());
    ports.tokens().store(userId, credential);
    stored.accept(userId, provider);
    return new Result.Stored(credential);
  }

  public sealed interface Result {
    record Stored(ProviderCredential credential) implements Result {}

    record Rejected(ProviderFailure failure) implements Result {}
  }
}
