package dev.hookkeeper.app.support;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Sign in with GitHub / GitLab" over plain HTTP, as a browser would: start, submit the simulated
 * provider's consent form, follow the callback with the state cookie. Returns everything the flow saw.
 */
public final class OAuthFlow {
  private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

  private OAuthFlow() {}

  /** @param sessionCookie {@code hk_session=…}; @param code and @param state as the callback carried them */
  public record Result(Reply callback, String sessionCookie, String code, String state) {}

  public static Result signIn(Http server, String provider) {
    Reply begin = server.get("/auth/" + provider + "/login", null);
    if (begin.status() != 302) throw new IllegalStateException("sign-in did not start: " + begin);
    String stateCookie = begin.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("hk_oauth_state=")).findFirst().orElseThrow().split(";")[0];
    Http anywhere = new Http("");
    Reply consent = anywhere.get(begin.header("Location"), null);
    StringBuilder form = new StringBuilder(provider.equals("github") ? "authorize=1" : "decision=authorize");
    Matcher hidden = HIDDEN.matcher(consent.body());
    while (hidden.find()) {
      form.append('&').append(hidden.group(1)).append('=')
          .append(URLEncoder.encode(hidden.group(2).replace("&amp;", "&"), StandardCharsets.UTF_8));
    }
    String action = begin.header("Location").replaceAll("\\?.*", "");
    Reply approved = anywhere.send(anywhere.request(action, null).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    String back = approved.header("Location");
    if (back == null) throw new IllegalStateException("the provider did not redirect back: " + approved);
    Reply callback = anywhere.send(anywhere.request(back, null).header("Cookie", stateCookie).GET());
    String session = callback.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hk_session="))
        .findFirst().map(c -> c.split(";")[0]).orElse(null);
    return new Result(callback, session, back.replaceAll(".*[?&]code=([^&]+).*", "$1"),
        back.replaceAll(".*[?&]state=([^&]+).*", "$1"));
  }
}
