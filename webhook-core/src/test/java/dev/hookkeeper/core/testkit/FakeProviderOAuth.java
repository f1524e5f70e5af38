package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.crypto.Pkce;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenRenewal;
import dev.hookkeeper.core.port.ProviderOAuth;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's OAuth endpoints in memory: {@link #approve} plays the user consenting on the
 * authorize page (a code for the challenge it was asked with), codes are single-use and checked
 * against the PKCE verifier and redirect URI, refresh tokens rotate (each use invalidates the pair,
 * as GitLab does). Tokens are {@code access-N} / {@code refresh-N}. Thread-safe.
 */
public final class FakeProviderOAuth implements ProviderOAuth {
  private final Provider provider;
  private final InstantSource clock;
  private final Duration lifetime;
  private final Map<String, Grant> codes = new HashMap<>();
  private final Map<String, Secret> refreshTokens = new HashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger refreshCalls = new AtomicInteger();
  private volatile boolean down;

  /** @param lifetime of access tokens; {@code null} for tokens that never expire (GitHub OAuth Apps) */
  public FakeProviderOAuth(Provider provider, InstantSource clock, Duration lifetime) {
    this.provider = Objects.requireNonNull(provider, "provider == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.lifetime = lifetime;
  }

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public String authorizationUrl(AuthorizationRequest request) {
    return "https://" + provider.id() + ".example/authorize?state=" + request.state().reveal() + "&code_challenge="
        + request.codeChallenge() + "&redirect_uri=" + request.redirectUri();
  }

  /** The user approves: returns the code the provider would append to the callback URL. */
  public synchronized String approve(String codeChallenge, String redirectUri, String accessTokenForUser) {
    String code = "code-" + issued.incrementAndGet();
    codes.put(code, new Grant(codeChallenge, redirectUri, accessTokenForUser));
    return code;
  }

  public void outage(boolean isDown) {
    this.down = isDown;
  }

  public int refreshCalls() {
    return refreshCalls.get();
  }

  @Override
  public synchronized ProviderResult<OAuthTokens> exchangeCode(String code, String redirectUri, Secret codeVerifier) {
    if (down) return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, provider.id() + " is down");
    Grant grant = codes.remove(code);
    if (grant == null || !grant.redirectUri().equals(redirectUri)
        || !grant.challenge().equals(Pkce.challengeS256(codeVerifier))) {
      return ProviderResult.failed(FailureReason.TOKEN_INVALID, "the code is incorrect or expired");
    }
    return ProviderResult.ok(tokens(grant.accessToken()));
  }

  @Override
  public synchronized ProviderResult<OAuthTokens> refresh(Secret refreshToken) {
    refreshCalls.incrementAndGet();
    if (down) return ProviderResult.failed(FailureReason.PROVIDER_UNAVAILABLE, provider.id() + " is down");
    Secret owner = refreshTokens.remove(refreshToken.reveal());
    if (owner == null) return ProviderResult.failed(FailureReason.TOKEN_INVALID, "invalid_grant");
    return ProviderResult.ok(tokens(owner.reveal().replaceAll("#.*", "") + "#" + issued.incrementAndGet()));
  }

  private OAuthTokens tokens(String accessToken) {
    if (lifetime == null) return new OAuthTokens(Secret.of(accessToken), List.of("api"), null);
    String refresh = "refresh-" + issued.incrementAndGet();
    refreshTokens.put(refresh, Secret.of(accessToken));
    return new OAuthTokens(Secret.of(accessToken), List.of("api"),
        new TokenRenewal(Secret.of(refresh), clock.instant().plus(lifetime)));
  }

  private record Grant(String challenge, String redirectUri, String accessToken) {}
}
