package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user's token for one provider, with what the provider said about it when it was stored.
 *
 * @param renewal how to renew an expiring token (GitLab OAuth); {@code null} for a token that does
 *     not expire (a personal access token, a GitHub OAuth App token)
 */
public record ProviderCredential(
    Provider provider, Secret accessToken, String login, List<String> scopes, Instant storedAt, TokenRenewal renewal) {
  public ProviderCredential {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(accessToken, "accessToken == null");
    Objects.requireNonNull(login, "login == null");
    Objects.requireNonNull(storedAt, "storedAt == null");
    scopes = List.copyOf(scopes);
  }

  /** A token that does not expire. */
  public ProviderCredential(Provider provider, Secret accessToken, String login, List<String> scopes, Instant storedAt) {
    this(provider, accessToken, login, scopes, storedAt, null);
  }

  public boolean renewable() {
    return renewal != null;
  }
}
