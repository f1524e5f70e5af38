package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;

/** The user's incidents, newest first, optionally only open or only resolved ones. */
public final class ListIncidents {
  private final Ports ports;

  public ListIncidents(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  /** @param statusOrNull {@code null} for both */
  public Page<Incident> list(UserId userId, IncidentStatus statusOrNull, PageRequest page) {
    return ports.incidents().listByUser(userId, statusOrNull, page);
  }
}
