package dev.hookkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Proves that no copied fixture sits unused: each is a decoded payload or read by a named REST test. */
class FixtureCoverageTest {
  /** REST answers and spec extracts, each read by the test named beside it. */
  static final Set<String> REST_FIXTURES =
      Set.of(
          "api/hook.example.json", // GitHubHooksClientTest
          "api/hook-items.example.json", // GitHubHooksClientTest
          "api/webhook-config.example.json", // GitHubHooksClientTest
          "api/hook-delivery-items.example.json", // GitHubHooksClientTest
          "api/hook-delivery.example.json", // GitHubSimulatorTest (shape of a single delivery)
          "api/openapi-repo-webhooks.subset.json", // GitHubSimulatorTest (operations exist)
          "api/x-webhooks.delivery-header-parameters.json"); // GitHubSimulatorTest (delivery headers)

  static boolean isPayload(String relative) {
    if (relative.endsWith("SOURCES.md")) return false;
    if (relative.startsWith("api/x-webhooks.ping") || relative.startsWith("api/x-webhooks.check-run")) return true;
    return !relative.startsWith("api/");
  }

  @Test
  void every_fixture_is_used_by_a_test() {
    List<String> all = Fixtures.all();
    Set<String> unused =
        all.stream()
            .filter(f -> !f.equals("SOURCES.md"))
            .filter(f -> !isPayload(f))
            .filter(f -> !REST_FIXTURES.contains(f))
            .filter(f -> !f.startsWith("api/recorded/")) // GitHubRecordedExchangesTest
            .collect(Collectors.toSet());
    assertThat(unused).isEmpty();
    assertThat(all).contains("SOURCES.md");
    assertThat(all.stream().filter(FixtureCoverageTest::isPayload).count()).isEqualTo(41);
  }
}
