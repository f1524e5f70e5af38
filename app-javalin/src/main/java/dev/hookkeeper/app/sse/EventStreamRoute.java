package dev.hookkeeper.app.sse;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.AuthenticateUser;
import dev.hookkeeper.core.usecase.CatchUpNotifications;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/v2/events}: the caller's notifications as Server-Sent Events. Who the caller is
 * comes from whoever mounts the stream: the standalone server accepts the API token as a bearer
 * header or, because browsers' EventSource cannot set headers, as {@code ?access_token=} (the
 * request log never prints query strings), or a signed-in browser's session cookie (the dashboard's
 * EventSource sends it: same origin) — see {@link #tokenOrSession}; an app that mounts Hookkeeper
 * uses its own authentication.
 */
public final class EventStreamRoute {
  public static final String PATH = "/api/v2/events";

  private final CatchUpNotifications catchUp;
  private final SseHub hub;
  private final Function<Context, Optional<User>> caller;
  private final boolean bearer;

  /**
   * @param caller the user a request is from; empty answers 401
   * @param bearer whether callers authenticate with Hookkeeper's API tokens (the 401 says how)
   */
  public EventStreamRoute(
      CatchUpNotifications catchUp,
      SseHub hub,
      Function<Context, Optional<User>> caller,
      boolean bearer) {
    this.catchUp = catchUp;
    this.hub = hub;
    this.caller = caller;
    this.bearer = bearer;
  }

  /**
   * The server's callers: an API token (bearer header or {@code ?access_token=}) or else a
   * signed-in browser.
   *
   * @param browserUser the signed-in user of a request's session cookie
   */
  public static Function<Context, Optional<User>> tokenOrSession(
      AuthenticateUser authenticate, Function<Context, Optional<User>> browserUser) {
    return ctx -> {
      String token = token(ctx);
      return token != null ? authenticate.authenticate(token) : browserUser.apply(ctx);
    };
  }

  /**
   * Answers one request: 401 without a caller, 406 without {@code Accept: text/event-stream}, else
   * the stream.
   */
  public void handle(Context ctx) throws Exception {
    Optional<User> user = caller.apply(ctx);
    if (user.isEmpty()) {
      if (bearer) {
        ctx.header("WWW-Authenticate", "Bearer");
        error(
            ctx,
            401,
            "unauthenticated",
            "send Authorization: Bearer <api token> or ?access_token=");
      } else {
        error(ctx, 401, "unauthenticated", "the application did not authenticate this request");
      }
      return;
    }
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      // Javalin's SSE handler silently answers an empty 200 without this header
      error(ctx, 406, "not_acceptable", "send Accept: text/event-stream");
      return;
    }
    Long lastEventId;
    try {
      lastEventId = lastEventId(ctx.header("Last-Event-ID"));
    } catch (NumberFormatException e) {
      error(ctx, 400, "invalid_header", "Last-Event-ID must be the numeric id of a received event");
      return;
    }
    User caller = user.get();
    new SseHandler(
            0L,
            client -> {
              client.keepAlive();
              hub.open(caller.id(), lastEventId, client, catchUp);
            })
        .handle(ctx);
  }

  private static Long lastEventId(String header) {
    if (header == null || header.isBlank()) return null;
    long id = Long.parseLong(header.trim());
    if (id < 0) throw new NumberFormatException("negative");
    return id;
  }

  private static String token(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    String query = ctx.queryParam("access_token");
    return query == null || query.isBlank() ? null : query;
  }

  private static void error(Context ctx, int status, String code, String message) {
    // codes and messages are constants here, so no escaping is needed
    ctx.status(status)
        .contentType("application/json")
        .result(
            ("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}
