package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where Hookkeeper's hooks point and which provider events they subscribe to.
 *
 * @param ingestUrls per provider, the public URL of the universal ingest endpoint
 * @param events per provider, the provider's own event names ({@code workflow_run},
 *     {@code pipeline_events})
 */
public record HookSettings(Map<Provider, String> ingestUrls, Map<Provider, List<String>> events) {
  public HookSettings {
    ingestUrls = Map.copyOf(ingestUrls);
    events = Map.copyOf(events);
    events.forEach((p, list) -> {
      if (list.isEmpty()) throw new IllegalArgumentException("no events configured for " + p.id());
    });
  }

  public String url(Provider provider) {
    return Objects.requireNonNull(ingestUrls.get(provider), () -> "no ingest URL configured for " + provider.id());
  }

  public List<String> events(Provider provider) {
    return List.copyOf(Objects.requireNonNull(events.get(provider), () -> "no events configured for " + provider.id()));
  }
}
