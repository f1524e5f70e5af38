package dev.hookkeeper.app.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The pages' stylesheet and script, from the classpath ({@code web/}), cached for an hour. */
final class Assets {
  private static final Map<String, String> TYPES = Map.of(
      "app.css", "text/css; charset=utf-8",
      "live.js", "text/javascript; charset=utf-8");

  private final Map<String, byte[]> files = Map.of("app.css", load("app.css"), "live.js", load("live.js"));

  void register(RoutesConfig routes) {
    routes.get("/assets/{name}", this::serve);
  }

  private void serve(Context ctx) {
    String name = ctx.pathParam("name");
    byte[] body = files.get(name);
    if (body == null) throw PageError.notFound("file");
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(TYPES.get(name)).result(body);
  }

  private static byte[] load(String name) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream("web/" + name)) {
      if (in == null) throw new IllegalStateException("missing resource web/" + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
