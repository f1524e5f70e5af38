package dev.hookkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a sign-in can fail lands on a page that says what happened; none is a 5xx. */
class SignInErrorsTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.startWithSignIn();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** Starts a sign-in: the state and the browser's state cookie. */
  private static String[] begin(String provider) {
    Reply r = app.http.get("/auth/" + provider + "/login", null);
    assertThat(r.status()).isEqualTo(302);
    String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hk_oauth_state="))
        .findFirst().orElseThrow().split(";")[0];
    String state = r.header("Location").replaceAll(".*[?&]state=([^&]+).*", "$1");
    return new String[] {state, cookie};
  }

  private static Reply callback(String provider, String query, String cookie) {
    return app.http.send(app.http.request("/auth/" + provider + "/callback?" + query, null).header("Cookie", cookie).GET());
  }

  private static void assertPage(Reply r, int status, String title, String... words) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("<title>" + title, "href=\"/login\"").doesNotContain("Exception", "\tat ");
    for (String w : words) assertThat(r.body()).contains(w);
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("hk_session=hks_"));
  }

  @Test
  void a_denial_at_the_provider() {
    String[] s = begin("github");
    assertPage(callback("github", "error=access_denied&error_description=denied&state=" + s[0], s[1]), 400,
        "Sign-in cancelled", "You declined to let Hookkeeper use your GitHub account");
  }

  @Test
  void a_misregistered_callback() {
    String[] s = begin("github");
    assertPage(callback("github", "error=redirect_uri_mismatch&state=" + s[0], s[1]), 400, "Sign-in failed",
        "redirect_uri_mismatch", "callback URL");
  }

  @Test
  void an_expired_or_used_code() {
    String[] s = begin("gitlab");
    assertPage(callback("gitlab", "code=expired-code&state=" + s[0], s[1]), 400, "Sign-in failed",
        "GitLab did not accept the sign-in", "expire after 10 minutes");
  }

  @Test
  void a_state_used_twice_or_from_another_provider() {
    String[] s = begin("gitlab");
    callback("gitlab", "code=x&state=" + s[0], s[1]);
    assertPage(callback("gitlab", "code=x&state=" + s[0], s[1]), 400, "Sign-in refused", "used twice");
    String[] g = begin("github");
    assertPage(callback("gitlab", "code=x&state=" + g[0], g[1]), 400, "Sign-in refused");
  }

  @Test
  void the_provider_down() {
    String[] s = begin("gitlab");
    app.gitlab.setOutage(true);
    try {
      assertPage(callback("gitlab", "code=whatever&state=" + s[0], s[1]), 400, "Sign-in failed", "could not be reached");
    } finally {
      app.gitlab.setOutage(false);
    }
  }

  @Test
  void an_unknown_provider_and_no_parameters() {
    assertThat(app.http.get("/auth/bitbucket/login", null).status()).isEqualTo(404);
    assertPage(app.http.get("/auth/github/callback", null), 400, "Sign-in refused");
  }
}
