package dev.hookkeeper.app.web;

import java.util.List;

/**
 * The repositories the user may connect, from one provider.
 *
 * @param provider {@code github} or {@code gitlab}
 * @param login the provider account listed, {@code ""} when none
 * @param problem why nothing can be listed ({@code ""} when the list is there)
 * @param signInHref where to get a token for this provider ({@code ""} when OAuth is not configured)
 */
public record ConnectView(Chrome chrome, String provider, String providerName, List<Tab> tabs, String query,
    String login, List<Row> rows, String problem, String signInHref) {

  public record Tab(String id, String name, boolean current) {}

  /** @param connectionId the user's connection, {@code ""} when not connected */
  public record Row(String fullName, boolean privateRepo, String description, String webUrl, String connectionId) {
    public boolean connected() {
      return !connectionId.isEmpty();
    }
  }
}
