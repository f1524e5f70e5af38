package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * The provider user a token belongs to, as the provider's {@code GET /user} names it.
 *
 * @param providerUserId the provider's stable numeric user id: a login can be renamed and then taken
 *     by someone else, the id never changes, so identities are bound to it (provider-facts 4.1, 4.2)
 * @param displayName the user's name where the provider has one, else the login
 */
public record ProviderAccount(Provider provider, String providerUserId, String login, String displayName) {
  public ProviderAccount {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(providerUserId, "providerUserId == null");
    Objects.requireNonNull(login, "login == null");
    Objects.requireNonNull(displayName, "displayName == null");
    if (providerUserId.isBlank()) throw new IllegalArgumentException("'providerUserId' must not be blank");
    if (login.isBlank()) throw new IllegalArgumentException("'login' must not be blank");
    if (displayName.isBlank()) displayName = login;
  }
}
