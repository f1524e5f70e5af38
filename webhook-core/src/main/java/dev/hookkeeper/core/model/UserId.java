package dev.hookkeeper.core.model;

import java.util.Objects;

/** Opaque identifier, by convention prefixed {@code usr_}. */
public record UserId(String value) {
  public UserId {
    Objects.requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("UserId must not be blank");
  }

  @Override
  public String toString() {
    return value;
  }
}
