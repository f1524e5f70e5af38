package dev.hookkeeper.app.web;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.usecase.AuthenticateUser;
import dev.hookkeeper.core.usecase.BeginSignIn;
import dev.hookkeeper.core.usecase.CompleteSignIn;
import dev.hookkeeper.core.usecase.SessionStart;
import dev.hookkeeper.core.usecase.SignInUseCases;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out: the sign-in page (provider buttons and the API-token form), the OAuth
 * authorization-code flow ({@code /auth/{provider}/login} and {@code /callback}, the {@code state}
 * kept in a short-lived cookie as well as server-side, so a callback is accepted only in the browser
 * that started it), and {@code POST /auth/logout}. Every failure lands on a page that says what
 * happened and offers to try again; none is a 5xx.
 */
final class SignInRoutes {
  static final String STATE_COOKIE = "hk_oauth_state";
  static final String LOGIN_COOKIE = "hk_login";
  private static final Logger log = LoggerFactory.getLogger(SignInRoutes.class);

  private final PageSupport pages;
  private final SignInUseCases signIn;
  private final AuthenticateUser apiTokens;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();

  /** @param baseUrl the public base URL; callbacks are {@code baseUrl/auth/{provider}/callback} */
  SignInRoutes(PageSupport pages, SignInUseCases signIn, AuthenticateUser apiTokens, String baseUrl) {
    this.pages = pages;
    this.signIn = signIn;
    this.apiTokens = apiTokens;
    this.baseUrl = baseUrl;
  }

  static String callbackUrl(String baseUrl, Provider provider) {
    return baseUrl + "/auth/" + provider.id() + "/callback";
  }

  void register(RoutesConfig routes) {
    routes.get("/login", pages.safe(this::loginPage));
    routes.post("/login", pages.safe(this::loginWithApiToken));
    routes.get("/auth/{provider}/login", pages.safe(this::begin));
    routes.get("/auth/{provider}/callback", pages.safe(this::callback));
    routes.post("/auth/logout", pages.safe(this::logout));
  }

  private void loginPage(Context ctx) {
    if (pages.sessions.current(ctx).isPresent()) throw new PageRedirect("/");
    String token = randomToken();
    ctx.res().addHeader("Set-Cookie", LOGIN_COOKIE + "=" + token + "; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict"
        + (pages.sessions.secure() ? "; Secure" : ""));
    String notice = ctx.queryParam("signed_out") != null ? "You are signed out." : "";
    pages.templates.page(ctx, 200, "login.jte", new LoginView(pages.chrome(ctx, "Sign in", ""),
        signIn.signInProviders().contains(Provider.GITHUB), signIn.signInProviders().contains(Provider.GITLAB), token, notice));
  }

  /** The API-token form, for installations without OAuth; a double-submit cookie keeps other sites from posting it. */
  private void loginWithApiToken(Context ctx) {
    String cookie = ctx.cookie(LOGIN_COOKIE);
    String field = ctx.formParam("_login");
    if (cookie == null || field == null || !constantTimeEquals(cookie, field)) {
      throw new PageError(403, "Request refused", "The sign-in form was not sent by this site's sign-in page. Open"
          + " the sign-in page and try again.", "/login", "Open the sign-in page");
    }
    String token = ctx.formParam("api_token");
    Optional<User> user = token == null || token.length() > 500 ? Optional.empty() : apiTokens.authenticate(token.trim());
    if (user.isEmpty()) {
      throw new PageError(401, "Sign-in failed", "That API token is not valid. Check it (it starts with hk_) or ask"
          + " your operator for a new one.", "/login", "Try again");
    }
    startSession(ctx, user.get().id());
    log.atInfo().addKeyValue("user_id", user.get().id().value()).addKeyValue("method", "api_token").log("signed in");
    throw new PageRedirect("/");
  }

  private void begin(Context ctx) {
    Provider provider = PageSupport.provider(ctx.pathParam("provider"));
    UserId linkTo = pages.sessions.signedIn(ctx).map(User::id).orElse(null);
    BeginSignIn.Result result = signIn.beginSignIn().begin(provider, callbackUrl(baseUrl, provider), linkTo);
    if (result instanceof BeginSignIn.Result.Started started) {
      ctx.res().addHeader("Set-Cookie", STATE_COOKIE + "=" + started.state().reveal() + "; Path=/auth/; Max-Age=600;"
          + " HttpOnly; SameSite=Lax" + (pages.sessions.secure() ? "; Secure" : ""));
      PageHeaders.apply(ctx);
      ctx.redirect(started.authorizationUrl());
    } else if (result instanceof BeginSignIn.Result.NotConfigured) {
      throw new PageError(404, "Not available", "Sign in with " + PageSupport.providerName(provider)
          + " is not configured on this server.", "/login", "Back to the sign-in page");
    } else {
      throw new AssertionError(result);
    }
  }

  private void callback(Context ctx) {
    Provider provider = PageSupport.provider(ctx.pathParam("provider"));
    String name = PageSupport.providerName(provider);
    String state = ctx.queryParam("state");
    String expected = ctx.cookie(STATE_COOKIE);
    clearStateCookie(ctx);
    String error = ctx.queryParam("error");
    if (error != null) throw providerError(name, error); // the pending sign-in expires unused

    if (state == null || expected == null || !constantTimeEquals(state, expected)) {
      log.atInfo().addKeyValue("provider", provider.id()).log("sign-in callback refused: state does not match this browser's");
      throw refused(name);
    }
    CompleteSignIn.Result result = signIn.completeSignIn().complete(provider, state, ctx.queryParam("code"));
    if (result instanceof CompleteSignIn.Result.SignedIn done) {
      String previous = ctx.cookie(WebSessions.COOKIE);
      if (previous != null) signIn.signOut().signOut(previous); // a fresh session token for every sign-in
      pages.sessions.start(ctx, done.sessionToken());
      log.atInfo().addKeyValue("user_id", done.user().id().value()).addKeyValue("provider", provider.id())
          .addKeyValue("created", done.created()).log("signed in");
      throw new PageRedirect("/");
    } else if (result instanceof CompleteSignIn.Result.StateInvalid) {
      throw refused(name);
    } else if (result instanceof CompleteSignIn.Result.ProviderRefused r) {
      throw providerRefused(name, r.failure());
    } else {
      throw new AssertionError(result);
    }
  }

  private void logout(Context ctx) {
    pages.requireCsrf(ctx);
    pages.sessions.end(ctx);
    throw new PageRedirect("/login?signed_out");
  }

  private void startSession(Context ctx, UserId userId) {
    String previous = ctx.cookie(WebSessions.COOKIE);
    if (previous != null) signIn.signOut().signOut(previous);
    SessionStart started = signIn.startSession().start(userId);
    pages.sessions.start(ctx, started.token());
  }

  private static PageError refused(String provider) {
    return new PageError(400, "Sign-in refused", "The answer from " + provider + " did not match the sign-in this"
        + " browser started: the link was changed, used twice, or is older than 10 minutes. Nothing was changed.",
        "/login", "Sign in again");
  }

  private static PageError providerError(String provider, String error) {
    if (error.equals("access_denied")) {
      return new PageError(400, "Sign-in cancelled", "You declined to let Hookkeeper use your " + provider
          + " account, so you are not signed in. Nothing was changed.", "/login", "Try again");
    }
    return new PageError(400, "Sign-in failed", provider + " refused the sign-in (" + error + "). This usually means"
        + " the OAuth application registered for Hookkeeper does not match this server's callback URL; the"
        + " operator can check it (docs/operations.md).", "/login", "Try again");
  }

  private static PageError providerRefused(String provider, ProviderFailure failure) {
    FailureReason reason = failure.reason();
    if (reason.isTransient()) {
      return new PageError(400, "Sign-in failed", provider + " could not be reached or asked us to slow down, so the"
          + " sign-in did not complete. Try again in a moment.", "/login", "Try again");
    }
    if (reason == FailureReason.UNSUPPORTED_BY_PROVIDER) {
      return new PageError(400, "Sign-in failed", provider + " refused Hookkeeper's OAuth application: "
          + failure.message() + ". The operator must check the client id and secret.", "/login", "Try again");
    }
    return new PageError(400, "Sign-in failed", provider + " did not accept the sign-in: " + failure.message()
        + ". Sign-in codes expire after 10 minutes and work once.", "/login", "Sign in again");
  }

  private void clearStateCookie(Context ctx) {
    ctx.res().addHeader("Set-Cookie", STATE_COOKIE + "=; Path=/auth/; Max-Age=0; HttpOnly; SameSite=Lax"
        + (pages.sessions.secure() ? "; Secure" : ""));
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
