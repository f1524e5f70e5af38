package dev.hookkeeper.core.support;

import dev.hookkeeper.core.port.IdGenerator;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Random;

/**
 * ULID-style ids: {@code prefix_} followed by 26 Crockford base32 characters encoding a 48-bit
 * millisecond timestamp and 80 random bits. Ids made within one millisecond (or while the clock
 * stands still or steps back) increment the previous random part, so every id this generator
 * returns sorts after the previous one, as text and by creation time. Thread-safe.
 */
public final class TimeOrderedIdGenerator implements IdGenerator {
  static final int LENGTH = 26;
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final long MAX_TIME = (1L << 48) - 1;

  private final InstantSource clock;
  private final Random random;
  private long lastMillis = -1;
  private long randomHigh; // upper 16 of the 80 random bits
  private long randomLow; // lower 64 of the 80 random bits

  public TimeOrderedIdGenerator() {
    this(InstantSource.system(), new SecureRandom());
  }

  public TimeOrderedIdGenerator(InstantSource clock, Random random) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.random = Objects.requireNonNull(random, "random == null");
  }

  /**
   * {@code newId("conn")} gives {@code conn_01JD…}; a prefix that already ends in {@code _} is
   * not doubled, and an empty prefix gives the bare 26 characters.
   */
  @Override
  public String newId(String prefix) {
    Objects.requireNonNull(prefix, "prefix == null");
    String body = next();
    if (prefix.isEmpty()) return body;
    return prefix.endsWith("_") ? prefix + body : prefix + "_" + body;
  }

  private synchronized String next() {
    long now = clock.millis();
    if (now < 0 || now > MAX_TIME) throw new IllegalStateException("clock out of ULID range: " + now);
    if (now > lastMillis) {
      lastMillis = now;
      randomHigh = random.nextInt(1 << 16);
      randomLow = random.nextLong();
    } else if (++randomLow == 0 && ++randomHigh > 0xFFFF) {
      // 2^80 ids in one millisecond cannot happen in practice; move time on rather than wrap
      lastMillis++;
      randomHigh = 0;
    }
    return encode(lastMillis, randomHigh, randomLow);
  }

  static String encode(long millis, long high16, long low64) {
    char[] out = new char[LENGTH];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // 80 random bits = 16 characters: 16 high bits followed by 64 low bits, 5 bits at a time
    for (int i = LENGTH - 1; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low64 & 31)];
      low64 = (low64 >>> 5) | ((high16 & 31) << 59);
      high16 >>>= 5;
    }
    return new String(out);
  }
}
