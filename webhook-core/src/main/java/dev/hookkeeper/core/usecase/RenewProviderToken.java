package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderOAuth;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Renews a user's expiring provider token (GitLab OAuth: 2 h access tokens, single-use refresh
 * tokens). The renewal holds the vault row ({@code TokenVault.findForRenewal}) across the provider
 * call and stores the new pair in the same transaction, before anyone uses it: two renewals of one
 * token never spend one refresh token twice, and a pair the provider rotated is never lost half way.
 * Call it outside any transaction of your own (the new pair must commit on its own). Self-healing
 * calls it after a {@code TOKEN_EXPIRED}; {@link RenewDueTokens} runs it ahead of every expiry.
 */
public final class RenewProviderToken {
  private final Ports ports;
  private final SignInPorts signIn;
  private final SignInSettings settings;

  public RenewProviderToken(Ports ports, SignInPorts signIn, SignInSettings settings) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
  }

  /**
   * @param force renew even if the token is not due (the provider just said it expired); without it,
   *     only a token expiring within the renewal margin is renewed
   */
  public RenewalOutcome renew(UserId userId, Provider provider, boolean force) {
    Optional<ProviderCredential> seen = ports.tokens().find(userId, provider);
    if (seen.isEmpty()) return new RenewalOutcome.NotFound();
    if (!needsRenewal(seen.get(), force)) return new RenewalOutcome.Current(seen.get());
    Optional<ProviderOAuth> oauth = signIn.oauth(provider);
    if (oauth.isEmpty()) {
      return new RenewalOutcome.Refused(ProviderFailure.of(FailureReason.UNSUPPORTED_BY_PROVIDER,
          "no " + provider.id() + " OAuth application is configured to renew the token with"));
    }
    return ports.tx().inTransaction(() -> {
      ProviderCredential locked = ports.tokens().findForRenewal(userId, provider).orElse(null);
      if (locked == null) return new RenewalOutcome.NotFound();
      // renewed by someone else while we waited for the row: that satisfies a forced renewal too
      if (!locked.renewable() || !locked.renewal().refreshToken().equals(seen.get().renewal().refreshToken())) {
        return new RenewalOutcome.Current(locked);
      }
      ProviderResult<OAuthTokens> renewed = oauth.get().refresh(locked.renewal().refreshToken());
      Instant now = ports.clock().instant();
      if (!renewed.isOk()) {
        if (renewed.failure().reason() == FailureReason.TOKEN_INVALID) {
          // a dead refresh token is dropped, so it is not tried again every minute; the user signs in again
          ports.tokens().store(userId, new ProviderCredential(provider, locked.accessToken(), locked.login(),
              locked.scopes(), locked.storedAt(), null));
        }
        return new RenewalOutcome.Refused(renewed.failure());
      }
      OAuthTokens t = renewed.value();
      ProviderCredential credential = new ProviderCredential(provider, t.accessToken(), locked.login(),
          t.scopes().isEmpty() ? locked.scopes() : t.scopes(), now, t.renewal());
      ports.tokens().store(userId, credential);
      return new RenewalOutcome.Renewed(credential);
    });
  }

  private boolean needsRenewal(ProviderCredential c, boolean force) {
    return c.renewable() && (force || c.renewal().dueWithin(settings.renewalMargin(), ports.clock().instant()));
  }
}
