package dev.hookkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Browser;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.github.simulator.FiredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The pages in a real browser (headless Chromium through Selenium) against the real server and the
 * simulated GitHub and GitLab: signing in through their OAuth pages, connecting, live incidents,
 * disconnecting, CSRF, cookie flags, other users' ids. Saves the README's screenshots.
 */
class PagesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static TestApp app;
  private Browser browser;

  @BeforeAll
  static void startApp() {
    app = TestApp.startWithSignIn();
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }

  @BeforeEach
  void startBrowser() {
    browser = Browser.start();
  }

  @AfterEach
  void stopBrowser() {
    browser.close();
  }

  private void signInWithGitHub(String login) {
    app.github.browserSignIn(login);
    browser.open(app.url() + "/login");
    browser.driver.findElement(By.linkText("Sign in with GitHub")).click();
    browser.await(WAIT, d -> d.findElement(By.id("js-oauth-authorize-btn"))).click();
    awaitDashboard();
  }

  private void signInWithGitLab(String username) {
    app.gitlab.browserSignIn(username);
    browser.open(app.url() + "/login");
    browser.driver.findElement(By.linkText("Sign in with GitLab")).click();
    browser
        .await(WAIT, d -> d.findElement(By.cssSelector("button[data-testid=authorization-button]")))
        .click();
    awaitDashboard();
  }

  private void awaitDashboard() {
    browser.await(
        WAIT,
        d -> d.getCurrentUrl().equals(app.url() + "/") && d.getTitle().startsWith("Dashboard"));
  }

  private String text() {
    return browser.driver.findElement(By.tagName("body")).getText();
  }

  /** The signed-in browser's fetch: status and body of a request made by the page's own script. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> fetch(
      String path, String method, Map<String, String> headers, String body) {
    return (Map<String, Object>)
        browser.jsAsync(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: arguments[1], headers: arguments[2], body: arguments[3], credentials: 'same-origin',"
                + " redirect: 'manual'}).then(r => r.text().then(t => done({status: r.status, body: t})))"
                + ".catch(e => done({status: -1, body: String(e)}));",
            path,
            method,
            headers,
            body);
  }

  /** Connects from the list; returns the new connection id once its page shows the hook active. */
  /** The open page's event stream is connected (live.js marks the body). */
  private void awaitLive() {
    browser.await(
        WAIT, d -> "on".equals(d.findElement(By.tagName("body")).getAttribute("data-live")));
  }

  /** GitHub runs workflow CI on main, its one job "test" ending with {@code conclusion}. */
  private void fireCi(String conclusion) {
    app.github.fireWorkflowRun(
        TestApp.GH_REPO,
        new FiredRun(
            "CI",
            "main",
            "push",
            conclusion,
            List.of(new FiredRun.Job("test", conclusion, "Run tests"))));
  }

  private String connectFromTheList(String fullName) {
    browser.open(app.url() + "/repositories/connect?provider=github");
    WebElement row =
        browser.driver.findElement(By.cssSelector("li[data-full-name='" + fullName + "']"));
    row.findElement(By.tagName("button")).click();
    browser.await(WAIT, d -> d.getCurrentUrl().matches(".*/repositories/conn_[^/?]+$"));
    String id = browser.driver.getCurrentUrl().replaceAll(".*/repositories/", "");
    browser.await(WAIT, d -> d.findElement(By.id("hook-status")).getText().equals("Active"));
    return id;
  }

  @Test
  void signs_in_with_github_connects_sees_an_incident_arrive_live_and_leave_on_a_green_run()
      throws IOException {
    signInWithGitHub("alice");
    assertThat(text()).contains("Signed in as", "alice", "No repository connected yet");

    String connection = connectFromTheList(TestApp.GH_REPO);
    assertThat(app.github.hooks(TestApp.GH_REPO)).hasSize(1);
    browser.open(app.url() + "/repositories/connect?provider=github");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("li[data-full-name='" + TestApp.GH_REPO + "']"))
                .getText())
        .contains("Connected");

    browser.open(app.url() + "/");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("tr[data-repository-id='" + connection + "']"))
                .getText())
        .contains(TestApp.GH_REPO, "Active");
    browser.js("window.notReloaded = true;");
    awaitLive();

    fireCi("failure");
    long fired = System.nanoTime();
    // Read in one go: every later event of the run re-renders the list, replacing the element.
    ShownIncident incident =
        browser.await(Duration.ofSeconds(2), d -> ShownIncident.in(d, connection));
    long appearedMs = (System.nanoTime() - fired) / 1_000_000;

    assertThat(appearedMs)
        .as("the incident appears on the open dashboard within 2 s")
        .isLessThanOrEqualTo(2000);
    assertThat(browser.js("return window.notReloaded === true;"))
        .as("without a reload")
        .isEqualTo(true);
    assertThat(incident.text())
        .matches("Workflow CI failed on main — 1 failure since \\d\\d:\\d\\d UTC");
    assertThat(incident.openCount()).isEqualTo("1");
    screenshot("dashboard.png");

    browser.open(incident.href());
    assertThat(text())
        .contains("Workflow CI failed on main", "Failed runs", "Failed jobs", "test", "Run tests");
    assertThat(
            browser.driver.findElements(
                By.cssSelector("table.runs a[href^='https://github.com/']")))
        .isNotEmpty();
    screenshot("incident.png");

    browser.open(app.url() + "/repositories/" + connection);
    assertThat(text()).contains("Delivery log", "workflow_run", "Processed");
    screenshot("repository.png");

    browser.open(app.url() + "/");
    browser.js("window.notReloaded = true;");
    awaitLive();
    fireCi("success");
    String noIncidents =
        browser.await(
            WAIT,
            d ->
                d.findElements(By.cssSelector("a[data-incident-id]")).isEmpty()
                    ? d.findElement(By.id("no-incidents")).getText()
                    : null);
    assertThat(noIncidents).isEqualTo("No open incidents.");
    assertThat(browser.js("return window.notReloaded === true;")).isEqualTo(true);
  }

  @Test
  void signs_in_with_gitlab_and_lists_the_projects_it_maintains() {
    signInWithGitLab("alice-gl");

    assertThat(text()).contains("Signed in as", "alice-gl");
    browser.open(app.url() + "/repositories/connect?provider=gitlab");
    assertThat(
            browser.driver.findElements(
                By.cssSelector("li[data-full-name='" + TestApp.GL_PROJECT + "']")))
        .hasSize(1);
    assertThat(text()).contains("alice-gl");
  }

  @Test
  void a_tampered_state_is_refused_with_a_page_that_says_so() {
    app.github.browserSignIn("bob");
    browser.open(app.url() + "/login");
    browser.driver.findElement(By.linkText("Sign in with GitHub")).click();
    browser.await(WAIT, d -> d.findElement(By.id("js-oauth-authorize-btn")));
    String authorize = browser.driver.getCurrentUrl();
    String state = authorize.replaceAll(".*[?&]state=([^&]+).*", "$1");

    browser.open(app.url() + "/auth/github/callback?code=anything&state=" + state + "x");

    assertThat(browser.driver.getTitle()).startsWith("Sign-in refused");
    assertThat(text()).contains("did not match the sign-in this browser started", "Sign in again");
    assertThat(browser.driver.manage().getCookieNamed("hk_session")).isNull();
    Reply direct = app.http.get("/auth/github/callback?code=anything&state=" + state, null);
    assertThat(direct.status())
        .as("without the browser's state cookie: refused, never a 5xx")
        .isEqualTo(400);
  }

  @Test
  void the_session_cookie_is_http_only_lax_and_not_secure_on_plain_http() {
    signInWithGitHub("carol");

    Cookie session = browser.driver.manage().getCookieNamed("hk_session");
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(session.isSecure()).isFalse();
    assertThat(session.getPath()).isEqualTo("/");
    assertThat(browser.js("return document.cookie;").toString()).doesNotContain("hk_session");
  }

  @Test
  void a_mutation_without_the_csrf_token_is_refused_with_403() {
    signInWithGitHub("bob");
    String csrf =
        browser
            .driver
            .findElement(By.cssSelector("form.signout input[name=_csrf]"))
            .getAttribute("value");
    String connect = "{\"repository_full_name\": \"" + TestApp.GH_REPO + "\"}";

    Map<String, Object> noToken =
        fetch(
            "/api/v2/repositories/connect",
            "POST",
            Map.of("Content-Type", "application/json"),
            connect);
    Map<String, Object> wrongToken =
        fetch(
            "/api/v2/repositories/connect",
            "POST",
            Map.of("Content-Type", "application/json", "X-CSRF-Token", csrf + "x"),
            connect);
    Map<String, Object> pageForm =
        fetch(
            "/auth/logout",
            "POST",
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "_csrf=nope");

    assertThat(noToken.get("status")).isEqualTo(403L);
    assertThat(noToken.get("body").toString()).contains("\"error\":\"csrf_token_invalid\"");
    assertThat(wrongToken.get("status")).isEqualTo(403L);
    assertThat(pageForm.get("status")).isEqualTo(403L);
    assertThat(app.github.hooks(TestApp.GH_REPO).size())
        .as("nothing was created")
        .isLessThanOrEqualTo(1);
    browser.open(app.url() + "/");
    assertThat(text())
        .as("still signed in: the refused logout did nothing")
        .contains("Signed in as");

    Map<String, Object> withToken = fetch("/api/v2/repositories", "GET", Map.of(), null);
    assertThat(withToken.get("status")).as("a session may call the API").isEqualTo(200L);
    Map<String, Object> rotated =
        fetch("/api/v2/users/me/api-token", "POST", Map.of("X-CSRF-Token", csrf), null);
    assertThat(rotated.get("status")).as("with the token, a mutation goes through").isEqualTo(200L);
  }

  @Test
  void another_users_repository_is_a_404_page() {
    TestApp.TestUser dora = app.gitHubUser("dora", TestApp.ALICE_GH);
    String doras = app.connect(dora, TestApp.GH_FULL_REPO, "github");
    signInWithGitHub("carol");

    for (String path :
        List.of(
            "/repositories/" + doras,
            "/repositories/" + doras + "/disconnect",
            "/incidents/inc_not-yours",
            "/repositories/" + doras + "/deliveries/guid-1")) {
      browser.open(app.url() + path);
      assertThat(browser.driver.getTitle()).as(path).startsWith("Not found");
      assertThat(fetch(path, "GET", Map.of(), null).get("status")).as(path).isEqualTo(404L);
    }
    String csrf =
        browser
            .driver
            .findElement(By.cssSelector("form.signout input[name=_csrf]"))
            .getAttribute("value");
    Map<String, Object> disconnect =
        fetch(
            "/repositories/" + doras + "/disconnect",
            "POST",
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "_csrf=" + csrf);
    assertThat(disconnect.get("status")).isEqualTo(404L);
    assertThat(app.github.hooks(TestApp.GH_FULL_REPO)).as("dora's hook is untouched").hasSize(1);
  }

  @Test
  void disconnecting_after_the_confirmation_deletes_the_hook_at_the_provider() {
    signInWithGitHub("carol");
    String connection = connectFromTheList(TestApp.GH_OTHER_REPO);
    assertThat(app.github.hooks(TestApp.GH_OTHER_REPO)).hasSize(1);

    browser.driver.findElement(By.linkText("Disconnect…")).click();
    assertThat(browser.driver.getTitle()).startsWith("Disconnect " + TestApp.GH_OTHER_REPO);
    assertThat(app.github.hooks(TestApp.GH_OTHER_REPO))
        .as("nothing happens before the confirmation")
        .hasSize(1);
    browser.driver.findElement(By.cssSelector("form.confirm button[type=submit]")).click();

    browser.await(WAIT, d -> d.getTitle().startsWith("Disconnected"));
    assertThat(text()).contains("Disconnected and webhook deleted.");
    assertThat(app.github.hooks(TestApp.GH_OTHER_REPO)).isEmpty();
    browser.open(app.url() + "/repositories/" + connection);
    assertThat(browser.driver.getTitle()).startsWith("Not found");
  }

  @Test
  void pages_fit_a_phone_and_have_landmarks_and_labels() {
    signInWithGitHub("bob");
    browser.size(390, 844);
    for (String path : List.of("/", "/repositories/connect?provider=github", "/login")) {
      browser.open(app.url() + path);
      assertThat(
              browser.js("return document.documentElement.scrollWidth <= window.innerWidth + 1;"))
          .as(path)
          .isEqualTo(true);
      assertThat(browser.driver.findElements(By.tagName("main"))).as(path).hasSize(1);
      Object unlabelled =
          browser.js(
              "return Array.from(document.querySelectorAll('input:not([type=hidden]), select'))"
                  + ".filter(i => !(i.id && document.querySelector('label[for=\"' + i.id + '\"]')) && !i.getAttribute('aria-label'))"
                  + ".map(i => i.name);");
      assertThat((List<?>) unlabelled).as(path + ": every field has a label").isEmpty();
    }
    browser.open(app.url() + "/");
    assertThat(browser.driver.findElements(By.cssSelector("header nav[aria-label=Main]")))
        .hasSize(1);
    assertThat(browser.driver.findElement(By.cssSelector("a.skip")).getAttribute("href"))
        .endsWith("#main");
  }

  /**
   * Into target/screenshots; with {@code -Dhookkeeper.screenshots=../docs/images} they refresh the
   * README's (a test run leaves the work tree clean otherwise).
   */
  private void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("hookkeeper.screenshots", "target/screenshots"));
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), browser.driver.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void the_pages_are_server_rendered_and_readable_without_javascript() {
    signInWithGitHub("bob");
    String session = browser.driver.manage().getCookieNamed("hk_session").getValue();

    Reply dashboard =
        app.http.send(app.http.request("/", null).header("Cookie", "hk_session=" + session).GET());
    Reply anonymous = app.http.get("/", null);

    assertThat(dashboard.status()).isEqualTo(200);
    assertThat(dashboard.header("Content-Type")).startsWith("text/html");
    assertThat(dashboard.body())
        .contains("<h1>Dashboard</h1>", "Open incidents", "Signed in as <strong>bob</strong>");
    assertThat(dashboard.header("Cache-Control")).isEqualTo("no-store");
    assertThat(dashboard.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(anonymous.status()).isEqualTo(303);
    assertThat(anonymous.header("Location")).isEqualTo("/login");
  }

  /**
   * The first incident on the dashboard and its repository's count, read from one rendering of the
   * list.
   */
  private record ShownIncident(String text, String href, String openCount) {
    static ShownIncident in(WebDriver page, String connection) {
      WebElement link = page.findElement(By.cssSelector("a[data-incident-id]"));
      String count =
          page.findElement(By.cssSelector("tr[data-repository-id='" + connection + "'] td.num"))
              .getText();
      // A re-rendering between the reads makes one of them stale, and await reads again.
      return new ShownIncident(link.getText(), link.getAttribute("href"), count);
    }
  }
}
