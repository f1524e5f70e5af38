package dev.hookkeeper.core.model;

/**
 * @param cursor an opaque cursor from a previous {@link Page}, or {@code null} for the first page
 * @param limit 1..{@value #MAX_LIMIT}
 */
public record PageRequest(String cursor, int limit) {
  public static final int MAX_LIMIT = 200;
  public static final int DEFAULT_LIMIT = 50;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("'limit' must be between 1 and " + MAX_LIMIT);
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(null, limit);
  }
}
