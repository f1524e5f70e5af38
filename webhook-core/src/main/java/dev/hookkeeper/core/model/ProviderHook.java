package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A hook as the provider shows it. The secret is never returned by providers.
 *
 * @param active switched on by its owner: GitHub's {@code active}; always {@code true} on GitLab,
 *     which has no such switch (its auto-disabling is in {@link #health()})
 * @param contentType {@code json} or {@code form} (GitHub); {@code json} for GitLab
 * @param health what the provider reports about deliveries to the hook
 */
public record ProviderHook(
    String providerHookId, String url, List<String> events, boolean active, String contentType, HookHealth health) {
  public ProviderHook {
    Objects.requireNonNull(providerHookId, "providerHookId == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(contentType, "contentType == null");
    Objects.requireNonNull(health, "health == null");
    events = List.copyOf(events);
  }

  /** The provider sends deliveries to this hook at {@code now}: switched on and not disabled by the provider. */
  public boolean delivering(Instant now) {
    return active && !health.disabledAt(now);
  }
}
