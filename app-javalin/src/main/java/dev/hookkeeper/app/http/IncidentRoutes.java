package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.User;
import io.javalin.http.Context;

/** What the deliveries produced: incidents and workflow runs, scoped to the caller. */
final class IncidentRoutes {
  private final Hookkeeper useCases;
  private final ApiAccess auth;
  private final ObjectMapper mapper;

  IncidentRoutes(Hookkeeper useCases, ApiAccess auth, ObjectMapper mapper) {
    this.useCases = useCases;
    this.auth = auth;
    this.mapper = mapper;
  }

  void register(RouteMount routes) {
    routes.get("/api/v2/incidents", this::list);
    routes.get("/api/v2/incidents/{id}", this::get);
    routes.get("/api/v2/workflow-runs", this::runs);
  }

  private void list(Context ctx) {
    User user = auth.user(ctx);
    String statusParam = ctx.queryParam("status");
    IncidentStatus status = null;
    if (statusParam != null) {
      status =
          IncidentStatus.fromWireName(statusParam)
              .orElseThrow(
                  () ->
                      ApiError.badRequest(
                          "invalid_parameter", "'status' must be open or resolved"));
    }
    IncidentStatus filter = status;
    PageRequest page = Paging.from(ctx);
    Json.reply(
        ctx,
        mapper,
        Wire.ListJson.of(
            Paging.list(page, () -> useCases.listIncidents().list(user.id(), filter, page)),
            Wire.IncidentJson::of));
  }

  private void get(Context ctx) {
    User user = auth.user(ctx);
    String id = ctx.pathParam("id");
    if (id.isBlank() || id.length() > 100) throw incidentNotFound();
    Json.reply(
        ctx,
        mapper,
        useCases
            .getIncident()
            .get(user.id(), new IncidentId(id))
            .map(Wire.IncidentDetailJson::of)
            .orElseThrow(IncidentRoutes::incidentNotFound));
  }

  private void runs(Context ctx) {
    User user = auth.user(ctx);
    String repositoryId = ctx.queryParam("repository_id");
    if (repositoryId == null || repositoryId.isBlank()) {
      throw ApiError.badRequest(
          "missing_parameter", "'repository_id' (a connection id) is required");
    }
    if (repositoryId.length() > 100) throw RepositoryRoutes.connectionNotFound();
    PageRequest page = Paging.from(ctx);
    ConnectionId id = new ConnectionId(repositoryId);
    Json.reply(
        ctx,
        mapper,
        Paging.list(page, () -> useCases.listWorkflowRuns().list(user.id(), id, page))
            .map(p -> Wire.ListJson.of(p, Wire.WorkflowRunJson::of))
            .orElseThrow(RepositoryRoutes::connectionNotFound));
  }

  private static ApiError incidentNotFound() {
    return ApiError.notFound("incident_not_found", "no incident with that id");
  }
}
