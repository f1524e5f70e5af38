package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IncidentStore;
import java.util.Objects;

/** The user's incidents, newest first, optionally only open or only resolved ones. */
public final class ListIncidents {
  private final IncidentStore incidents;

  public ListIncidents(IncidentStore incidents) {
    this.incidents = Objects.requireNonNull(incidents, "incidents == null");
  }

  /**
   * @param statusOrNull {@code null} for both
   */
  public Page<Incident> list(UserId userId, IncidentStatus statusOrNull, PageRequest page) {
    return incidents.listByUser(userId, statusOrNull, page);
  }
}
