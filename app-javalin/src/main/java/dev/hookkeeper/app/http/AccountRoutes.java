package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.usecase.CreateUser;
import dev.hookkeeper.core.usecase.DeleteProviderToken;
import dev.hookkeeper.core.usecase.DeleteUser;
import dev.hookkeeper.core.usecase.RotateApiToken;
import dev.hookkeeper.core.usecase.StoreProviderToken;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Users (created and deleted by the operator), their API tokens and their provider tokens. */
final class AccountRoutes {
  private static final int MAX_NAME = 100;
  private static final int MAX_TOKEN = 4096;
  private static final int MAX_ID = 100;
  private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);

  private final UseCases useCases;
  private final Authenticator auth;
  private final ObjectMapper mapper;
  private final BrowserSessions sessions;

  AccountRoutes(UseCases useCases, Authenticator auth, ObjectMapper mapper, BrowserSessions sessions) {
    this.useCases = useCases;
    this.auth = auth;
    this.mapper = mapper;
    this.sessions = sessions;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v2/admin/users", this::createUser);
    routes.delete("/api/v2/admin/users/{id}", this::deleteUser);
    routes.post("/api/v2/users/me/api-token", this::rotateApiToken);
    routes.put("/api/v2/providers/{provider}/token", this::storeToken);
    routes.delete("/api/v2/providers/{provider}/token", this::deleteToken);
  }

  private void createUser(Context ctx) {
    auth.admin(ctx);
    String name = JsonBody.parse(ctx, mapper).requiredString("name").trim();
    if (name.length() > MAX_NAME) throw ApiError.badRequest("invalid_field", "'name' is longer than " + MAX_NAME);
    CreateUser.CreatedUser created = useCases.createUser().create(name);
    ctx.status(201).json(new Wire.UserJson(created.user().id().value(), created.user().name(),
        created.apiToken().reveal()));
  }

  private void deleteUser(Context ctx) {
    auth.admin(ctx);
    String id = ctx.pathParam("id");
    if (id.isBlank() || id.length() > MAX_ID) throw userNotFound();
    // signed out everywhere first: a user whose deletion is asked for uses no page from now on
    sessions.endAll(new UserId(id));
    DeleteUser.Result result = useCases.deleteUser().delete(new UserId(id), force(ctx));
    if (result instanceof DeleteUser.Result.Deleted d) {
      log.atInfo().addKeyValue("user_id", id).addKeyValue("disconnected", d.disconnected().size())
          .addKeyValue("webhooks_deleted", d.webhooksDeleted().size()).addKeyValue("abandoned", d.abandoned().size())
          .log("user deleted");
      // the operator must remove these by hand: nothing Hookkeeper holds can any more
      d.abandoned().forEach(a -> log.atWarn().addKeyValue("user_id", id).addKeyValue("provider", a.provider().id())
          .addKeyValue("repository", a.repositoryFullName()).addKeyValue("webhook_id", a.providerHookId())
          .addKeyValue("last_error", a.lastError()).log("webhook left at the provider by a forced user deletion"));
      ctx.json(new Wire.UserDeletedJson(true, id, d.disconnected(), d.webhooksDeleted(), d.abandoned().stream()
          .map(a -> new Wire.AbandonedWebhookJson(a.provider().id(), a.repositoryFullName(), a.providerHookId(),
              a.lastError()))
          .toList()));
    } else if (result instanceof DeleteUser.Result.DeletionsPending p) {
      throw ApiError.conflict("webhook_deletion_pending", "the provider has not deleted the webhooks of "
          + String.join(", ", p.repositories()) + " yet and only this user's token can; the user is disconnected and"
          + " can no longer sign in. Try again later, or pass ?force=true to delete the user and leave those"
          + " webhooks for removal by hand", p.repositories());
    } else if (result instanceof DeleteUser.Result.NotFound) {
      throw userNotFound();
    } else {
      throw new AssertionError(result);
    }
  }

  private void rotateApiToken(Context ctx) {
    User user = auth.user(ctx);
    RotateApiToken.Result result = useCases.rotateApiToken().rotate(user.id());
    if (result instanceof RotateApiToken.Result.Rotated r) {
      ctx.json(new Wire.ApiTokenJson(user.id().value(), r.apiToken().reveal()));
    } else if (result instanceof RotateApiToken.Result.UserNotFound) {
      throw ApiError.unauthenticated("the user no longer exists");
    } else {
      throw new AssertionError(result);
    }
  }

  private void storeToken(Context ctx) {
    User user = auth.user(ctx);
    Provider provider = pathProvider(ctx);
    String token = JsonBody.parse(ctx, mapper).requiredString("access_token").trim();
    if (token.length() > MAX_TOKEN) throw ApiError.badRequest("invalid_field", "'access_token' is too long");
    StoreProviderToken.Result result = useCases.storeProviderToken().store(user.id(), provider, Secret.of(token));
    if (result instanceof StoreProviderToken.Result.Stored s) {
      ProviderCredential c = s.credential();
      ctx.json(new Wire.ProviderTokenJson(provider.id(), c.login(), c.scopes()));
    } else if (result instanceof StoreProviderToken.Result.Rejected r) {
      throw providerRefusal(r.failure());
    } else {
      throw new AssertionError(result);
    }
  }

  private void deleteToken(Context ctx) {
    User user = auth.user(ctx);
    Provider provider = pathProvider(ctx);
    DeleteProviderToken.Result result = useCases.deleteProviderToken().delete(user.id(), provider, force(ctx));
    if (result instanceof DeleteProviderToken.Result.Deleted d) {
      log.atInfo().addKeyValue("user_id", user.id().value()).addKeyValue("provider", provider.id())
          .addKeyValue("handed_over", d.handedOver().size()).addKeyValue("disconnected", d.disconnected().size())
          .addKeyValue("pending_webhook_deletions", d.pendingDeletions().size()).log("provider token deleted");
      ctx.json(new Wire.TokenDeletedJson(true, provider.id(), d.handedOver(), d.disconnected(), d.pendingDeletions()));
    } else if (result instanceof DeleteProviderToken.Result.TokenInUse u) {
      throw ApiError.conflict("token_in_use", "only this token can manage the webhooks of "
          + String.join(", ", u.repositories()) + "; disconnect those repositories first, or pass ?force=true to"
          + " have them disconnected (their webhooks deleted with this token) before it is deleted", u.repositories());
    } else if (result instanceof DeleteProviderToken.Result.NotFound) {
      throw ApiError.notFound("provider_token_not_found", "no " + provider.id() + " token is stored");
    } else {
      throw new AssertionError(result);
    }
  }

  /** {@code ?force=true|false}; absent is false. */
  private static boolean force(Context ctx) {
    String force = ctx.queryParam("force");
    if (force == null || force.equals("false")) return false;
    if (force.equals("true")) return true;
    throw ApiError.badRequest("invalid_parameter", "'force' must be true or false");
  }

  private static ApiError userNotFound() {
    return ApiError.notFound("user_not_found", "no user with that id");
  }

  static Provider pathProvider(Context ctx) {
    String id = ctx.pathParam("provider");
    return Provider.fromId(id).orElseThrow(() ->
        ApiError.notFound("unknown_provider", "provider must be github or gitlab"));
  }

  /**
   * A provider that is down or rate-limiting is a 503 to retry; any other refusal is a 422 whose
   * error code is the core's reason ({@code token_invalid}, {@code insufficient_permissions}, ...).
   */
  static ApiError providerRefusal(ProviderFailure failure) {
    FailureReason reason = failure.reason();
    if (reason.isTransient()) {
      String retry = failure.retryAt() == null ? ErrorHandlers.RETRY_AFTER_SECONDS
          : Long.toString(Math.max(1, Duration.between(Instant.now(), failure.retryAt()).toSeconds()));
      return new ApiError(503, reason.code(), failure.message(), Map.of("Retry-After", retry));
    }
    return new ApiError(422, reason.code(), failure.message());
  }
}
