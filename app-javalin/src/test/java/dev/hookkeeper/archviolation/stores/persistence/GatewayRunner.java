package dev.hookkeeper.archviolation.stores.persistence;

import dev.hookkeeper.core.port.TransactionRunner;
import java.util.function.Supplier;

/** Allowed: a store that goes through the gateway. */
final class GatewayRunner implements TransactionRunner {
  private final Gateway gateway;

  GatewayRunner(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return gateway.inTransaction(work);
  }
}
