package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.Headers;
import org.junit.jupiter.api.Test;

class RecentAppendsTest {
  private static final Headers HEADERS = Headers.single("X-GitHub-Event", "push");

  @Test
  void the_oldest_go_first_when_the_budget_is_spent() {
    RecentAppends recent = new RecentAppends(3 * (100 + 1_024));
    for (int i = 0; i < 5; i++) recent.put("d" + i, HEADERS, new byte[100]);

    assertThat(recent.size()).isEqualTo(3);
    assertThat(recent.heldBytes()).isEqualTo(3 * (100 + 1_024));
    assertThat(recent.take("d0")).isNull();
    assertThat(recent.take("d1")).isNull();
    assertThat(recent.take("d4")).isNotNull();
  }

  @Test
  void a_take_removes_and_gives_back_its_bytes() {
    RecentAppends recent = new RecentAppends(1 << 20);
    byte[] body = {1, 2, 3};
    recent.put("d", HEADERS, body);

    RecentAppends.Held held = recent.take("d");

    assertThat(held.body()).isSameAs(body);
    assertThat(held.headers()).isSameAs(HEADERS);
    assertThat(recent.take("d")).isNull();
    assertThat(recent.heldBytes()).isZero();
  }

  @Test
  void a_body_larger_than_the_budget_is_not_held_and_evicts_nothing() {
    RecentAppends recent = new RecentAppends(10_000);
    recent.put("small", HEADERS, new byte[10]);
    recent.put("huge", HEADERS, new byte[20_000]);

    assertThat(recent.take("huge")).isNull();
    assertThat(recent.take("small")).isNotNull();
  }
}
