package dev.hookkeeper.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A plaintext credential: a webhook secret, a GitLab hook token or an OAuth token. Never printed:
 * {@link #toString()} redacts, so a secret that slips into a log line or an exception message
 * shows up as {@code Secret[redacted]}.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "value == null");
    if (value.isEmpty()) throw new IllegalArgumentException("a secret must not be empty");
    return new Secret(value);
  }

  /** The plaintext. Call only at the point of use (HMAC key, HTTP header, cipher input). */
  public String reveal() {
    return value;
  }

  public byte[] utf8() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Constant-time comparison against a presented value. */
  public boolean matches(String presented) {
    if (presented == null) return false;
    return MessageDigest.isEqual(utf8(), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && MessageDigest.isEqual(utf8(), other.utf8());
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
