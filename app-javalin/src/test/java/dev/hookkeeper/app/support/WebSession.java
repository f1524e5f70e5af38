package dev.hookkeeper.app.support;

import java.net.http.HttpRequest;

/** A browser session over plain HTTP (no JavaScript): signed in with an API token through the sign-in form. */
public final class WebSession {
  private final Http http;
  private final String cookie;
  private final String csrf;

  private WebSession(Http http, String cookie, String csrf) {
    this.http = http;
    this.cookie = cookie;
    this.csrf = csrf;
  }

  public static WebSession signIn(Http http, String apiToken) {
    Reply page = http.get("/login", null);
    String login = cookie(page, "hk_login");
    Reply signedIn = http.send(http.request("/login", null).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", "hk_login=" + login)
        .POST(HttpRequest.BodyPublishers.ofString("_login=" + login + "&api_token=" + apiToken)));
    if (signedIn.status() != 303) throw new IllegalStateException("sign-in failed: " + signedIn);
    String session = cookie(signedIn, "hk_session");
    Reply dashboard = http.send(http.request("/", null).header("Cookie", "hk_session=" + session).GET());
    String csrf = dashboard.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
    return new WebSession(http, "hk_session=" + session, csrf);
  }

  public Reply get(String path) {
    return http.send(http.request(path, null).header("Cookie", cookie).GET());
  }

  /** A form post carrying the session's CSRF token (unless {@code withCsrf} is false). */
  public Reply post(String path, String form, boolean withCsrf) {
    String body = withCsrf ? (form.isEmpty() ? "" : form + "&") + "_csrf=" + csrf : form;
    return http.send(http.request(path, null).header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String cookie(Reply reply, String name) {
    return reply.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + name + " cookie: " + reply)).substring(name.length() + 1)
        .split(";")[0];
  }
}
