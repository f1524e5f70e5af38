package dev.hookkeeper.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedIdGeneratorTest {
  private static final String CROCKFORD = "[0-9A-HJKMNP-TV-Z]{26}";

  @Test
  void prefixes_and_uses_26_crockford_characters() {
    String id = new TimeOrderedIdGenerator().newId("conn");

    assertThat(id).startsWith("conn_");
    assertThat(id.substring(5)).matches(CROCKFORD);
  }

  @Test
  void does_not_double_an_underscore_and_allows_no_prefix() {
    TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator();

    assertThat(ids.newId("dlv_")).matches("dlv_" + CROCKFORD);
    assertThat(ids.newId("")).matches(CROCKFORD);
  }

  @Test
  void encodes_the_timestamp_in_the_first_ten_characters() {
    InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1469918176385L));
    String id = new TimeOrderedIdGenerator(clock, new Random(1)).newId("");

    // the ULID spec's example timestamp 1469918176385 encodes as 01ARYZ6S41
    assertThat(id).startsWith("01ARYZ6S41");
  }

  @Test
  void encodes_all_80_random_bits() {
    assertThat(TimeOrderedIdGenerator.encode(0, 0xFFFF, -1L)).isEqualTo("0000000000ZZZZZZZZZZZZZZZZ");
    assertThat(TimeOrderedIdGenerator.encode(0, 0, 1)).isEqualTo("00000000000000000000000001");
    assertThat(TimeOrderedIdGenerator.encode(0, 1, 0)).isEqualTo("0000000000000G000000000000");
  }

  @Test
  void sorts_by_creation_time_also_within_one_millisecond_and_when_the_clock_steps_back() {
    AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator(() -> Instant.ofEpochMilli(millis.get()), new Random(7));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      made.add(ids.newId("x"));
      if (i % 50 == 0) millis.addAndGet(1);
      if (i == 300) millis.addAndGet(-10);
    }

    assertThat(made).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void is_unique_across_threads() throws Exception {
    TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        jobs.add(pool.submit(() -> {
          for (int i = 0; i < 5000; i++) seen.add(ids.newId("id"));
        }));
      }
      for (Future<?> job : jobs) job.get();
    } finally {
      pool.shutdownNow();
    }

    assertThat(seen).hasSize(40_000);
  }
}
