package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.DeliveryFilter;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.Inbox;
import dev.hookkeeper.core.usecase.ConnectRepository;
import dev.hookkeeper.core.usecase.ConnectionDetails;
import dev.hookkeeper.core.usecase.DisconnectRepository;
import dev.hookkeeper.core.usecase.ReplayDelivery;
import dev.hookkeeper.core.usecase.RetryHookCreation;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/** Connecting and disconnecting repositories, and each connection's hook and delivery log. */
final class RepositoryRoutes {
  private static final Pattern FULL_NAME = Pattern.compile("[^\\s/]+(/[^\\s/]+)+");
  private static final int MAX_FULL_NAME = 255;

  private final UseCases useCases;
  private final Authenticator auth;
  private final ObjectMapper mapper;
  private final HttpMetrics metrics;

  RepositoryRoutes(UseCases useCases, Authenticator auth, ObjectMapper mapper, HttpMetrics metrics) {
    this.useCases = useCases;
    this.auth = auth;
    this.mapper = mapper;
    this.metrics = metrics;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v2/repositories/connect", this::connect);
    routes.get("/api/v2/repositories", this::list);
    routes.delete("/api/v2/repositories/{id}/disconnect", this::disconnect);
    routes.get("/api/v2/repositories/{id}/webhook/status", this::status);
    routes.post("/api/v2/repositories/{id}/webhook/retry", this::retry);
    routes.get("/api/v2/repositories/{id}/deliveries", this::deliveries);
    routes.get("/api/v2/repositories/{id}/deliveries/{delivery_id}", this::delivery);
    routes.post("/api/v2/repositories/{id}/deliveries/replay", this::replayMatching);
    routes.post("/api/v2/repositories/{id}/deliveries/{delivery_id}/replay", this::replay);
  }

  private void connect(Context ctx) {
    User user = auth.user(ctx);
    JsonBody body = JsonBody.parse(ctx, mapper);
    String fullName = body.requiredString("repository_full_name").trim();
    if (fullName.length() > MAX_FULL_NAME || !FULL_NAME.matcher(fullName).matches()) {
      throw ApiError.badRequest("invalid_field", "'repository_full_name' must look like owner/name");
    }
    String providerName = body.optionalString("provider");
    Provider provider = providerName == null ? Provider.GITHUB : Provider.fromId(providerName)
        .orElseThrow(() -> ApiError.badRequest("unknown_provider", "'provider' must be github or gitlab"));
    ConnectRepository.Result result = useCases.connectRepository().connect(user.id(), provider, fullName);
    if (result instanceof ConnectRepository.Result.Connected c) {
      // a join reuses the first user's hook: only the manager's connect created one
      if (c.created() && c.details().hook().managedBy().equals(user.id())) countHookOutcome(c.details());
      ctx.status(c.created() ? 201 : 200).json(new Wire.ConnectJson(true, Wire.RepositoryJson.of(c.details())));
    } else if (result instanceof ConnectRepository.Result.TokenMissing) {
      throw tokenMissing(provider);
    } else if (result instanceof ConnectRepository.Result.RepositoryNotFound r) {
      throw ApiError.notFound("repository_not_found", r.message());
    } else if (result instanceof ConnectRepository.Result.AccessDenied r) {
      throw new ApiError(403, "repository_access_denied", r.message());
    } else if (result instanceof ConnectRepository.Result.ProviderFailed r) {
      throw AccountRoutes.providerRefusal(r.failure());
    } else if (result instanceof ConnectRepository.Result.DisconnectedMeanwhile) {
      throw new ApiError(409, "connection_removed",
          "the repository was disconnected while its webhook was being created; nothing is left at the provider");
    } else {
      throw new AssertionError(result);
    }
  }

  private void list(Context ctx) {
    User user = auth.user(ctx);
    PageRequest page = Paging.from(ctx);
    ctx.json(Wire.ListJson.of(Paging.list(page, () -> useCases.listConnections().list(user.id(), page)),
        Wire.RepositoryJson::of));
  }

  private void disconnect(Context ctx) {
    User user = auth.user(ctx);
    DisconnectRepository.Result result = useCases.disconnectRepository().disconnect(user.id(), connectionId(ctx));
    if (result instanceof DisconnectRepository.Result.Disconnected d) {
      ctx.json(new Wire.DisconnectJson(true, d.message(), d.hookDeleted()));
    } else if (result instanceof DisconnectRepository.Result.NotFound) {
      throw connectionNotFound();
    } else {
      throw new AssertionError(result);
    }
  }

  private void status(Context ctx) {
    User user = auth.user(ctx);
    ctx.json(useCases.getHookStatus().status(user.id(), connectionId(ctx))
        .map(Wire.WebhookStatusJson::of).orElseThrow(RepositoryRoutes::connectionNotFound));
  }

  private void retry(Context ctx) {
    User user = auth.user(ctx);
    ConnectionId id = connectionId(ctx);
    RetryHookCreation.Result result = useCases.retryHookCreation().retry(user.id(), id);
    if (result instanceof RetryHookCreation.Result.Retried r) {
      countHookOutcome(r.details());
      ctx.json(new Wire.ConnectJson(true, Wire.RepositoryJson.of(r.details())));
    } else if (result instanceof RetryHookCreation.Result.AlreadyActive) {
      throw new ApiError(409, "webhook_already_active", "the webhook is already created; nothing to retry");
    } else if (result instanceof RetryHookCreation.Result.NotFound) {
      throw connectionNotFound();
    } else if (result instanceof RetryHookCreation.Result.TokenMissing) {
      throw new ApiError(422, "provider_token_missing", "store a provider token first: PUT /api/v2/providers/{provider}/token");
    } else {
      throw new AssertionError(result);
    }
  }

  private void deliveries(Context ctx) {
    User user = auth.user(ctx);
    ConnectionId id = connectionId(ctx);
    PageRequest page = Paging.from(ctx);
    DeliveryFilter filter = deliveryFilter(ctx);
    ctx.json(Paging.list(page, () -> useCases.listDeliveries().list(user.id(), id, filter, page))
        .map(p -> Wire.ListJson.of(p, Wire.DeliveryJson::of))
        .orElseThrow(RepositoryRoutes::connectionNotFound));
  }

  private void delivery(Context ctx) {
    User user = auth.user(ctx);
    ConnectionId id = connectionId(ctx);
    String deliveryId = ctx.pathParam("delivery_id");
    if (useCases.getConnection().get(user.id(), id).isEmpty()) throw connectionNotFound();
    ctx.json(useCases.getDelivery().get(user.id(), id, deliveryId).map(Wire.DeliveryDetailJson::of)
        .orElseThrow(() -> ApiError.notFound("delivery_not_found", "no delivery with that id on this repository")));
  }

  private void replay(Context ctx) {
    User user = auth.user(ctx);
    ReplayDelivery.Result result =
        useCases.replayDelivery().replay(user.id(), connectionId(ctx), ctx.pathParam("delivery_id"));
    if (result == ReplayDelivery.Result.QUEUED) {
      ctx.status(202).json(Map.of("status", "queued"));
    } else if (result == ReplayDelivery.Result.REPOSITORY_NOT_FOUND) {
      throw connectionNotFound();
    } else if (result == ReplayDelivery.Result.DELIVERY_NOT_FOUND) {
      throw ApiError.notFound("delivery_not_found", "no delivery with that id on this repository");
    } else if (result == ReplayDelivery.Result.BODY_PURGED) {
      throw new ApiError(409, "body_purged", "the delivery's body was removed by retention; it cannot be processed again");
    } else {
      throw new AssertionError(result);
    }
  }

  /** {@code {"status": "failed"}} and/or {@code {"since": "2026-12-01T00:00:00Z"}}; at least one. */
  private void replayMatching(Context ctx) {
    User user = auth.user(ctx);
    JsonBody body = JsonBody.parse(ctx, mapper);
    String status = body.optionalString("status");
    String since = body.optionalString("since");
    if (status == null && since == null) {
      throw ApiError.badRequest("missing_field", "give 'status' (processed, ignored or failed) or 'since' (a timestamp)");
    }
    ProcessingStatus wanted = status == null ? null : REPLAYABLE.get(status);
    if (status != null && wanted == null) {
      throw ApiError.badRequest("invalid_field", "'status' must be processed, ignored or failed");
    }
    Instant from;
    try {
      from = since == null ? null : Instant.parse(since);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("invalid_field", "'since' must be an ISO-8601 timestamp such as 2026-12-01T00:00:00Z");
    }
    int queued = useCases.replayDeliveries().replay(user.id(), connectionId(ctx), new Inbox.ReplayFilter(wanted, from))
        .orElseThrow(RepositoryRoutes::connectionNotFound);
    ctx.status(202).json(Map.of("status", "queued", "queued", queued));
  }

  /** {@code ?status=received|processed|ignored|failed|rejected} and {@code ?event=workflow_run}. */
  static DeliveryFilter deliveryFilter(Context ctx) {
    String status = ctx.queryParam("status");
    ProcessingStatus wanted = null;
    if (status != null && !status.isBlank()) {
      wanted = java.util.Arrays.stream(ProcessingStatus.values()).filter(s -> s.wireName().equals(status)).findFirst()
          .orElseThrow(() -> ApiError.badRequest("invalid_parameter",
              "'status' must be received, processed, ignored, failed or rejected"));
    }
    String event = ctx.queryParam("event");
    if (event != null && event.length() > 100) throw ApiError.badRequest("invalid_parameter", "'event' is too long");
    return new DeliveryFilter(wanted, event);
  }

  private static final Map<String, ProcessingStatus> REPLAYABLE = Map.of(
      "processed", ProcessingStatus.PROCESSED, "ignored", ProcessingStatus.IGNORED, "failed", ProcessingStatus.FAILED);

  private void countHookOutcome(ConnectionDetails details) {
    var hook = details.hook();
    String outcome = hook.status() == HookStatus.FAILED && hook.failureReason() != null
        ? hook.failureReason().code() : hook.status().wireName();
    metrics.hookCreation(details.repository().provider(), outcome);
  }

  static ConnectionId connectionId(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.isBlank() || id.length() > 100) throw connectionNotFound();
    return new ConnectionId(id);
  }

  static ApiError connectionNotFound() {
    return ApiError.notFound("repository_not_found", "no connected repository with that id");
  }

  static ApiError tokenMissing(Provider provider) {
    return new ApiError(422, "provider_token_missing",
        "store a " + provider.id() + " token first: PUT /api/v2/providers/" + provider.id() + "/token");
  }
}
