package dev.hookkeeper.app.web;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.AuthenticateSession;
import dev.hookkeeper.core.port.WebhookInfraException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.InstantSource;

/** What every page handler needs: templates, the session, the clock. */
final class PageSupport {
  final Templates templates;
  final WebSessions sessions;
  final InstantSource clock;

  PageSupport(Templates templates, WebSessions sessions, InstantSource clock) {
    this.templates = templates;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** A page handler whose database outage becomes a page too (the API's own answer is JSON). */
  Handler safe(Handler page) {
    return ctx -> {
      try {
        page.handle(ctx);
      } catch (WebhookInfraException e) {
        throw WebRoutes.unavailable(e);
      }
    };
  }

  /** The signed-in user; anyone else is sent to the sign-in page. */
  User user(Context ctx) {
    return sessions.current(ctx).map(AuthenticateSession.SignedIn::user).orElseThrow(() -> new PageRedirect("/login"));
  }

  Chrome chrome(Context ctx, String title, String section) {
    String name = sessions.signedIn(ctx).map(User::name).orElse(null);
    return new Chrome(title, name, sessions.csrfToken(ctx), section);
  }

  /** A form that changes something must carry the session's CSRF token. */
  void requireCsrf(Context ctx) {
    if (!sessions.csrfValid(ctx)) {
      throw new PageError(403, "Request refused", "This request did not carry the page's security token, so it was"
          + " refused and nothing changed. Go back, reload the page and try again.", "/", "Back to the dashboard");
    }
  }

  static Provider provider(String id) {
    return Provider.fromId(id).orElseThrow(() -> PageError.notFound("provider"));
  }

  static String providerName(Provider provider) {
    return provider == Provider.GITHUB ? "GitHub" : "GitLab";
  }

  /** A path parameter id, as the API bounds it. */
  static String id(Context ctx, String name, String what) {
    String id = ctx.pathParam(name);
    if (id.isBlank() || id.length() > 100) throw PageError.notFound(what);
    return id;
  }
}
