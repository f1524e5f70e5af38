package dev.hookkeeper.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Immutable HTTP headers with case-insensitive names (stored lower-case). */
public final class Headers {
  /**
   * Headers that carry credentials. They are stored only as present/absent, never by value: a
   * delivery log that kept them would leak a GitLab token or let a reader replay signatures.
   */
  public static final Set<String> CREDENTIAL_HEADERS =
      Set.of(
          "x-gitlab-token",
          "x-hub-signature",
          "x-hub-signature-256",
          "webhook-signature",
          "authorization",
          "proxy-authorization",
          "cookie");

  public static final String REDACTED = "[present]";

  private static final Headers EMPTY = new Headers(Map.of());

  private final Map<String, List<String>> values;

  private Headers(Map<String, List<String>> values) {
    this.values = values;
  }

  public static Headers empty() {
    return EMPTY;
  }

  /** Copies {@code raw}, folding names to lower case and merging names that differ only in case. */
  public static Headers of(Map<String, ? extends List<String>> raw) {
    Objects.requireNonNull(raw, "raw == null");
    Map<String, List<String>> folded = new LinkedHashMap<>();
    raw.forEach(
        (name, list) -> {
          if (name == null || list == null) return;
          folded.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(list);
        });
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    folded.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new Headers(Collections.unmodifiableMap(frozen));
  }

  /** Convenience for tests and single-valued headers: {@code Headers.single("X-A", "1", ...)}. */
  public static Headers single(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("names and values must pair up");
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return of(map);
  }

  /** The first value of {@code name}, if present. */
  public Optional<String> first(String name) {
    List<String> list = values.get(name.toLowerCase(Locale.ROOT));
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  public List<String> all(String name) {
    return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  public boolean contains(String name) {
    return values.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Lower-case names to values. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  /** A copy safe to store: every credential header's value replaced by {@value #REDACTED}. */
  public Headers withoutCredentials() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, CREDENTIAL_HEADERS.contains(k) ? List.of(REDACTED) : v));
    return new Headers(Collections.unmodifiableMap(copy));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Names only: values may be credentials. */
  @Override
  public String toString() {
    return "Headers" + values.keySet();
  }
}
