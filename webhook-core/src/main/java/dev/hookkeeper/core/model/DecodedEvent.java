package dev.hookkeeper.core.model;

import java.util.Objects;

/**
 * A decoded delivery: the provider's event name and action, the repository it names, and what
 * it means.
 *
 * @param action the payload's {@code action}; {@code null} when it has none
 * @param repository the repository the payload names; {@code null} when it names none
 */
public record DecodedEvent(String event, String action, ProviderRepoRef repository, DomainEvent meaning) {
  public DecodedEvent {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(meaning, "meaning == null");
  }
}
