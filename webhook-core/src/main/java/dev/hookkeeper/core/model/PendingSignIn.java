package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A sign-in sent to a provider's authorize page and not back yet. Used once: the callback takes it.
 *
 * @param stateSha256 hex SHA-256 of the {@code state} parameter (the plaintext travels only through
 *     the browser)
 * @param codeVerifier the PKCE verifier whose S256 challenge went to the provider
 * @param redirectUri the callback URL the authorize request named; the token request must repeat it
 * @param linkTo a signed-in user adding this provider to their account; {@code null} for a sign-in
 */
public record PendingSignIn(String stateSha256, Provider provider, Secret codeVerifier, String redirectUri,
    UserId linkTo, Instant createdAt, Instant expiresAt) {
  public PendingSignIn {
    Objects.requireNonNull(stateSha256, "stateSha256 == null");
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(codeVerifier, "codeVerifier == null");
    Objects.requireNonNull(redirectUri, "redirectUri == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
