package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.port.TokenVault;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Renews every expiring provider token before it expires, so that whatever uses a token (connect,
 * disconnect, the hook cleaner, self-healing) finds a live one. Run it every minute or so.
 */
public final class RenewDueTokens {
  static final int BATCH = 100;

  private final TokenVault tokens;
  private final InstantSource clock;
  private final SignInSettings settings;
  private final RenewProviderToken renew;

  public RenewDueTokens(
      TokenVault tokens, InstantSource clock, SignInSettings settings, RenewProviderToken renew) {
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.renew = Objects.requireNonNull(renew, "renew == null");
  }

  public Outcome renewDue() {
    List<TokenVault.Expiring> due =
        tokens.expiringBefore(clock.instant().plus(settings.renewalMargin()), BATCH);
    int renewed = 0;
    int refused = 0;
    for (TokenVault.Expiring e : due) {
      RenewalOutcome result = renew.renew(e.userId(), e.provider(), false);
      if (result instanceof RenewalOutcome.Renewed) renewed++;
      if (result instanceof RenewalOutcome.Refused) refused++;
    }
    return new Outcome(due.size(), renewed, refused);
  }

  /**
   * @param due tokens found expiring within the margin
   */
  public record Outcome(int due, int renewed, int refused) {}
}
