package dev.hookkeeper.app.web;

import dev.hookkeeper.core.port.WebhookInfraException;
import dev.hookkeeper.core.usecase.SignInUseCases;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import java.time.InstantSource;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser front end: sign-in, the dashboard, connecting, a repository's health and deliveries,
 * incidents, and the few static assets they use. Server-rendered (jte), readable without
 * JavaScript; a small script keeps the live parts current over the event stream.
 */
public final class WebRoutes {
  private static final Logger log = LoggerFactory.getLogger(WebRoutes.class);

  private final PageSupport pages;
  private final UseCases useCases;
  private final SignInUseCases signIn;
  private final String baseUrl;

  public WebRoutes(UseCases useCases, SignInUseCases signIn, WebSessions sessions, String baseUrl, InstantSource clock) {
    this.useCases = Objects.requireNonNull(useCases, "useCases == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
    this.pages = new PageSupport(new Templates(), sessions, clock);
  }

  public void register(RoutesConfig routes) {
    new SignInRoutes(pages, signIn, useCases.authenticateUser(), baseUrl).register(routes);
    new DashboardPage(pages, useCases).register(routes);
    new ConnectPage(pages, useCases, signIn).register(routes);
    new RepositoryPages(pages, useCases, signIn).register(routes);
    new IncidentPage(pages, useCases).register(routes);
    new Assets().register(routes);
    routes.exception(PageRedirect.class, (e, ctx) -> {
      PageHeaders.apply(ctx);
      ctx.status(303).header("Location", e.location()).result("");
    });
    routes.exception(PageError.class, (e, ctx) -> pages.templates.page(ctx, e.status(), "message.jte",
        new MessageView(pages.chrome(ctx, e.title(), ""), e.title(), e.getMessage(), e.action(), e.actionLabel())));
  }

  /** A database outage on a page is a page too (the API's answer is JSON, from its own handler). */
  static PageError unavailable(WebhookInfraException e) {
    log.atWarn().log("page could not be served: {}", e.getMessage());
    return new PageError(503, "Temporarily unavailable", "Hookkeeper's database is not answering. Reload in a moment.",
        null, null);
  }
}
