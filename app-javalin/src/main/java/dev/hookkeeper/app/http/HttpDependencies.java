package dev.hookkeeper.app.http;

import dev.hookkeeper.core.usecase.UseCases;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the HTTP layer needs from the composition root. */
public record HttpDependencies(
    UseCases useCases,
    AdminToken adminToken,
    AuthFailureThrottle throttle,
    HttpMetrics metrics,
    BooleanSupplier databaseReady,
    BooleanSupplier draining,
    ClientAddress clientAddress,
    Supplier<String> prometheusScrape,
    InstantSource clock,
    BrowserSessions browserSessions) {
  public HttpDependencies {
    Objects.requireNonNull(useCases, "useCases == null");
    Objects.requireNonNull(adminToken, "adminToken == null");
    Objects.requireNonNull(throttle, "throttle == null");
    Objects.requireNonNull(metrics, "metrics == null");
    Objects.requireNonNull(databaseReady, "databaseReady == null");
    Objects.requireNonNull(draining, "draining == null");
    Objects.requireNonNull(clientAddress, "clientAddress == null");
    Objects.requireNonNull(prometheusScrape, "prometheusScrape == null");
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(browserSessions, "browserSessions == null");
  }

  /** Without browser sessions: the API takes tokens only. */
  public HttpDependencies(UseCases useCases, AdminToken adminToken, AuthFailureThrottle throttle, HttpMetrics metrics,
      BooleanSupplier databaseReady, BooleanSupplier draining, ClientAddress clientAddress,
      Supplier<String> prometheusScrape, InstantSource clock) {
    this(useCases, adminToken, throttle, metrics, databaseReady, draining, clientAddress, prometheusScrape, clock,
        BrowserSessions.NONE);
  }
}
