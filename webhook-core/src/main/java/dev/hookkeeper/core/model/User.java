package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/** A Hookkeeper user: the owner of connections, provider tokens, incidents and notifications. */
public record User(UserId id, String name, Instant createdAt) {
  public User {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    if (name.isBlank()) throw new IllegalArgumentException("'name' must not be blank");
  }
}
