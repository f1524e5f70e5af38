package dev.hookkeeper.app.http;

import io.javalin.config.RoutesConfig;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness, readiness and Prometheus metrics, for load balancers and orchestrators.
 * Unauthenticated: they reveal no user data. Live means the process answers (restart it if not);
 * ready means it should be sent traffic: the database answers and the instance is not draining.
 */
final class OpsRoutes {
  private final BooleanSupplier databaseReady;
  private final BooleanSupplier draining;
  private final Supplier<String> prometheusScrape;

  OpsRoutes(BooleanSupplier databaseReady, BooleanSupplier draining, Supplier<String> prometheusScrape) {
    this.databaseReady = databaseReady;
    this.draining = draining;
    this.prometheusScrape = prometheusScrape;
  }

  void register(RoutesConfig routes) {
    routes.get("/health/live", ctx -> ctx.json(new Live("live")));
    routes.get("/health/ready", ctx -> {
      Readiness r = readiness();
      ctx.status(r.ready() ? 200 : 503).json(r);
    });
    routes.get("/health", ctx -> {
      Readiness r = readiness();
      boolean up = r.database().equals("up");
      ctx.status(r.ready() ? 200 : 503).json(new Health(r.ready() ? "ok" : "unavailable", true, up ? "up" : "down",
          r.draining()));
    });
    routes.get("/metrics", ctx ->
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheusScrape.get()));
  }

  private Readiness readiness() {
    boolean isDraining = draining.getAsBoolean();
    boolean up = databaseReady.getAsBoolean();
    return new Readiness(up && !isDraining ? "ready" : "not_ready", up && !isDraining, up ? "up" : "down", isDraining);
  }

  /** {@code live} is true whenever the process answers; {@code database} and {@code draining} make readiness. */
  record Health(String status, boolean live, String database, boolean draining) {}

  record Live(String status) {}

  record Readiness(String status, boolean ready, String database, boolean draining) {}
}
