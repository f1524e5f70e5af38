package dev.hookkeeper.core.model;

import java.util.List;
import java.util.Objects;

/**
 * What Hookkeeper asks a provider to create: deliveries of {@code events} to {@code url}, signed
 * with (GitHub) or carrying (GitLab) {@code secret}, always as JSON. Event names are the
 * provider's own ({@code workflow_run} on GitHub, {@code pipeline_events} on GitLab).
 */
public record HookSpec(String url, Secret secret, List<String> events) {
  public HookSpec {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(secret, "secret == null");
    events = List.copyOf(events);
    if (events.isEmpty()) throw new IllegalArgumentException("'events' must not be empty");
  }
}
