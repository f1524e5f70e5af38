package dev.hookkeeper.app.web;

import io.javalin.http.Context;

/**
 * Headers on every page: no caching of one user's data, no framing, no inline script or style (the
 * pages use only {@code /assets/}), and no referrer leaving the site (the OAuth callback URL carries a
 * code and a state).
 */
final class PageHeaders {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private PageHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
  }
}
