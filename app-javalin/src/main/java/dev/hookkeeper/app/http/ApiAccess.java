package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.AuthenticateUser;
import dev.hookkeeper.core.usecase.EnsureUser;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may call the API. The standalone server authenticates with its own credentials ({@link
 * #tokens}: API tokens, signed-in browsers, the admin token) and also mounts the routes that manage
 * them; an app that mounts Hookkeeper authenticates its users itself ({@link #host}).
 */
public interface ApiAccess {

  /**
   * The calling user.
   *
   * @throws ApiError 401 when the request is not authenticated, 403 when it may not do this
   */
  User user(Context ctx);

  /**
   * Whether the request is the operator's.
   *
   * @throws ApiError 401 when it is not
   */
  void admin(Context ctx);

  /**
   * Whether the users and API tokens are Hookkeeper's own: the user-administration routes are
   * mounted.
   */
  boolean ownsCredentials();

  /**
   * Hookkeeper's own credentials: API tokens, a signed-in browser's session (with CSRF), the admin
   * token.
   */
  static ApiAccess tokens(AuthenticateUser users, AdminToken admin, BrowserSessions sessions) {
    return new Authenticator(users, admin, sessions);
  }

  /**
   * The host app's authentication: {@code userId} names the user a request is from (empty when it
   * is from nobody: 401). Each such user is a Hookkeeper user of that id, created the first time it
   * calls.
   */
  static ApiAccess host(Function<Context, Optional<String>> userId, EnsureUser users) {
    return new HostAccess(userId, users);
  }

  /** The user behind the request, or empty; for streams, which answer a missing user themselves. */
  default Optional<User> userIfAny(Context ctx) {
    try {
      return Optional.of(user(ctx));
    } catch (ApiError e) {
      return Optional.empty();
    }
  }
}
