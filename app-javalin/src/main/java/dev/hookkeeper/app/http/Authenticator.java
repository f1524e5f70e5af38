package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.AuthenticateUser;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the user behind a bearer API token, a signed-in browser (its session cookie; every
 * state-changing request must then carry the session's CSRF token, or it is refused with 403), or
 * the operator with the admin token.
 */
final class Authenticator {
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");
  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final AuthenticateUser users;
  private final AdminToken admin;
  private final BrowserSessions sessions;

  Authenticator(AuthenticateUser users, AdminToken admin, BrowserSessions sessions) {
    this.users = users;
    this.admin = admin;
    this.sessions = sessions;
  }

  User user(Context ctx) {
    String token = bearer(ctx);
    if (token == null) {
      Optional<User> browser = sessions.signedIn(ctx);
      if (browser.isEmpty()) {
        throw new ApiError(401, "unauthenticated", "send Authorization: Bearer <api token>, or sign in", CHALLENGE);
      }
      if (!SAFE.contains(ctx.method()) && !sessions.csrfValid(ctx)) {
        throw new ApiError(403, "csrf_token_invalid",
            "a request from a signed-in browser that changes something must carry the page's CSRF token in X-CSRF-Token");
      }
      return browser.get();
    }
    return users.authenticate(token).orElseThrow(() ->
        new ApiError(401, "unauthenticated", "the API token is not valid", CHALLENGE));
  }

  void admin(Context ctx) {
    if (!admin.matches(bearer(ctx))) {
      throw new ApiError(401, "unauthenticated", "the admin token is missing or wrong", CHALLENGE);
    }
  }

  static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
