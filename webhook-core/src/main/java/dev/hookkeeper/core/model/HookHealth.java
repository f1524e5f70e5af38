package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the provider is delivering to a hook, as the provider itself reports it.
 *
 * @param alertStatus GitLab's {@code alert_status}; always {@link AlertStatus#EXECUTABLE} on GitHub,
 *     which documents no auto-disabling of repository hooks
 * @param disabledUntil GitLab's {@code disabled_until} while temporarily disabled; otherwise {@code null}
 * @param lastResponse GitHub's {@code last_response}; {@code null} on GitLab, and when GitHub returns
 *     none (no delivery within 30 days)
 */
public record HookHealth(AlertStatus alertStatus, Instant disabledUntil, LastResponse lastResponse) {
  public HookHealth {
    Objects.requireNonNull(alertStatus, "alertStatus == null");
  }

  /** A hook the provider delivers to and has nothing to report about. */
  public static final HookHealth EXECUTABLE = new HookHealth(AlertStatus.EXECUTABLE, null, null);

  /**
   * GitLab's auto-disabling ({@code WebHooks::AutoDisabling}, GitLab 17.11+): 4 consecutive failures
   * disable a hook temporarily (1 min, doubling up to 24 h), 40 disable it for good.
   */
  public enum AlertStatus {
    EXECUTABLE,
    TEMPORARILY_DISABLED,
    DISABLED
  }

  /**
   * GitHub's summary of the latest delivery: {@code {"code":200,"status":"active","message":"OK"}},
   * {@code {"code":null,"status":"unused","message":null}} on a new hook, a failure such as {@code
   * {"code":405,"status":null,"message":"Invalid HTTP Response: 405"}}. The value set is
   * undocumented, so only {@link #failing()} is offered; the deliveries API is the ground truth.
   */
  public record LastResponse(Integer code, String status, String message) {
    /** The latest delivery got no 2xx: a code outside 2xx, or a message other than {@code OK}. */
    public boolean failing() {
      if (code == null && message == null) return false;
      if (code != null && (code < 200 || code >= 300)) return true;
      return message != null && !"OK".equals(message);
    }
  }

  /** The provider does not deliver to the hook at {@code now} because it disabled it. */
  public boolean disabledAt(Instant now) {
    if (alertStatus == AlertStatus.DISABLED) return true;
    return alertStatus == AlertStatus.TEMPORARILY_DISABLED && (disabledUntil == null || now.isBefore(disabledUntil));
  }
}
