package dev.hookkeeper.core.model;

import java.util.Locale;
import java.util.Optional;

public enum IncidentStatus {
  OPEN,
  RESOLVED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<IncidentStatus> fromWireName(String s) {
    for (IncidentStatus v : values()) if (v.wireName().equals(s)) return Optional.of(v);
    return Optional.empty();
  }
}
