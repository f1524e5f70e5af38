package dev.hookkeeper.app.http;

import io.javalin.config.RoutesConfig;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Liveness + readiness, and Prometheus metrics. Unauthenticated: they reveal no user data. */
final class OpsRoutes {
  private final BooleanSupplier databaseReady;
  private final Supplier<String> prometheusScrape;

  OpsRoutes(BooleanSupplier databaseReady, Supplier<String> prometheusScrape) {
    this.databaseReady = databaseReady;
    this.prometheusScrape = prometheusScrape;
  }

  void register(RoutesConfig routes) {
    routes.get("/health", ctx -> {
      boolean ready = databaseReady.getAsBoolean();
      ctx.status(ready ? 200 : 503).json(new Health(ready ? "ok" : "unavailable", true, ready ? "up" : "down"));
    });
    routes.get("/metrics", ctx ->
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheusScrape.get()));
  }

  /** {@code live} is true whenever the process answers; {@code database} is the readiness part. */
  record Health(String status, boolean live, String database) {}
}
