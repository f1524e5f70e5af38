package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.port.TokenVault;
import java.util.List;
import java.util.Objects;

/**
 * Renews every expiring provider token before it expires, so that whatever uses a token (connect,
 * disconnect, the hook cleaner, self-healing) finds a live one. Run it every minute or so.
 */
public final class RenewDueTokens {
  static final int BATCH = 100;

  private final Ports ports;
  private final SignInSettings settings;
  private final RenewProviderToken renew;

  public RenewDueTokens(Ports ports, SignInSettings settings, RenewProviderToken renew) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.renew = Objects.requireNonNull(renew, "renew == null");
  }

  public Outcome renewDue() {
    List<TokenVault.Expiring> due =
        ports.tokens().expiringBefore(ports.clock().instant().plus(settings.renewalMargin()), BATCH);
    int renewed = 0;
    int refused = 0;
    for (TokenVault.Expiring e : due) {
      RenewalOutcome result = renew.renew(e.userId(), e.provider(), false);
      if (result instanceof RenewalOutcome.Renewed) renewed++;
      if (result instanceof RenewalOutcome.Refused) refused++;
    }
    return new Outcome(due.size(), renewed, refused);
  }

  /** @param due tokens found expiring within the margin */
  public record Outcome(int due, int renewed, int refused) {}
}
