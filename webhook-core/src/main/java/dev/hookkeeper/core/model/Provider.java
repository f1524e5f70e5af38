package dev.hookkeeper.core.model;

import java.util.Locale;
import java.util.Optional;

/** A code-hosting provider whose repository webhooks Hookkeeper manages. */
public enum Provider {
  GITHUB,
  GITLAB;

  /** The lower-case name used on the wire and in URLs: {@code github}, {@code gitlab}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Provider> fromId(String id) {
    if (id == null) return Optional.empty();
    for (Provider p : values()) {
      if (p.id().equals(id.toLowerCase(Locale.ROOT))) return Optional.of(p);
    }
    return Optional.empty();
  }
}
