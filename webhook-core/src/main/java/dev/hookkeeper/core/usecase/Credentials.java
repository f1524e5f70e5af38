package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.TokenRefresher;
import dev.hookkeeper.core.port.TokenRefresher.Outcome;
import dev.hookkeeper.core.port.TokenRefresher.Refresh;
import java.util.Optional;

/** Users' provider tokens as the reconciler uses them: refreshed before use where they expire. */
final class Credentials {
  private final Ports ports;
  private final TokenRefresher refresher;

  Credentials(Ports ports, TokenRefresher refresher) {
    this.ports = ports;
    this.refresher = refresher;
  }

  /**
   * The user's token for {@code provider}: refreshed first when it expires soon and a refresh token
   * is stored. A refresh that fails leaves the stored token (it may still work); empty when the
   * user has no token.
   */
  Optional<Secret> token(UserId user, Provider provider) {
    Optional<ProviderCredential> stored = ports.tokens().find(user, provider);
    if (stored.isEmpty()) return Optional.empty();
    Refresh refresh = refresher.refresh(user, provider, ports.clock().instant(), false);
    return Optional.of(
        refresh.outcome() == Outcome.REFRESHED ? refresh.token() : stored.get().accessToken());
  }

  /**
   * The provider refused the token ({@code TOKEN_EXPIRED}, or a 401 of another kind): a renewed
   * one, or empty when it cannot be renewed (no refresh token, or the provider refused the
   * renewal).
   */
  Optional<Secret> afterExpiry(UserId user, Provider provider) {
    Refresh refresh = refresher.refresh(user, provider, ports.clock().instant(), true);
    return refresh.outcome() == Outcome.REFRESHED ? Optional.of(refresh.token()) : Optional.empty();
  }
}
