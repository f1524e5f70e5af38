package dev.hookkeeper.app.web;

import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.JobResult;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.IncidentDetails;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code /incidents/{id}}: every failed run of the incident, its failed jobs, and links to them at the provider. */
final class IncidentPage {
  private final PageSupport pages;
  private final UseCases useCases;

  IncidentPage(PageSupport pages, UseCases useCases) {
    this.pages = pages;
    this.useCases = useCases;
  }

  void register(RoutesConfig routes) {
    routes.get("/incidents/{id}", pages.safe(this::show));
  }

  private void show(Context ctx) {
    User user = pages.user(ctx);
    IncidentDetails details = useCases.getIncident().get(user.id(), new IncidentId(PageSupport.id(ctx, "id", "incident")))
        .orElseThrow(() -> PageError.notFound("incident"));
    Incident i = details.incident();
    Instant now = pages.clock.instant();
    List<IncidentView.Occurrence> occurrences = new ArrayList<>();
    for (int k = i.occurrences().size() - 1; k >= 0; k--) {
      IncidentOccurrence o = i.occurrences().get(k);
      occurrences.add(new IncidentView.Occurrence(o.runNumber(), o.attempt(), o.sha().length() > 7 ? o.sha().substring(0, 7) : o.sha(),
          o.url(), o.conclusion().wireName().replace('_', ' '), Times.full(o.occurredAt())));
    }
    List<IncidentView.Job> jobs = new ArrayList<>();
    for (JobResult j : details.failedJobs()) {
      jobs.add(new IncidentView.Job(j.name(), j.conclusion().wireName().replace('_', ' '), String.join(", ", j.failedSteps()),
          j.failureReason() == null ? "" : j.failureReason().replace('_', ' '), j.url() == null ? "" : j.url()));
    }
    String heading = DashboardPage.sentence(i, details.repository().provider(), now);
    pages.templates.page(ctx, 200, "incident.jte", new IncidentView(pages.chrome(ctx, heading, ""), heading,
        details.repository().fullName(), i.connectionId().value(), PageSupport.providerName(details.repository().provider()),
        StatusLabel.of(i.status().wireName()), Times.full(i.openedAt()), Times.full(i.resolvedAt()),
        i.resolvedBy() == null ? "" : i.resolvedBy().url(), occurrences, jobs));
  }
}
