package dev.hookkeeper.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where Hookkeeper's routes are mounted: under a path prefix ({@code ""} in the standalone server,
 * e.g. {@code /hookkeeper} in an app that mounts the plugin), each handler answering its own
 * failures in the API's JSON shape, so a host's exception handlers neither see them nor change
 * them.
 */
public final class RouteMount {
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

  private final RoutesConfig routes;
  private final String prefix;
  private final ObjectMapper mapper;

  /**
   * @throws IllegalArgumentException for a prefix that is not {@code ""} or {@code /a/b} (no
   *     trailing slash)
   */
  public RouteMount(RoutesConfig routes, String prefix, ObjectMapper mapper) {
    this.routes = Objects.requireNonNull(routes, "routes == null");
    this.prefix = requireValidPrefix(prefix);
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
  }

  public static String requireValidPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix == null");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "the path prefix must be empty or look like /hookkeeper (no trailing slash): '"
              + prefix
              + "'");
    }
    return prefix;
  }

  public String prefix() {
    return prefix;
  }

  public void get(String path, Handler handler) {
    routes.get(prefix + path, guarded(handler));
  }

  public void post(String path, Handler handler) {
    routes.post(prefix + path, guarded(handler));
  }

  public void put(String path, Handler handler) {
    routes.put(prefix + path, guarded(handler));
  }

  public void delete(String path, Handler handler) {
    routes.delete(prefix + path, guarded(handler));
  }

  private Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (Exception e) {
        ErrorHandlers.handle(e, ctx, mapper);
      }
    };
  }
}
