package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.crypto.Pkce;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.PendingSignIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderOAuth;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts a sign-in with a provider: a one-time {@code state} and a PKCE verifier, kept (the state
 * only as a hash) until the callback takes them, and the provider's authorize URL to send the
 * browser to.
 */
public final class BeginSignIn {
  private final Ports ports;
  private final SignInPorts signIn;
  private final SignInSettings settings;

  public BeginSignIn(Ports ports, SignInPorts signIn, SignInSettings settings) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    this.settings = Objects.requireNonNull(settings, "settings == null");
  }

  /**
   * @param redirectUri the callback URL registered with the provider's OAuth app
   * @param linkTo the signed-in user adding this provider; {@code null} to sign in
   */
  public Result begin(Provider provider, String redirectUri, UserId linkTo) {
    Optional<ProviderOAuth> oauth = signIn.oauth(provider);
    if (oauth.isEmpty()) return new Result.NotConfigured();
    Secret state = ports.secrets().newSecret();
    Secret verifier = ports.secrets().newSecret();
    Instant now = ports.clock().instant();
    signIn.signIns().save(new PendingSignIn(Sha256.hex(state.reveal()), provider, verifier, redirectUri, linkTo, now,
        now.plus(settings.signInValidity())));
    String url = oauth.get().authorizationUrl(new AuthorizationRequest(redirectUri, state, Pkce.challengeS256(verifier)));
    return new Result.Started(url, state);
  }

  public sealed interface Result {
    /** @param state to keep in the browser (a short-lived cookie) and compare on the way back */
    record Started(String authorizationUrl, Secret state) implements Result {}

    /** No OAuth application is configured for the provider. */
    record NotConfigured() implements Result {}
  }
}
