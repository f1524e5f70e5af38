package dev.hookkeeper.core.model;

import java.util.Objects;

/** Opaque identifier, by convention prefixed {@code hook_}. */
public record HookId(String value) {
  public HookId {
    Objects.requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("HookId must not be blank");
  }

  @Override
  public String toString() {
    return value;
  }
}
