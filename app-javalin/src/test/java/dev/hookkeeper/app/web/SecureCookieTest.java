package dev.hookkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With an https public URL the session cookie is Secure; the API-token form signs in; logout ends the session. */
class SecureCookieTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.startWithSignIn("https://hooks.example.com");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String cookieValue(List<String> setCookies, String name) {
    return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow()
        .substring(name.length() + 1).split(";")[0];
  }

  @Test
  void the_api_token_form_sets_a_secure_http_only_lax_session_cookie_and_logout_ends_it() {
    TestApp.TestUser user = app.createUser("erin");
    Reply page = app.http.get("/login", null);
    String login = cookieValue(page.headers().allValues("Set-Cookie"), "hk_login");
    assertThat(page.body()).contains("Sign in with GitHub", "Sign in with GitLab", "API token");

    Reply refused = app.http.send(app.http.request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", "hk_login=" + login).POST(HttpRequest.BodyPublishers.ofString("_login=other&api_token=" + user.token())));
    assertThat(refused.status()).as("the form's double-submit token must match its cookie").isEqualTo(403);

    Reply signedIn = app.http.send(app.http.request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", "hk_login=" + login).POST(HttpRequest.BodyPublishers.ofString("_login=" + login + "&api_token=" + user.token())));

    assertThat(signedIn.status()).isEqualTo(303);
    String setCookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hk_session=")).findFirst().orElseThrow();
    assertThat(setCookie).contains("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Secure", "; Max-Age=604800");
    String session = cookieValue(List.of(setCookie), "hk_session");
    assertThat(session).startsWith("hks_");

    Reply dashboard = app.http.send(app.http.request("/", null).header("Cookie", "hk_session=" + session).GET());
    assertThat(dashboard.status()).isEqualTo(200);
    String csrf = dashboard.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
    Reply api = app.http.send(app.http.request("/api/v2/repositories", null).header("Cookie", "hk_session=" + session).GET());
    assertThat(api.status()).as("the API takes the session too").isEqualTo(200);

    Reply logout = app.http.send(app.http.request("/auth/logout", null).header("Cookie", "hk_session=" + session)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)));
    assertThat(logout.status()).isEqualTo(303);
    assertThat(logout.header("Location")).isEqualTo("/login?signed_out");
    Reply after = app.http.send(app.http.request("/api/v2/repositories", null).header("Cookie", "hk_session=" + session).GET());
    assertThat(after.status()).as("the session is gone on the server, not only in the browser").isEqualTo(401);
  }

  @Test
  void the_oauth_state_cookie_is_secure_too_and_the_authorize_url_uses_the_public_callback() {
    Reply begin = app.http.get("/auth/gitlab/login", null);

    assertThat(begin.status()).isEqualTo(302);
    assertThat(begin.header("Location")).startsWith(app.gitlab.baseUrl() + "/oauth/authorize?")
        .contains("redirect_uri=https%3A%2F%2Fhooks.example.com%2Fauth%2Fgitlab%2Fcallback", "code_challenge_method=S256",
            "scope=api");
    assertThat(begin.headers().allValues("Set-Cookie")).anySatisfy(c ->
        assertThat(c).startsWith("hk_oauth_state=").contains("; HttpOnly", "; SameSite=Lax", "; Secure", "; Path=/auth/"));
  }

  @Test
  void deleting_a_user_signs_them_out_everywhere() {
    TestApp.TestUser user = app.createUser("fred");
    dev.hookkeeper.app.support.WebSession first = dev.hookkeeper.app.support.WebSession.signIn(app.http, user.token());
    dev.hookkeeper.app.support.WebSession second = dev.hookkeeper.app.support.WebSession.signIn(app.http, user.token());
    assertThat(first.get("/").status()).isEqualTo(200);

    assertThat(app.http.delete("/api/v2/admin/users/" + user.id(), TestApp.ADMIN_TOKEN).status()).isEqualTo(200);

    assertThat(first.get("/").status()).isEqualTo(303);
    assertThat(second.get("/api/v2/repositories").status()).isEqualTo(401);
  }
}
