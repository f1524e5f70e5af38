package dev.hookkeeper.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricLabelsTest {

  @Test
  void an_event_name_is_a_label_only_when_the_provider_sends_it() {
    assertThat(MetricLabels.event(Provider.GITHUB, "workflow_run")).isEqualTo("workflow_run");
    assertThat(MetricLabels.event(Provider.GITHUB, "ping")).isEqualTo("ping");
    assertThat(MetricLabels.event(Provider.GITLAB, "Pipeline Hook")).isEqualTo("Pipeline Hook");
    assertThat(MetricLabels.event(Provider.GITHUB, "Pipeline Hook")).as("another provider's").isEqualTo("other");
    assertThat(MetricLabels.event(Provider.GITLAB, "push")).isEqualTo("other");
    assertThat(MetricLabels.event(Provider.GITHUB, "workflow_runs")).isEqualTo("other");
    assertThat(MetricLabels.event(Provider.GITHUB, "Workflow_Run")).isEqualTo("other");
    assertThat(MetricLabels.event(Provider.GITHUB, null)).isEqualTo("none");
    assertThat(MetricLabels.event(Provider.GITLAB, "")).isEqualTo("none");
  }

  @Test
  void outcomes_come_from_fixed_lists() {
    for (ProcessingStatus s : ProcessingStatus.values()) {
      assertThat(MetricLabels.ingestOutcome(s.wireName())).isEqualTo(s.wireName());
    }
    assertThat(MetricLabels.ingestOutcome("unauthenticated")).isEqualTo("unauthenticated");
    assertThat(MetricLabels.ingestOutcome("anything else")).isEqualTo("other");
    for (FailureReason r : FailureReason.values()) assertThat(MetricLabels.hookOutcome(r.code())).isEqualTo(r.code());
    for (HookStatus s : HookStatus.values()) assertThat(MetricLabels.hookOutcome(s.wireName())).isEqualTo(s.wireName());
    assertThat(MetricLabels.hookOutcome("made_up")).isEqualTo("other");
  }

  @Test
  void a_thousand_invented_names_make_one_series() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HttpMetrics metrics = new HttpMetrics(registry);

    for (int i = 0; i < 1000; i++) metrics.ingest(Provider.GITHUB, "invented_" + i, "unauthenticated", 1_000_000);

    assertThat(registry.find("hookkeeper.deliveries").counters()).singleElement()
        .satisfies(c -> {
          assertThat(c.getId().getTag("event")).isEqualTo("other");
          assertThat(c.count()).isEqualTo(1000.0);
        });
  }
}
