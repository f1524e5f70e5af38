package dev.hookkeeper.app.healing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.AppConfig;
import dev.hookkeeper.app.support.Poll;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.app.support.TestApp.TestUser;
import dev.hookkeeper.github.simulator.GitHubSimulator;
import dev.hookkeeper.gitlab.simulator.GitLabSimulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two instances reconciling many hooks every second, each provider's token with a small simulated
 * rate budget: the reconcilers spend it down to the floor (10 %), pause that token across the
 * cluster until the provider's reset, and go on after it; no request is ever refused for the budget
 * (the simulators count every such refusal).
 */
class RateBudgetTest {
  private static final int REPOSITORIES = 10;
  private static final int BUDGET = 60;
  private static final Duration WINDOW = Duration.ofSeconds(15);
  private static TestApp app;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            new AppConfig.HealingConfig(
                Duration.ofSeconds(1), Duration.ofHours(1), Duration.ZERO, Duration.ofHours(24)));
    app.startAnotherInstance();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void two_instances_reconciling_many_hooks_never_exceed_the_providers_rate_budget()
      throws Exception {
    String ghToken = "ghp_budget_000000000000000000000000001";
    app.github.addUser("budget-gh", ghToken, List.of("repo", "admin:repo_hook"));
    String glToken = "glpat-budget-00000000000001";
    app.gitlab.addUser("budget-gl", glToken);
    TestUser user = app.gitHubUser("budget", ghToken);
    assertThat(
            app.http
                .put(
                    "/api/v2/providers/gitlab/token",
                    user.token(),
                    "{\"access_token\": \"" + glToken + "\"}")
                .status())
        .isEqualTo(200);
    for (int i = 0; i < REPOSITORIES; i++) {
      String name = "budget/repo-" + i;
      app.github.addRepository(name, 9_300L + i, true, "main");
      app.github.grant("budget-gh", name, GitHubSimulator.Role.ADMIN);
      app.gitlab.addProject(name);
      app.gitlab.grant("budget-gl", name, GitLabSimulator.Role.MAINTAINER);
      app.connectActive(user, name, "github");
      app.connectActive(user, name, "gitlab");
    }

    // from now on each token may make 60 requests every 15 s
    app.github.rateBudget(BUDGET, WINDOW);
    app.gitlab.rateBudget(BUDGET, WINDOW);
    long refusedGitHub = app.github.budgetRefusals();
    long refusedGitLab = app.gitlab.budgetRefusals();

    // both tokens reach the floor and are paused for the whole cluster until their reset
    Set<String> paused = new HashSet<>();
    Poll.until(
        Duration.ofSeconds(90),
        () -> {
          paused.addAll(pausedProviders());
          return paused.containsAll(Set.of("github", "gitlab"));
        });
    String firstPause = now();
    // the hooks whose turn the floor stopped say why
    assertThat(
            count("SELECT count(*) FROM hook_reconcile WHERE last_error_reason = 'rate_limited'"))
        .isPositive();
    // past a reset the reconcilers go on, and reach the floor again
    Thread.sleep(WINDOW.plusSeconds(5).toMillis());
    assertThat(
            count(
                "SELECT count(*) FROM hook_reconcile WHERE last_reconciled_at > '"
                    + firstPause
                    + "'"))
        .as("hooks reconciled after the first pause")
        .isPositive();
    Poll.until(
        Duration.ofSeconds(60), () -> pausedProviders().containsAll(Set.of("github", "gitlab")));

    List<String> journal = app.github.requests();
    java.util.List<String> around = new java.util.ArrayList<>();
    for (int i = 0; i < journal.size(); i++) {
      if (journal.get(i).endsWith(" 403"))
        around.addAll(journal.subList(Math.max(0, i - 8), i + 1));
    }
    LoggerFactory.getLogger(RateBudgetTest.class)
        .info(
            "rate budget: {} hooks per provider, {} requests per {} s per"
                + " token, two instances: refusals GitHub {} GitLab {}",
            REPOSITORIES,
            BUDGET,
            WINDOW.toSeconds(),
            app.github.budgetRefusals() - refusedGitHub,
            app.gitlab.budgetRefusals() - refusedGitLab);
    assertThat(app.github.budgetRefusals() - refusedGitHub)
        .as("GitHub requests refused for the budget: %s", around)
        .isZero();
    assertThat(app.gitlab.budgetRefusals() - refusedGitLab)
        .as("GitLab requests refused for the budget")
        .isZero();
  }

  private static Set<String> pausedProviders() {
    Set<String> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(app.databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT provider FROM reconcile_tokens WHERE paused_until > now()")) {
      while (rs.next()) out.add(rs.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static String now() {
    try (Connection c = DriverManager.getConnection(app.databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT now()::text")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql) {
    try (Connection c = DriverManager.getConnection(app.databaseUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
