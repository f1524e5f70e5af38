package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * Refreshes OAuth access tokens that expire (GitLab's last 2 h) with the refresh token stored
 * beside them, implemented by the OAuth sign-in. A refresh replaces both tokens (GitLab rotates the
 * refresh token, and the used one stops working), so an implementation stores the new pair in the
 * {@link TokenVault} before it answers, atomically, and serialises refreshes of one user and
 * provider. Thread-safe; never logs a token.
 */
public interface TokenRefresher {

  /** No refresh tokens anywhere: every token is used as stored. */
  TokenRefresher NONE = (user, provider, now, expired) -> Refresh.notRefreshable();

  /**
   * Called before a stored token is used, and again after the provider answered it {@code
   * TOKEN_EXPIRED}. Refreshes when a refresh token is stored and the access token expires soon (the
   * implementation's margin) or {@code expired} says the provider refused it as expired.
   */
  Refresh refresh(UserId user, Provider provider, Instant now, boolean expired);

  /**
   * What a refresh came to.
   *
   * @param token the access token to use now: the new one when {@code REFRESHED}; otherwise {@code
   *     null}
   * @param failure why the provider refused the refresh ({@code FAILED}); otherwise {@code null}
   */
  record Refresh(Outcome outcome, Secret token, ProviderFailure failure) {
    public Refresh {
      Objects.requireNonNull(outcome, "outcome == null");
      if ((outcome == Outcome.REFRESHED) != (token != null)) {
        throw new IllegalArgumentException("a token comes with REFRESHED, and only then");
      }
      if ((outcome == Outcome.FAILED) != (failure != null)) {
        throw new IllegalArgumentException("a failure comes with FAILED, and only then");
      }
    }

    public static Refresh refreshed(Secret token) {
      return new Refresh(Outcome.REFRESHED, token, null);
    }

    /** The stored token is fresh enough: use it. */
    public static Refresh notDue() {
      return new Refresh(Outcome.NOT_DUE, null, null);
    }

    /** No refresh token is stored for it: use the stored token as it is. */
    public static Refresh notRefreshable() {
      return new Refresh(Outcome.NOT_REFRESHABLE, null, null);
    }

    public static Refresh failed(ProviderFailure failure) {
      return new Refresh(Outcome.FAILED, null, failure);
    }
  }

  enum Outcome {
    REFRESHED,
    NOT_DUE,
    NOT_REFRESHABLE,
    FAILED
  }
}
