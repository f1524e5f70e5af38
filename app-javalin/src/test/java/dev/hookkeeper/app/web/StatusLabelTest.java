package dev.hookkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Statuses show as words with a colour; one added later (by another feature) still shows, by its name. */
class StatusLabelTest {
  @Test
  void known_statuses_have_their_colour() {
    assertThat(StatusLabel.of("active")).extracting(StatusLabel::word, StatusLabel::tone).containsExactly("Active", "ok");
    assertThat(StatusLabel.of("pending").tone()).isEqualTo("info");
    assertThat(StatusLabel.of("failed").tone()).isEqualTo("bad");
    assertThat(StatusLabel.of("degraded")).extracting(StatusLabel::word, StatusLabel::tone).containsExactly("Degraded", "warn");
    assertThat(StatusLabel.of("archived").tone()).isEqualTo("neutral");
    assertThat(StatusLabel.of("rejected").tone()).isEqualTo("bad");
  }

  @Test
  void an_unknown_status_is_shown_by_its_own_name_in_a_neutral_colour() {
    assertThat(StatusLabel.of("token_revoked")).extracting(StatusLabel::word, StatusLabel::tone)
        .containsExactly("Token revoked", "neutral");
    assertThat(StatusLabel.of(null).word()).isEqualTo("Unknown");
  }
}
