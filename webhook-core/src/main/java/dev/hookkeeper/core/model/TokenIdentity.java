package dev.hookkeeper.core.model;

import java.util.List;
import java.util.Objects;

/**
 * Who a provider token belongs to and what it may do.
 *
 * @param scopes classic OAuth scopes from GitHub's {@code X-OAuth-Scopes}; empty where the provider
 *     does not say (fine-grained tokens, GitLab)
 */
public record TokenIdentity(String login, List<String> scopes) {
  public TokenIdentity {
    Objects.requireNonNull(login, "login == null");
    scopes = List.copyOf(scopes);
  }
}
