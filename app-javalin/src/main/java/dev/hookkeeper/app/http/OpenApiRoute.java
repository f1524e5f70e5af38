package dev.hookkeeper.app.http;

import dev.hookkeeper.core.crypto.Sha256;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v2/openapi.json}: the OpenAPI 3.1 description of the API, a resource of this jar
 * served byte for byte. Public and cacheable: it holds no user data, and it changes only with the
 * jar, so its ETag is the SHA-256 of its bytes.
 */
final class OpenApiRoute {
  static final String PATH = "/api/v2/openapi.json";

  /** The description's location on the classpath; tests read the same file. */
  static final String RESOURCE = "/api/openapi.json";

  private static final String CACHE_CONTROL = "public, max-age=3600";

  private final byte[] document;
  private final String etag;

  private OpenApiRoute(byte[] document) {
    this.document = document;
    this.etag = "\"" + Sha256.hex(document) + "\"";
  }

  /**
   * @throws IllegalStateException if the jar lacks the description (a broken build)
   */
  static OpenApiRoute fromClasspath() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      return new OpenApiRoute(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  void register(RoutesConfig routes) {
    routes.get(PATH, this::serve);
  }

  private void serve(Context ctx) {
    ctx.header("Cache-Control", CACHE_CONTROL).header("ETag", etag);
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType("application/json").result(document);
  }
}
