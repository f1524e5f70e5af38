package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.ReconcileRepository;
import dev.hookkeeper.core.usecase.RotateWebhookSecret;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A connection's hook health: reconcile it now, rotate its secret, read its audit trail. */
final class WebhookHealthRoutes {
  private static final Logger log = LoggerFactory.getLogger(WebhookHealthRoutes.class);

  /** A reconcile of one hook takes seconds: ask again shortly. */
  private static final String BUSY_RETRY_AFTER = "5";

  private final UseCases useCases;
  private final Authenticator auth;

  WebhookHealthRoutes(UseCases useCases, Authenticator auth) {
    this.useCases = useCases;
    this.auth = auth;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v2/repositories/{id}/webhook/reconcile", this::reconcile);
    routes.post("/api/v2/repositories/{id}/webhook/rotate-secret", this::rotateSecret);
    routes.get("/api/v2/repositories/{id}/webhook/events", this::events);
  }

  private void reconcile(Context ctx) {
    User user = auth.user(ctx);
    ConnectionId id = RepositoryRoutes.connectionId(ctx);
    ReconcileRepository.Result result = useCases.reconcileRepository().reconcile(user.id(), id);
    if (result instanceof ReconcileRepository.Result.Reconciled r) {
      ctx.json(Wire.ReconcileJson.of(r.report()));
    } else if (result instanceof ReconcileRepository.Result.InProgress) {
      throw busy();
    } else if (result instanceof ReconcileRepository.Result.NotFound) {
      throw RepositoryRoutes.connectionNotFound();
    } else {
      throw new AssertionError(result);
    }
  }

  private void rotateSecret(Context ctx) {
    User user = auth.user(ctx);
    ConnectionId id = RepositoryRoutes.connectionId(ctx);
    RotateWebhookSecret.Result result = useCases.rotateWebhookSecret().rotate(user.id(), id);
    if (result instanceof RotateWebhookSecret.Result.Rotated r) {
      log.atInfo()
          .addKeyValue("connection_id", id.value())
          .addKeyValue("hook_id", r.hook().id().value())
          .addKeyValue("secret_version", r.hook().secretVersion())
          .log("webhook secret rotated");
      ctx.json(
          new Wire.SecretRotatedJson(
              true, r.hook().secretVersion(), Wire.time(r.previousAcceptedUntil())));
    } else if (result instanceof RotateWebhookSecret.Result.AccessDenied r) {
      throw new ApiError(
          403,
          "repository_access_denied",
          "your token cannot manage this repository's webhook ("
              + r.failure().reason().code()
              + "): "
              + r.failure().message());
    } else if (result instanceof RotateWebhookSecret.Result.ProviderRefused r) {
      throw AccountRoutes.providerRefusal(r.failure());
    } else if (result instanceof RotateWebhookSecret.Result.NotCreated) {
      throw new ApiError(
          409,
          "webhook_not_created",
          "the webhook was never created at the provider; retry its creation first (POST …/webhook/retry)");
    } else if (result instanceof RotateWebhookSecret.Result.TokenMissing) {
      throw new ApiError(
          422,
          "provider_token_missing",
          "store a provider token first: PUT /api/v2/providers/{provider}/token");
    } else if (result instanceof RotateWebhookSecret.Result.InProgress) {
      throw busy();
    } else if (result instanceof RotateWebhookSecret.Result.NotFound) {
      throw RepositoryRoutes.connectionNotFound();
    } else {
      throw new AssertionError(result);
    }
  }

  private void events(Context ctx) {
    User user = auth.user(ctx);
    ConnectionId id = RepositoryRoutes.connectionId(ctx);
    PageRequest page = Paging.from(ctx);
    ctx.json(
        Paging.list(page, () -> useCases.listHookEvents().list(user.id(), id, page))
            .map(p -> Wire.ListJson.of(p, Wire.HookEventJson::of))
            .orElseThrow(RepositoryRoutes::connectionNotFound));
  }

  private static ApiError busy() {
    return new ApiError(
        409,
        "reconcile_in_progress",
        "the webhook is being reconciled (here or by another instance) or its token is busy; try again shortly",
        Map.of("Retry-After", BUSY_RETRY_AFTER));
  }
}
