package dev.hookkeeper.app.http;

import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The signed-in browser behind a request, for the API routes a session may call too. Implemented by
 * the pages' session cookie ({@code dev.hookkeeper.app.web}); {@link #NONE} where there are no pages.
 */
public interface BrowserSessions {

  /** The user of the request's session cookie, while the session lasts. */
  Optional<User> signedIn(Context ctx);

  /** Whether the request carries its session's CSRF token (header {@code X-CSRF-Token} or form field {@code _csrf}). */
  boolean csrfValid(Context ctx);

  /** Ends every session of the user (their deletion was asked for). */
  void endAll(UserId userId);

  BrowserSessions NONE = new BrowserSessions() {
    @Override
    public Optional<User> signedIn(Context ctx) {
      return Optional.empty();
    }

    @Override
    public boolean csrfValid(Context ctx) {
      return false;
    }

    @Override
    public void endAll(UserId userId) {}
  };
}
