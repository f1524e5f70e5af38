package dev.hookkeeper.core.model;

import java.util.Objects;

/** Opaque identifier, by convention prefixed {@code inc_}. */
public record IncidentId(String value) {
  public IncidentId {
    Objects.requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("IncidentId must not be blank");
  }

  @Override
  public String toString() {
    return value;
  }
}
