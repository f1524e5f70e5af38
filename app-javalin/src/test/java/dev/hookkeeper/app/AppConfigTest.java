package dev.hookkeeper.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookkeeper.core.usecase.RetentionPolicy;
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
    assertThat(c.retention()).isEqualTo(
        new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(90)));
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
        Map.entry("LOG_FORMAT", "json"), Map.entry("DELIVERY_BODY_RETENTION_DAYS", "7"),
        Map.entry("NOTIFICATION_RETENTION_DAYS", "14"), Map.entry("RUN_RETENTION_DAYS", "365")));
    assertThat(c.retention()).isEqualTo(
        new RetentionPolicy(Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(365)));
    assertThat(c.port()).isEqualTo(9090);
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
        "WEBHOOK_EVENTS_GITHUB", "Workflow Run!", "LOG_FORMAT", "xml", "HOOKKEEPER_ADMIN_TOKEN", "short",
        "NOTIFICATION_RETENTION_DAYS", "0", "RUN_RETENTION_DAYS", "forever")));
    List<String> problems = e.problems();
    assertThat(problems).hasSize(10);
    assertThat(problems).anyMatch(p -> p.startsWith("PORT "))
        .anyMatch(p -> p.startsWith("DATABASE_URL "))
        .anyMatch(p -> p.startsWith("WEBHOOK_BASE_URL "))
        .anyMatch(p -> p.startsWith("WEBHOOK_SECRET_ENCRYPTION_KEY "))
        .anyMatch(p -> p.startsWith("GITHUB_API_URL "))
        .anyMatch(p -> p.startsWith("WEBHOOK_EVENTS_GITHUB "))
        .anyMatch(p -> p.startsWith("LOG_FORMAT "))
        .anyMatch(p -> p.startsWith("HOOKKEEPER_ADMIN_TOKEN "))
        .anyMatch(p -> p.startsWith("NOTIFICATION_RETENTION_DAYS "))
        .anyMatch(p -> p.startsWith("RUN_RETENTION_DAYS "));
    assertThat(String.join("\n", problems)).doesNotContain("c2hvcnQ=", "short'");
  }

  @Test
  void warns_when_the_public_url_is_not_https() {
    AppConfig c = AppConfig.fromEnv(Map.of("WEBHOOK_BASE_URL", "http://hooks.example.com"));
    assertThat(c.warnings()).singleElement().asString().contains("not https");
  }
}
