package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * What the provider's authorize page is asked for.
 *
 * @param redirectUri where the provider sends the browser back ({@code …/auth/{provider}/callback})
 * @param state the one-time value the callback must bring back
 * @param codeChallenge base64url(SHA-256(verifier)), method S256; the adapter sends it where the
 *     provider supports PKCE
 */
public record AuthorizationRequest(String redirectUri, Secret state, String codeChallenge) {
  public AuthorizationRequest {
    Objects.requireNonNull(redirectUri, "redirectUri == null");
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(codeChallenge, "codeChallenge == null");
  }
}
