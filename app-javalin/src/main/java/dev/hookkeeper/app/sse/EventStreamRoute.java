package dev.hookkeeper.app.sse;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.AuthenticateUser;
import dev.hookkeeper.core.usecase.CatchUpNotifications;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/v2/events}: the caller's notifications as Server-Sent Events. Accepts the API
 * token as a bearer header or, because browsers' EventSource cannot set headers, as
 * {@code ?access_token=} (the request log never prints query strings), or a signed-in browser's
 * session cookie (the dashboard's EventSource sends it: same origin).
 */
public final class EventStreamRoute {
  public static final String PATH = "/api/v2/events";

  private final AuthenticateUser authenticate;
  private final CatchUpNotifications catchUp;
  private final SseHub hub;
  private final Function<Context, Optional<User>> browserUser;

  public EventStreamRoute(AuthenticateUser authenticate, CatchUpNotifications catchUp, SseHub hub) {
    this(authenticate, catchUp, hub, ctx -> Optional.empty());
  }

  /** @param browserUser the signed-in user of a request's session cookie */
  public EventStreamRoute(AuthenticateUser authenticate, CatchUpNotifications catchUp, SseHub hub,
      Function<Context, Optional<User>> browserUser) {
    this.authenticate = authenticate;
    this.catchUp = catchUp;
    this.hub = hub;
    this.browserUser = browserUser;
  }

  public void register(RoutesConfig routes) {
    routes.get(PATH, this::handle);
  }

  private void handle(Context ctx) throws Exception {
    String token = token(ctx);
    Optional<User> user = token != null ? authenticate.authenticate(token) : browserUser.apply(ctx);
    if (user.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      error(ctx, 401, "unauthenticated", "send Authorization: Bearer <api token> or ?access_token=");
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
    new SseHandler(0L, client -> {
      client.keepAlive();
      hub.open(caller.id(), lastEventId, client, catchUp);
    }).handle(ctx);
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
    ctx.status(status).contentType("application/json").result(
        ("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
