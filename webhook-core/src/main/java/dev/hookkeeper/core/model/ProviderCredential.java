package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A user's token for one provider, with what the provider said about it when it was stored. */
public record ProviderCredential(
    Provider provider, Secret accessToken, String login, List<String> scopes, Instant storedAt) {
  public ProviderCredential {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(accessToken, "accessToken == null");
    Objects.requireNonNull(login, "login == null");
    Objects.requireNonNull(storedAt, "storedAt == null");
    scopes = List.copyOf(scopes);
  }
}
