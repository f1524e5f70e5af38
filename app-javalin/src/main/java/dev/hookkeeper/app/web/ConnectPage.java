package dev.hookkeeper.app.web;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.usecase.ConnectRepository;
import dev.hookkeeper.core.usecase.ListAdministrableRepositories;
import dev.hookkeeper.core.usecase.RenewalOutcome;
import dev.hookkeeper.core.usecase.SignInUseCases;
import dev.hookkeeper.core.usecase.UseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /repositories/connect}: the repositories the user may manage webhooks of, read from the
 * provider now, searchable, each with a "Connect" button (already connected ones link to their page
 * instead). The form posts back here; success goes to the repository's page.
 */
final class ConnectPage {
  private static final Pattern FULL_NAME = Pattern.compile("[^\\s/]+(/[^\\s/]+)+");
  private static final Logger log = LoggerFactory.getLogger(ConnectPage.class);

  private final PageSupport pages;
  private final UseCases useCases;
  private final SignInUseCases signIn;

  ConnectPage(PageSupport pages, UseCases useCases, SignInUseCases signIn) {
    this.pages = pages;
    this.useCases = useCases;
    this.signIn = signIn;
  }

  void register(RoutesConfig routes) {
    routes.get("/repositories/connect", pages.safe(this::show));
    routes.post("/repositories/connect", pages.safe(this::connect));
  }

  private void show(Context ctx) {
    User user = pages.user(ctx);
    String providerParam = ctx.queryParam("provider");
    Provider provider = providerParam == null ? defaultProvider(user) : PageSupport.provider(providerParam);
    String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
    if (query.length() > 100) query = query.substring(0, 100);
    List<ConnectView.Tab> tabs = new ArrayList<>();
    for (Provider p : Provider.values()) tabs.add(new ConnectView.Tab(p.id(), PageSupport.providerName(p), p == provider));
    String signInHref = signIn.signInProviders().contains(provider) ? "/auth/" + provider.id() + "/login" : "";
    ListAdministrableRepositories.Result result = signIn.listAdministrableRepositories().list(user.id(), provider, query);
    String login = "";
    String problem = "";
    List<ConnectView.Row> rows = new ArrayList<>();
    String name = PageSupport.providerName(provider);
    if (result instanceof ListAdministrableRepositories.Result.Listed listed) {
      login = listed.login();
      for (ListAdministrableRepositories.Entry e : listed.repositories()) {
        rows.add(new ConnectView.Row(e.repository().fullName(), e.repository().privateRepo(), e.repository().description(),
            e.repository().webUrl(), e.connected() ? e.connection().value() : ""));
      }
      if (rows.isEmpty()) {
        problem = query.isEmpty() ? "Your " + name + " account administers no repository Hookkeeper could connect."
            : "No repository matches \u201c" + query + "\u201d.";
      }
    } else if (result instanceof ListAdministrableRepositories.Result.TokenMissing) {
      problem = "Hookkeeper holds no " + name + " token for you yet."
          + (signInHref.isEmpty() ? " Store one with PUT /api/v2/providers/" + provider.id() + "/token." : "");
    } else if (result instanceof ListAdministrableRepositories.Result.Failed f) {
      problem = failure(name, f.failure());
    } else {
      throw new AssertionError(result);
    }
    pages.templates.page(ctx, 200, "connect.jte", new ConnectView(pages.chrome(ctx, "Connect a repository", "connect"),
        provider.id(), name, tabs, query, login, rows, problem, signInHref));
  }

  private void connect(Context ctx) {
    User user = pages.user(ctx);
    pages.requireCsrf(ctx);
    Provider provider = PageSupport.provider(String.valueOf(ctx.formParam("provider")));
    String fullName = String.valueOf(ctx.formParam("repository_full_name")).strip();
    if (fullName.length() > 255 || !FULL_NAME.matcher(fullName).matches()) {
      throw new PageError(400, "Cannot connect", "That is not a repository name (owner/name).", "/repositories/connect",
          "Back to the list");
    }
    // an expiring token (GitLab) is renewed first, so the connect does not fail on a token just past its 2 hours
    signIn.renewProviderToken().renew(user.id(), provider, false);
    ConnectRepository.Result result = useCases.connectRepository().connect(user.id(), provider, fullName);
    String back = "/repositories/connect?provider=" + provider.id();
    if (result instanceof ConnectRepository.Result.Connected c) {
      log.atInfo().addKeyValue("user_id", user.id().value()).addKeyValue("connection_id", c.details().connection().id().value())
          .addKeyValue("created", c.created()).log("repository connected from the page");
      throw new PageRedirect("/repositories/" + c.details().connection().id().value());
    } else if (result instanceof ConnectRepository.Result.TokenMissing) {
      throw new PageError(422, "Cannot connect", "Hookkeeper holds no " + PageSupport.providerName(provider)
          + " token for you.", back, "Back to the list");
    } else if (result instanceof ConnectRepository.Result.RepositoryNotFound r) {
      throw new PageError(404, "Cannot connect", r.message(), back, "Back to the list");
    } else if (result instanceof ConnectRepository.Result.AccessDenied r) {
      throw new PageError(403, "Cannot connect", r.message(), back, "Back to the list");
    } else if (result instanceof ConnectRepository.Result.ProviderFailed r) {
      throw new PageError(r.failure().reason().isTransient() ? 503 : 422, "Cannot connect",
          failure(PageSupport.providerName(provider), r.failure()), back, "Back to the list");
    } else if (result instanceof ConnectRepository.Result.DisconnectedMeanwhile) {
      throw new PageError(409, "Cannot connect", "The repository was disconnected while its webhook was being"
          + " created; nothing is left at the provider. Try again.", back, "Back to the list");
    } else {
      throw new AssertionError(result);
    }
  }

  /** GitHub unless the user holds only a GitLab token. */
  private Provider defaultProvider(User user) {
    return !hasToken(user, Provider.GITHUB) && hasToken(user, Provider.GITLAB) ? Provider.GITLAB : Provider.GITHUB;
  }

  /** Looked up through the renewal, which renews a token about to expire on the way. */
  private boolean hasToken(User user, Provider provider) {
    return !(signIn.renewProviderToken().renew(user.id(), provider, false) instanceof RenewalOutcome.NotFound);
  }

  static String failure(String provider, ProviderFailure failure) {
    FailureReason reason = failure.reason();
    if (reason == FailureReason.TOKEN_INVALID || reason == FailureReason.TOKEN_EXPIRED) {
      return provider + " no longer accepts your token (" + failure.message() + "). Sign in with " + provider + " again.";
    }
    if (reason == FailureReason.TOKEN_SCOPE_MISSING) {
      return "Your " + provider + " token lacks a permission Hookkeeper needs (" + failure.message() + "). Sign in with "
          + provider + " again to grant it.";
    }
    if (reason.isTransient()) return provider + " could not be reached just now (" + failure.message() + "). Try again in a moment.";
    return provider + " refused: " + failure.message();
  }
}
