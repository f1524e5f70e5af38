package dev.hookkeeper.core.model;

import java.util.Objects;

/** Opaque identifier, by convention prefixed {@code repo_}. */
public record RepositoryId(String value) {
  public RepositoryId {
    Objects.requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("RepositoryId must not be blank");
  }

  @Override
  public String toString() {
    return value;
  }
}
