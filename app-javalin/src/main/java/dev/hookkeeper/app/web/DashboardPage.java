package dev.hookkeeper.app.web;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.ConnectionDetails;
import dev.hookkeeper.core.usecase.HookStatusView;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /}: the user's repositories (hook status in words and colour, last delivery, open
 * incidents) and the open incidents as sentences, newest first. {@code ?fragment=live} answers the
 * live part alone, which the page's script fetches again whenever the event stream says something
 * changed.
 */
final class DashboardPage {
  static final int MAX_ROWS = 100;

  private final PageSupport pages;
  private final UseCases useCases;

  DashboardPage(PageSupport pages, UseCases useCases) {
    this.pages = pages;
    this.useCases = useCases;
  }

  void register(RoutesConfig routes) {
    routes.get("/", pages.safe(this::show));
  }

  private void show(Context ctx) {
    User user = pages.user(ctx);
    DashboardView.Live live = live(user);
    if ("live".equals(ctx.queryParam("fragment"))) {
      pages.templates.page(ctx, 200, "dashboard_live.jte", live);
      return;
    }
    pages.templates.page(ctx, 200, "dashboard.jte", new DashboardView(pages.chrome(ctx, "Dashboard", "dashboard"), live));
  }

  private DashboardView.Live live(User user) {
    Instant now = pages.clock.instant();
    List<ConnectionDetails> connections = useCases.listConnections().list(user.id(), PageRequest.first(MAX_ROWS)).items();
    List<Incident> open = new ArrayList<>(
        useCases.listIncidents().list(user.id(), IncidentStatus.OPEN, PageRequest.first(MAX_ROWS)).items());
    open.sort(Comparator.comparing(DashboardPage::latest).reversed());
    Map<ConnectionId, Integer> counts = new HashMap<>();
    open.forEach(i -> counts.merge(i.connectionId(), 1, Integer::sum));
    Map<ConnectionId, ConnectionDetails> byId = new HashMap<>();
    List<DashboardView.RepositoryRow> rows = new ArrayList<>();
    for (ConnectionDetails d : connections) {
      byId.put(d.connection().id(), d);
      RepositoryHook hook = d.hook();
      Instant last = useCases.getHookStatus().status(user.id(), d.connection().id()).map(HookStatusView::stats)
          .map(s -> s.lastDeliveryAt()).orElse(hook == null ? null : hook.lastDeliveryAt());
      rows.add(new DashboardView.RepositoryRow(d.connection().id().value(), d.repository().fullName(),
          PageSupport.providerName(d.repository().provider()), StatusLabel.of(hook == null ? "deleted" : hook.status().wireName()),
          RepositoryPages.problem(hook), Times.shortTime(last, now), Times.iso(last),
          counts.getOrDefault(d.connection().id(), 0)));
    }
    List<DashboardView.IncidentLine> lines = new ArrayList<>();
    for (Incident i : open) {
      ConnectionDetails d = byId.get(i.connectionId());
      Provider provider = d == null ? Provider.GITHUB : d.repository().provider();
      lines.add(new DashboardView.IncidentLine(i.id().value(), sentence(i, provider, now),
          d == null ? "" : d.repository().fullName(), Times.shortTime(i.openedAt(), now), Times.iso(i.openedAt())));
    }
    return new DashboardView.Live(rows, lines);
  }

  /** "Workflow test failed on main — 3 failures since 10:42 UTC" (GitLab: "Pipeline …"). */
  static String sentence(Incident i, Provider provider, Instant now) {
    int n = Math.max(1, i.occurrences().size());
    return (provider == Provider.GITLAB ? "Pipeline " : "Workflow ") + i.workflowName() + " failed on " + i.branch()
        + " — " + n + (n == 1 ? " failure" : " failures") + " since " + Times.shortTime(i.openedAt(), now);
  }

  private static Instant latest(Incident i) {
    List<IncidentOccurrence> occ = i.occurrences();
    return occ.isEmpty() ? i.openedAt() : occ.get(occ.size() - 1).occurredAt();
  }
}
