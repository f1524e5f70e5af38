package dev.hookkeeper.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What a provider's token endpoint granted.
 *
 * @param scopes as the provider reported them (GitHub comma-separated, GitLab space-separated, both
 *     split here); empty when it did not say
 * @param renewal {@code null} for a token that does not expire (GitHub OAuth App tokens)
 */
public record OAuthTokens(Secret accessToken, List<String> scopes, TokenRenewal renewal) {
  public OAuthTokens {
    Objects.requireNonNull(accessToken, "accessToken == null");
    scopes = List.copyOf(scopes);
  }
}
