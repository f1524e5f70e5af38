package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.usecase.EnsureUser;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ApiAccess#host}: the host app decides who calls; there is no operator and no API token
 * here.
 */
final class HostAccess implements ApiAccess {
  private final Function<Context, Optional<String>> userId;
  private final EnsureUser users;

  HostAccess(Function<Context, Optional<String>> userId, EnsureUser users) {
    this.userId = Objects.requireNonNull(userId, "userId == null");
    this.users = Objects.requireNonNull(users, "users == null");
  }

  @Override
  public User user(Context ctx) {
    Optional<String> id = userId.apply(ctx);
    if (id == null || id.isEmpty() || id.get().isBlank()) {
      throw ApiError.unauthenticated("the application did not authenticate this request");
    }
    return users.ensure(new UserId(id.get()));
  }

  @Override
  public void admin(Context ctx) {
    throw ApiError.unauthenticated("user administration belongs to the application");
  }

  @Override
  public boolean ownsCredentials() {
    return false;
  }
}
