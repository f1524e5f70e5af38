package dev.hookkeeper.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.hookkeeper.app.support.OAuthFlow;
import dev.hookkeeper.app.support.Reply;
import dev.hookkeeper.app.support.TestApp;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.RenewalOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Signing in with both providers and renewing GitLab's token, with every log line captured at DEBUG:
 * no session token, CSRF token, OAuth code, state, access or refresh token or client secret appears
 * in a log line or a page.
 */
class SignInSecretsStayOutOfLogsTest {
  @Test
  void no_sign_in_secret_reaches_a_log_line() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = context.getLogger("dev.hookkeeper");
    Level rootLevel = root.getLevel();
    Level ourLevel = ours.getLevel();
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %logger %msg %kvp %ex%n");
    text.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(text);
    appender.setOutputStream(captured);
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.DEBUG);
    ours.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>(List.of(TestApp.GITHUB_CLIENT_SECRET, TestApp.GITLAB_CLIENT_SECRET));
    StringBuilder pages = new StringBuilder();
    try (TestApp app = TestApp.startWithSignIn()) {
      app.github.browserSignIn("alice");
      app.gitlab.browserSignIn("alice-gl");
      for (String provider : List.of("github", "gitlab")) {
        OAuthFlow.Result r = OAuthFlow.signIn(app.http, provider);
        assertThat(r.callback().status()).as(provider).isEqualTo(303);
        secrets.add(r.code());
        secrets.add(r.state());
        String session = r.sessionCookie().substring("hk_session=".length());
        secrets.add(session);
        secrets.add(WebSessions.csrfFor(session));
        Reply dashboard = app.http.send(app.http.request("/", null).header("Cookie", r.sessionCookie()).GET());
        pages.append(dashboard.body());
        User user = app.server.signInUseCases().authenticateSession().authenticate(session).orElseThrow().user();
        Provider p = Provider.fromId(provider).orElseThrow();
        RenewalOutcome outcome = app.server.signInUseCases().renewProviderToken().renew(user.id(), p, p == Provider.GITLAB);
        ProviderCredential credential = outcome instanceof RenewalOutcome.Renewed renewed ? renewed.credential()
            : ((RenewalOutcome.Current) outcome).credential();
        secrets.add(credential.accessToken().reveal());
        if (credential.renewable()) secrets.add(credential.renewal().refreshToken().reveal());
        assertThat(p != Provider.GITLAB || outcome instanceof RenewalOutcome.Renewed).as("GitLab's pair was renewed").isTrue();
      }
    } finally {
      root.detachAppender(appender);
      root.setLevel(rootLevel);
      ours.setLevel(ourLevel);
      appender.stop();
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("signed in", "user_id=");
    for (String secret : secrets) {
      assertThat(logs).as("a secret of the sign-in in the logs").doesNotContain(secret);
    }
    assertThat(pages.toString()).doesNotContain(TestApp.GITHUB_CLIENT_SECRET, TestApp.GITLAB_CLIENT_SECRET);
  }
}
