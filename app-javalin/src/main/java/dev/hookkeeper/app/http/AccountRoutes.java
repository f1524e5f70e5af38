package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.CreateUser;
import dev.hookkeeper.core.usecase.StoreProviderToken;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Users (created by the operator) and their provider tokens. */
final class AccountRoutes {
  private static final int MAX_NAME = 100;
  private static final int MAX_TOKEN = 4096;

  private final CreateUser createUser;
  private final StoreProviderToken storeToken;
  private final Authenticator auth;
  private final ObjectMapper mapper;

  AccountRoutes(CreateUser createUser, StoreProviderToken storeToken, Authenticator auth, ObjectMapper mapper) {
    this.createUser = createUser;
    this.storeToken = storeToken;
    this.auth = auth;
    this.mapper = mapper;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v2/admin/users", this::createUser);
    routes.put("/api/v2/providers/{provider}/token", this::storeToken);
  }

  private void createUser(Context ctx) {
    auth.admin(ctx);
    String name = JsonBody.parse(ctx, mapper).requiredString("name").trim();
    if (name.length() > MAX_NAME) throw ApiError.badRequest("invalid_field", "'name' is longer than " + MAX_NAME);
    CreateUser.CreatedUser created = createUser.create(name);
    ctx.status(201).json(new Wire.UserJson(created.user().id().value(), created.user().name(),
        created.apiToken().reveal()));
  }

  private void storeToken(Context ctx) {
    User user = auth.user(ctx);
    Provider provider = pathProvider(ctx);
    String token = JsonBody.parse(ctx, mapper).requiredString("access_token").trim();
    if (token.length() > MAX_TOKEN) throw ApiError.badRequest("invalid_field", "'access_token' is too long");
    StoreProviderToken.Result result = storeToken.store(user.id(), provider, Secret.of(token));
    if (result instanceof StoreProviderToken.Result.Stored s) {
      ProviderCredential c = s.credential();
      ctx.json(new Wire.ProviderTokenJson(provider.id(), c.login(), c.scopes()));
    } else if (result instanceof StoreProviderToken.Result.Rejected r) {
      throw providerRefusal(r.failure());
    } else {
      throw new AssertionError(result);
    }
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
