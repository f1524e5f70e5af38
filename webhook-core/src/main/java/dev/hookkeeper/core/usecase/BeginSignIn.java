package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.crypto.Pkce;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.PendingSignIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.SignInStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts a sign-in with a provider: a one-time {@code state} and a PKCE verifier, kept (the state
 * only as a hash) until the callback takes them, and the provider's authorize URL to send the
 * browser to.
 */
public final class BeginSignIn {
  private final SecretGenerator secrets;
  private final InstantSource clock;
  private final SignInStore signIns;
  private final Providers providers;
  private final SignInSettings settings;

  public BeginSignIn(
      SecretGenerator secrets,
      InstantSource clock,
      SignInStore signIns,
      Providers providers,
      SignInSettings settings) {
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.signIns = Objects.requireNonNull(signIns, "signIns == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
  }

  /**
   * @param redirectUri the callback URL registered with the provider's OAuth app
   * @param linkTo the signed-in user adding this provider; {@code null} to sign in
   */
  public Result begin(Provider provider, String redirectUri, UserId linkTo) {
    Optional<ProviderOAuth> oauth = providers.oauth(provider);
    if (oauth.isEmpty()) return new Result.NotConfigured();
    Secret state = secrets.newSecret();
    Secret verifier = secrets.newSecret();
    Instant now = clock.instant();
    signIns.save(
        new PendingSignIn(
            Sha256.hex(state.reveal()),
            provider,
            verifier,
            redirectUri,
            linkTo,
            now,
            now.plus(settings.signInValidity())));
    String url =
        oauth
            .get()
            .authorizationUrl(
                new AuthorizationRequest(redirectUri, state, Pkce.challengeS256(verifier)));
    return new Result.Started(url, state);
  }

  public sealed interface Result {
    /**
     * @param state to keep in the browser (a short-lived cookie) and compare on the way back
     */
    record Started(String authorizationUrl, Secret state) implements Result {}

    /** No OAuth application is configured for the provider. */
    record NotConfigured() implements Result {}
  }
}
