package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookkeeper.core.port.WebhookInfraException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every way a request can fail to the JSON error shape: expected outcomes ({@link ApiError},
 * Javalin's 404/405), an unavailable store (503 with {@code Retry-After}), and, for genuine bugs
 * only, a 500 that is logged once with its stack trace and never shows it to the caller.
 */
final class ErrorHandlers {
  static final String RETRY_AFTER_SECONDS = "5";
  private static final Logger log = LoggerFactory.getLogger(ErrorHandlers.class);

  private ErrorHandlers() {}

  static void register(RoutesConfig routes, ObjectMapper mapper) {
    routes.exception(ApiError.class, (e, ctx) -> handle(e, ctx, mapper));
    routes.exception(WebhookInfraException.class, (e, ctx) -> handle(e, ctx, mapper));
    routes.exception(HttpResponseException.class, (e, ctx) -> handle(e, ctx, mapper));
    routes.exception(Exception.class, (e, ctx) -> handle(e, ctx, mapper));
  }

  /**
   * Answers a request whose handler threw {@code e}; what a handler mounted by {@link RouteMount}
   * runs too.
   */
  static void handle(Exception e, Context ctx, ObjectMapper mapper) {
    if (e instanceof ApiError api) {
      api.headers().forEach(ctx::header);
      if (api.repositories() != null) {
        ctx.status(api.status())
            .contentType("application/json")
            .result(
                Json.write(
                    mapper, new ConflictBody(api.code(), api.getMessage(), api.repositories())));
      } else {
        write(ctx, mapper, api.status(), api.code(), api.getMessage());
      }
    } else if (e instanceof WebhookInfraException) {
      log.atWarn()
          .addKeyValue("path", ctx.path())
          .addKeyValue("cause", e.getClass().getSimpleName())
          .log("store unavailable: {}", e.getMessage());
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
      write(ctx, mapper, 503, "unavailable", "the database is unavailable; retry shortly");
    } else if (e instanceof HttpResponseException http) {
      write(ctx, mapper, http.getStatus(), codeFor(http.getStatus()), http.getMessage());
    } else {
      log.atError()
          .addKeyValue("method", ctx.method().name())
          .addKeyValue("path", ctx.path())
          .setCause(e)
          .log("unexpected error");
      write(ctx, mapper, 500, "internal_error", "unexpected server error; it has been logged");
    }
  }

  static void write(Context ctx, ObjectMapper mapper, int status, String code, String message) {
    ctx.status(status)
        .contentType("application/json")
        .result(Json.write(mapper, new ErrorBody(code, message)));
  }

  private static String codeFor(int status) {
    switch (status) {
      case 404:
        return "not_found";
      case 405:
        return "method_not_allowed";
      case 413:
        return "payload_too_large";
      case 415:
        return "unsupported_media_type";
      default:
        return status >= 500 ? "server_error" : "http_" + status;
    }
  }
}
