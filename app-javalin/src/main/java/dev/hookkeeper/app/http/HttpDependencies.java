package dev.hookkeeper.app.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the standalone server's own routes (health, readiness, metrics) need from the composition
 * root.
 */
public record HttpDependencies(
    BooleanSupplier databaseReady, BooleanSupplier draining, Supplier<String> prometheusScrape) {
  public HttpDependencies {
    Objects.requireNonNull(databaseReady, "databaseReady == null");
    Objects.requireNonNull(draining, "draining == null");
    Objects.requireNonNull(prometheusScrape, "prometheusScrape == null");
  }
}
