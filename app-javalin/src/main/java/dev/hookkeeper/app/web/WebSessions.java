package dev.hookkeeper.app.web;

import dev.hookkeeper.app.http.BrowserSessions;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.usecase.AuthenticateSession;
import dev.hookkeeper.core.usecase.SignInUseCases;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The browser's session cookie {@code hk_session} (HttpOnly, SameSite=Lax, Secure when the public URL
 * is https; the server keeps only its hash) and its CSRF token. The CSRF token is derived from the
 * session token (SHA-256 with its own prefix), so it needs no storage, changes with every session and
 * cannot be computed from the stored session hash.
 */
public final class WebSessions implements BrowserSessions {
  static final String COOKIE = "hk_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "_csrf";
  private static final String ATTRIBUTE = "hookkeeper.session";

  private final SignInUseCases signIn;
  private final boolean secure;
  private final Duration ttl;

  public WebSessions(SignInUseCases signIn, boolean secure, Duration ttl) {
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    this.secure = secure;
    this.ttl = Objects.requireNonNull(ttl, "ttl == null");
  }

  /** The request's live session, looked up once per request. */
  Optional<AuthenticateSession.SignedIn> current(Context ctx) {
    Object cached = ctx.attribute(ATTRIBUTE);
    if (cached instanceof Lookup lookup) return lookup.session();
    String token = ctx.cookie(COOKIE);
    Optional<AuthenticateSession.SignedIn> session =
        token == null ? Optional.empty() : signIn.authenticateSession().authenticate(token);
    ctx.attribute(ATTRIBUTE, new Lookup(session));
    return session;
  }

  @Override
  public Optional<User> signedIn(Context ctx) {
    return current(ctx).map(AuthenticateSession.SignedIn::user);
  }

  @Override
  public boolean csrfValid(Context ctx) {
    String token = ctx.cookie(COOKIE);
    if (token == null || current(ctx).isEmpty()) return false;
    String presented = ctx.header(CSRF_HEADER);
    if (presented == null) presented = formField(ctx);
    return presented != null && MessageDigest.isEqual(csrfFor(token).getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void endAll(UserId userId) {
    signIn.signOutEverywhere().signOut(userId);
  }

  /** The CSRF token of the request's session, for the page's forms; empty without a session. */
  String csrfToken(Context ctx) {
    String token = ctx.cookie(COOKIE);
    return token == null || current(ctx).isEmpty() ? "" : csrfFor(token);
  }

  /** Sets the cookie of a session just started. */
  void start(Context ctx, Secret sessionToken) {
    ctx.res().addHeader("Set-Cookie", COOKIE + "=" + sessionToken.reveal() + "; Path=/; Max-Age=" + ttl.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
  }

  /** Ends the request's session on the server and clears the cookie. */
  void end(Context ctx) {
    String token = ctx.cookie(COOKIE);
    if (token != null) signIn.signOut().signOut(token);
    ctx.res().addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
  }

  boolean secure() {
    return secure;
  }

  static String csrfFor(String sessionToken) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("hookkeeper-csrf:" + sessionToken).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is not available", e);
    }
  }

  /** A form post's {@code _csrf} field; never reads a body that is not a form. */
  private static String formField(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) return null;
    return ctx.formParam(CSRF_FIELD);
  }

  private record Lookup(Optional<AuthenticateSession.SignedIn> session) {}
}
