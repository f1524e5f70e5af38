package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.AuthenticateUser;
import io.javalin.http.Context;
import java.util.Map;

/** Who is calling: the user behind a bearer API token, or the operator with the admin token. */
final class Authenticator {
  private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer");

  private final AuthenticateUser users;
  private final AdminToken admin;

  Authenticator(AuthenticateUser users, AdminToken admin) {
    this.users = users;
    this.admin = admin;
  }

  User user(Context ctx) {
    String token = bearer(ctx);
    if (token == null) {
      throw new ApiError(401, "unauthenticated", "send Authorization: Bearer <api token>", CHALLENGE);
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
