package dev.hookkeeper.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StoreOutageGateTest {
  private static final long RETRY = 250;
  private final AtomicLong now = new AtomicLong(-1_000); // nanoTime may be negative
  private final StoreOutageGate gate = new StoreOutageGate(RETRY, now::get);

  @Test
  void admits_everything_while_the_store_works() {
    StoreOutageGate.Pass a = gate.admit();
    StoreOutageGate.Pass b = gate.admit();
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(a.trial()).isFalse();
    gate.committed(a);
    gate.done(b);
    assertThat(gate.isDown()).isFalse();
  }

  @Test
  void after_a_failure_refuses_at_once_and_lets_one_trial_through_per_retry_period() {
    gate.failed(gate.admit());
    assertThat(gate.isDown()).isTrue();
    assertThat(gate.admit()).as("within the retry period").isNull();
    now.addAndGet(RETRY);
    StoreOutageGate.Pass trial = gate.admit();
    assertThat(trial).isNotNull();
    assertThat(trial.trial()).isTrue();
    assertThat(gate.admit()).as("while the trial runs").isNull();
    gate.failed(trial);
    assertThat(gate.admit()).as("the trial failed: a new retry period").isNull();
    now.addAndGet(RETRY);
    StoreOutageGate.Pass second = gate.admit();
    assertThat(second.trial()).isTrue();
    gate.committed(second);
    assertThat(gate.isDown()).isFalse();
    assertThat(gate.admit()).isNotNull();
  }

  @Test
  void a_commit_of_a_delivery_admitted_before_the_failure_does_not_reopen() {
    StoreOutageGate.Pass early = gate.admit();
    now.addAndGet(10);
    gate.failed(gate.admit());
    gate.committed(early);
    assertThat(gate.isDown()).isTrue();
    assertThat(gate.admit()).isNull();
  }

  @Test
  void a_trial_that_never_reached_the_store_frees_the_next_one() {
    gate.failed(gate.admit());
    now.addAndGet(RETRY);
    StoreOutageGate.Pass trial = gate.admit();
    gate.done(trial); // e.g. refused as unauthenticated, or an unexpected error
    assertThat(gate.isDown()).isTrue();
    StoreOutageGate.Pass next = gate.admit();
    assertThat(next).isNotNull();
    assertThat(next.trial()).isTrue();
  }
}
