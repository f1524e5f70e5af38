package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where Hookkeeper's hooks point and which provider events they subscribe to. A URL is read each
 * time a hook is created or compared with the provider's, so it may come from a base URL known only
 * once the host listens (an ephemeral port, a tunnel): {@link #withBaseUrl}. Immutable.
 */
public final class HookSettings {
  private static final Map<Provider, List<String>> DEFAULT_EVENTS =
      Map.of(
          Provider.GITHUB,
              List.of("workflow_run", "workflow_job", "pull_request", "push", "repository", "meta"),
          Provider.GITLAB,
              List.of(
                  "pipeline_events",
                  "job_events",
                  "merge_requests_events",
                  "push_events",
                  "tag_push_events"));

  private final Map<Provider, String> ingestUrls;
  private final Supplier<String> baseUrl;
  private final Map<Provider, List<String>> events;

  /**
   * @param ingestUrls per provider, the public URL of the universal ingest endpoint
   * @param events per provider, the provider's own event names ({@code workflow_run}, {@code
   *     pipeline_events})
   */
  public HookSettings(Map<Provider, String> ingestUrls, Map<Provider, List<String>> events) {
    this(ingestUrls, () -> null, events);
  }

  private HookSettings(
      Map<Provider, String> ingestUrls,
      Supplier<String> baseUrl,
      Map<Provider, List<String>> events) {
    this.ingestUrls = Map.copyOf(ingestUrls);
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
    Map<Provider, List<String>> copy = new EnumMap<>(Provider.class);
    events.forEach(
        (p, list) -> {
          if (list.isEmpty())
            throw new IllegalArgumentException("no events configured for " + p.id());
          copy.put(p, List.copyOf(list));
        });
    this.events = Map.copyOf(copy);
  }

  /**
   * Every provider of {@code events} without a URL of its own gets {@code baseUrl}, a slash and its
   * id (e.g. {@code https://ci.example.com/hooks/github}), the base read whenever a URL is needed.
   */
  public static HookSettings withBaseUrl(
      Map<Provider, String> ingestUrls,
      Supplier<String> baseUrl,
      Map<Provider, List<String>> events) {
    return new HookSettings(ingestUrls, baseUrl, events);
  }

  /**
   * What a hook subscribes to unless told otherwise: runs and jobs (incidents), pull requests and
   * pushes, and the repository's own lifecycle (renames, archiving, deletion).
   */
  public static List<String> defaultEvents(Provider provider) {
    return DEFAULT_EVENTS.get(provider);
  }

  /**
   * @throws IllegalStateException when the URL is not known (yet)
   */
  public String url(Provider provider) {
    String url = ingestUrls.get(provider);
    if (url != null) return url;
    String base = events.containsKey(provider) ? baseUrl.get() : null;
    if (base == null) throw new IllegalStateException("no ingest URL known for " + provider.id());
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + provider.id();
  }

  public List<String> events(Provider provider) {
    return Objects.requireNonNull(
        events.get(provider), () -> "no events configured for " + provider.id());
  }
}
