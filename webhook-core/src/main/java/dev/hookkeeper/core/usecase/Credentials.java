package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.TokenRefresher;
import dev.hookkeeper.core.port.TokenRefresher.Outcome;
import dev.hookkeeper.core.port.TokenRefresher.Refresh;
import dev.hookkeeper.core.port.TokenVault;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/** Users' provider tokens as the reconciler uses them: refreshed before use where they expire. */
public final class Credentials {
  private final TokenVault tokens;
  private final InstantSource clock;
  private final TokenRefresher refresher;

  public Credentials(TokenVault tokens, InstantSource clock, TokenRefresher refresher) {
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.refresher = Objects.requireNonNull(refresher, "refresher == null");
  }

  /**
   * The user's token for {@code provider}: refreshed first when it expires soon and a refresh token
   * is stored. A refresh that fails leaves the stored token (it may still work); empty when the
   * user has no token.
   */
  Optional<Secret> token(UserId user, Provider provider) {
    Optional<ProviderCredential> stored = tokens.find(user, provider);
    if (stored.isEmpty()) return Optional.empty();
    Refresh refresh = refresher.refresh(user, provider, clock.instant(), false);
    return Optional.of(
        refresh.outcome() == Outcome.REFRESHED ? refresh.token() : stored.get().accessToken());
  }

  /**
   * The provider refused the token ({@code TOKEN_EXPIRED}, or a 401 of another kind): a renewed
   * one, or empty when it cannot be renewed (no refresh token, or the provider refused the
   * renewal).
   */
  Optional<Secret> afterExpiry(UserId user, Provider provider) {
    Refresh refresh = refresher.refresh(user, provider, clock.instant(), true);
    return refresh.outcome() == Outcome.REFRESHED ? Optional.of(refresh.token()) : Optional.empty();
  }
}
