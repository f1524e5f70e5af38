package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import java.util.Objects;

/**
 * A connection with its repository and the repository's hook, as the API shows it.
 *
 * @param hook the repository's hook; {@code null} only in the instant between a last disconnect
 *     and the removal of its connection
 */
public record ConnectionDetails(Connection connection, Repository repository, RepositoryHook hook) {
  public ConnectionDetails {
    Objects.requireNonNull(connection, "connection == null");
    Objects.requireNonNull(repository, "repository == null");
  }
}
