package dev.hookkeeper.core.model;

import java.util.Objects;

/** Opaque identifier, by convention prefixed {@code conn_}. */
public record ConnectionId(String value) {
  public ConnectionId {
    Objects.requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("ConnectionId must not be blank");
  }

  @Override
  public String toString() {
    return value;
  }
}
