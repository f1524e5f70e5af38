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
    assertThat(c.retention())
        .isEqualTo(
            new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(90)));
    assertThat(c.cluster().processors()).isEqualTo(2);
    assertThat(c.effectiveWebhookBaseUrl(8080)).isEqualTo("http://127.0.0.1:8080");
    assertThat(c.warnings()).singleElement().asString().contains("WEBHOOK_BASE_URL");
  }

  @Test
  void reads_every_variable() {
    AppConfig c =
        AppConfig.fromEnv(
            Map.ofEntries(
                Map.entry("PORT", "9090"),
                Map.entry("DATABASE_URL", "postgres://u:p@db:5432/hk"),
                Map.entry("HOOKKEEPER_DATA_DIR", "/var/lib/hk"),
                Map.entry("WEBHOOK_BASE_URL", "https://hooks.example.com/"),
                Map.entry("WEBHOOK_SECRET_ENCRYPTION_KEY", KEY),
                Map.entry("HOOKKEEPER_ADMIN_TOKEN", "0123456789abcdef-admin"),
                Map.entry("GITHUB_API_URL", "https://ghe.example.com/api/v3"),
                Map.entry("GITLAB_URL", "https://gl.example.com"),
                Map.entry("WEBHOOK_EVENTS_GITHUB", "workflow_run, push"),
                Map.entry("WEBHOOK_EVENTS_GITLAB", "pipeline_events"),
                Map.entry("LOG_FORMAT", "json"),
                Map.entry("DELIVERY_BODY_RETENTION_DAYS", "7"),
                Map.entry("NOTIFICATION_RETENTION_DAYS", "14"),
                Map.entry("RUN_RETENTION_DAYS", "365"),
                Map.entry("HOOKKEEPER_PROCESSORS", "4")));
    assertThat(c.retention())
        .isEqualTo(
            new RetentionPolicy(Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(365)));
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.cluster().processors()).isEqualTo(4);
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
    InvalidConfigException e =
        catchThrowableOfType(
            InvalidConfigException.class,
            () -> AppConfig.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://db/hk")));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("WEBHOOK_SECRET_ENCRYPTION_KEY is required");
  }

  @Test
  void reports_every_problem_on_its_own_line_without_echoing_secrets() {
    InvalidConfigException e =
        catchThrowableOfType(
            InvalidConfigException.class,
            () ->
                AppConfig.fromEnv(
                    Map.of(
                        "PORT",
                        "eighty",
                        "DATABASE_URL",
                        "mysql://x",
                        "WEBHOOK_BASE_URL",
                        "ftp://x",
                        "WEBHOOK_SECRET_ENCRYPTION_KEY",
                        "c2hvcnQ=",
                        "GITHUB_API_URL",
                        "not a url",
                        "WEBHOOK_EVENTS_GITHUB",
                        "Workflow Run!",
                        "LOG_FORMAT",
                        "xml",
                        "HOOKKEEPER_ADMIN_TOKEN",
                        "short",
                        "NOTIFICATION_RETENTION_DAYS",
                        "0",
                        "RUN_RETENTION_DAYS",
                        "forever")));
    List<String> problems = e.problems();
    assertThat(problems).hasSize(10);
    assertThat(problems)
        .anyMatch(p -> p.startsWith("PORT "))
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
  void zero_processors_means_this_instance_only_stores_and_acknowledges() {
    assertThat(AppConfig.fromEnv(Map.of("HOOKKEEPER_PROCESSORS", "0")).cluster().processors())
        .isZero();
    assertThat(AppConfig.fromEnv(Map.of("HOOKKEEPER_PROCESSORS", " 64 ")).cluster().processors())
        .isEqualTo(64);
  }

  @Test
  void refuses_a_processor_count_that_is_not_a_small_whole_number_in_one_line() {
    for (String bad : List.of("-1", "two", "2.5", "65", "99999999999")) {
      InvalidConfigException e =
          catchThrowableOfType(
              InvalidConfigException.class,
              () -> AppConfig.fromEnv(Map.of("HOOKKEEPER_PROCESSORS", bad)));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.problems())
          .as(bad)
          .singleElement()
          .asString()
          .isEqualTo(
              "HOOKKEEPER_PROCESSORS must be an integer between 0 and 64, got '" + bad + "'");
    }
  }

  @Test
  void warns_when_the_public_url_is_not_https() {
    AppConfig c = AppConfig.fromEnv(Map.of("WEBHOOK_BASE_URL", "http://hooks.example.com"));
    assertThat(c.warnings()).singleElement().asString().contains("not https");
  }

  @Test
  void
      a_provider_without_a_client_id_offers_no_sign_in_and_a_half_configured_one_is_one_clear_line() {
    AppConfig none = AppConfig.fromEnv(Map.of());
    assertThat(none.signIn().github()).isNull();
    assertThat(none.signIn().gitlab()).isNull();
    assertThat(none.signIn().githubWebUrl()).isEqualTo("https://github.com");
    assertThat(none.signIn().sessionTtl()).isEqualTo(java.time.Duration.ofDays(7));

    AppConfig both =
        AppConfig.fromEnv(
            Map.of(
                "GITHUB_OAUTH_CLIENT_ID",
                "Iv1.x",
                "GITHUB_OAUTH_CLIENT_SECRET",
                "s3cr3t-gh",
                "GITLAB_OAUTH_CLIENT_ID",
                "app",
                "GITLAB_OAUTH_CLIENT_SECRET",
                "s3cr3t-gl",
                "GITHUB_URL",
                "https://ghe.example.com",
                "HOOKKEEPER_SESSION_TTL",
                "12h"));
    assertThat(both.signIn().github().clientId()).isEqualTo("Iv1.x");
    assertThat(both.signIn().gitlab().clientSecret()).isEqualTo("s3cr3t-gl");
    assertThat(both.signIn().githubWebUrl()).isEqualTo("https://ghe.example.com");
    assertThat(both.signIn().sessionTtl()).isEqualTo(java.time.Duration.ofHours(12));
    assertThat(both.toString()).doesNotContain("s3cr3t");

    InvalidConfigException half =
        catchThrowableOfType(
            InvalidConfigException.class,
            () ->
                AppConfig.fromEnv(
                    Map.of(
                        "GITHUB_OAUTH_CLIENT_ID",
                        "Iv1.x",
                        "GITLAB_OAUTH_CLIENT_SECRET",
                        "s3cr3t-gl",
                        "HOOKKEEPER_SESSION_TTL",
                        "forever")));
    assertThat(half.problems())
        .containsExactly(
            "GITHUB_OAUTH_CLIENT_ID is set but GITHUB_OAUTH_CLIENT_SECRET is not: set both to offer \"Sign in with GitHub\", or neither",
            "GITLAB_OAUTH_CLIENT_SECRET is set but GITLAB_OAUTH_CLIENT_ID is not: set both to offer \"Sign in with GitLab\", or neither",
            "HOOKKEEPER_SESSION_TTL must be a duration between 5m and 366d such as 12h or 7d, got 'forever'");
  }

  @Test
  void session_cookies_are_secure_when_the_public_url_is_https() {
    assertThat(
            AppConfig.fromEnv(Map.of("WEBHOOK_BASE_URL", "https://hooks.example.com"))
                .secureCookies())
        .isTrue();
    assertThat(
            AppConfig.fromEnv(Map.of("WEBHOOK_BASE_URL", "http://hooks.example.com"))
                .secureCookies())
        .isFalse();
    assertThat(AppConfig.fromEnv(Map.of()).secureCookies()).isFalse();
  }
}
