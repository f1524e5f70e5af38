package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.TokenRefresher;
import java.time.Instant;
import java.util.Objects;

/**
 * The reconciler's token refresh, done by the sign-in's renewal ({@link RenewProviderToken}): the
 * same row lock and atomic store of the rotated pair as the dashboard's and the renewal job's, so a
 * refresh token is never spent twice, whoever renews first. Before use, only a token within the
 * renewal margin is renewed; after the provider answered {@code TOKEN_EXPIRED} it is renewed
 * whatever its recorded expiry says.
 */
public final class RenewingTokenRefresher implements TokenRefresher {
  private final RenewProviderToken renewal;

  public RenewingTokenRefresher(RenewProviderToken renewal) {
    this.renewal = Objects.requireNonNull(renewal, "renewal == null");
  }

  @Override
  public Refresh refresh(UserId user, Provider provider, Instant now, boolean expired) {
    RenewalOutcome outcome = renewal.renew(user, provider, expired);
    if (outcome instanceof RenewalOutcome.Renewed renewed) {
      return Refresh.refreshed(renewed.credential().accessToken());
    }
    if (outcome instanceof RenewalOutcome.Current current) {
      if (!current.credential().renewable()) return Refresh.notRefreshable();
      // forced, a renewable token comes back current only when another renewal won the row
      // meanwhile:
      // the token it stored is the new one
      return expired ? Refresh.refreshed(current.credential().accessToken()) : Refresh.notDue();
    }
    if (outcome instanceof RenewalOutcome.NotFound) return Refresh.notRefreshable();
    if (outcome instanceof RenewalOutcome.Refused refused) return Refresh.failed(refused.failure());
    throw new AssertionError(outcome);
  }
}
