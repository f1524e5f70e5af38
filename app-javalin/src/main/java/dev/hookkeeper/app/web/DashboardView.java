package dev.hookkeeper.app.web;

import java.util.List;

/** The dashboard: the user's repositories and their open incidents, newest first. */
public record DashboardView(Chrome chrome, Live live) {

  /** The part that live updates replace. */
  public record Live(List<RepositoryRow> repositories, List<IncidentLine> incidents) {}

  /**
   * @param lastDelivery {@code ""} before the first delivery
   * @param problem why the hook is not working, {@code ""} when it is
   */
  public record RepositoryRow(String id, String fullName, String provider, StatusLabel status, String problem,
      String lastDelivery, String lastDeliveryIso, int openIncidents) {}

  /** @param sentence e.g. "Workflow test failed on main — 3 failures since 10:42 UTC" */
  public record IncidentLine(String id, String sentence, String repository, String since, String sinceIso) {}
}
