package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A hook as the provider lists it. The secret is never returned by providers.
 *
 * @param contentType {@code json} or {@code form} (GitHub); {@code json} for GitLab
 * @param disabledUntil GitLab's temporary auto-disable end; {@code null} when not disabled
 * @param disabledByProvider GitLab disabled the hook (temporarily or for good) after failures
 */
public record ProviderHook(
    String providerHookId,
    String url,
    List<String> events,
    boolean active,
    String contentType,
    boolean disabledByProvider,
    Instant disabledUntil) {
  public ProviderHook {
    Objects.requireNonNull(providerHookId, "providerHookId == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(contentType, "contentType == null");
    events = List.copyOf(events);
  }
}
