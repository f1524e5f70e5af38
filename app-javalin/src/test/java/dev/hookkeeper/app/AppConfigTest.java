package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @Test
  void defaults_to_the_embedded_database_and_the_public_providers() {
    AppConfig c = AppConfig.fromEnv(Map.of());
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.embeddedDatabase()).isTrue();
    assertThat(c.dataDir()).isEqualTo(Path.of("./hookkeeper-data"));
    assertThat(c.githubApiUrl()).isEqualTo("https://api.github.com");
    assertThat(c.gitlabUrl()).isEqualTo("https://gitlab.com");
    assertThat(c.githubEvents()).isEqualTo(AppConfig.DEFAULT_GITHUB_EVENTS);
    assertThat(c.gitlabEvents()).isEqualTo(AppConfig.DEFAULT_GITLAB_EVENTS);
    assertThat(c.logFormat()).isEqualTo("text");
    assertThat(c.bodyRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(c.processors()).isEqualTo(2);
    assertThat(c.effectiveWebhookBaseUrl(8080)).isEqualTo("http://127.0.0.1:8080");
    assertThat(c.warnings()).singleElement().asString().contains("WEBHOOK_BASE_URL");
  }

  @Test
  void reads_every_variable() {
    AppConfig c = AppConfig.fromEnv(Map.ofEntries(
        Map.entry("PORT", "9090"), Map.entry("DATABASE_URL", "postgres://u:p@db:5432/hk"),
        Map.entry("HOOKKEEPER_DATA_DIR", "/var/lib/hk"), Map.entry("WEBHOOK_BASE_URL", "https://hooks.example.com/"),
        Map.entry("WEBHOOK_SECRET_ENCRYPTION_KEY", KEY), Map.entry("HOOKKEEPER_ADMIN_TOKEN", "0123456789abcdef-admin"),
        Map.entry("GITHUB_API_URL", "https://ghe.example.com/api/v3"), Map.entry("GITLAB_URL", "https://gl.example.com"),
        Map.entry("WEBHOOK_EVENTS_GITHUB", "workflow_run, push"), Map.entry("WEBHOOK_EVENTS_GITLAB", "pipeline_events"),
        Map.entry("LOG_FORMAT", "json"), Map.entry("HOOKKEEPER_PROCESSORS", "4")));
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.processors()).isEqualTo(4);
    assertThat(c.embeddedDatabase()).isFalse();
    assertThat(c.effectiveWebhookBaseUrl(9090)).isEqualTo("https://hooks.example.com");
    assertThat(c.githubEvents()).containsExactly("workflow_run", "push");
    assertThat(c.gitlabEvents()).containsExactly("pipeline_events");
    assertThat(c.logFormat()).isEqualTo("json");
    assertThat(c.warnings()).isEmpty();
    assertThat(c.toString()).doesNotContain(KEY, "0123456789abcdef-admin", "u:p@");
  }

  @Test
  void requires_the_encryption_key_with_an_external_database() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> AppConfig.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db/hk")));
    assertThat(e.problems()).singleElement().asString().startsWith("WEBHOOK_SECRET_ENCRYPTION_KEY is required");
  }

  @Test
  void reports_every_problem_on_its_own_line_without_echoing_secrets() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> AppConfig.fromEnv(Map.of(
        "PORT", "eighty", "DATABASE_URL", "mysql://x", "WEBHOOK_BASE_URL", "ftp://x",
        "WEBHOOK_SECRET_ENCRYPTION_KEY", "c2hvcnQ=", "GITHUB_API_URL", "not a url",
        "WEBHOOK_EVENTS_GITHUB", "Workflow Run!", "LOG_FORMAT", "xml", "HOOKKEEPER_ADMIN_TOKEN", "short")));
    List<String> problems = e.problems();
    assertThat(problems).hasSize(8);
    assertThat(problems).anyMatch(p -> p.startsWith("PORT "))
        .anyMatch(p -> p.startsWith("DATABASE_URL "))
        .anyMatch(p -> p.startsWith("WEBHOOK_BASE_URL "))
        .anyMatch(p -> p.startsWith("WEBHOOK_SECRET_ENCRYPTION_KEY "))
        .anyMatch(p -> p.startsWith("GITHUB_API_URL "))
        .anyMatch(p -> p.startsWith("WEBHOOK_EVENTS_GITHUB "))
        .anyMatch(p -> p.startsWith("LOG_FORMAT "))
        .anyMatch(p -> p.startsWith("HOOKKEEPER_ADMIN_TOKEN "));
    assertThat(String.join("\n", problems)).doesNotContain("c2hvcnQ=", "short'");
  }

  @Test
  void zero_processors_means_this_instance_only_stores_and_acknowledges() {
    assertThat(AppConfig.fromEnv(Map.of("HOOKKEEPER_PROCESSORS", "0")).processors()).isZero();
    assertThat(AppConfig.fromEnv(Map.of("HOOKKEEPER_PROCESSORS", " 64 ")).processors()).isEqualTo(64);
  }

  @Test
  void refuses_a_processor_count_that_is_not_a_small_whole_number_in_one_line() {
    for (String bad : List.of("-1", "two", "2.5", "65", "99999999999")) {
      InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
          () -> AppConfig.fromEnv(Map.of("HOOKKEEPER_PROCESSORS", bad)));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.problems()).as(bad).singleElement().asString()
          .isEqualTo("HOOKKEEPER_PROCESSORS must be an integer between 0 and 64, got '" + bad + "'");
    }
  }

  @Test
  void warns_when_the_public_url_is_not_https() {
    AppConfig c = AppConfig.fromEnv(Map.of("WEBHOOK_BASE_URL", "http://hooks.example.com"));
    assertThat(c.warnings()).singleElement().asString().contains("not https");
  }
}
