package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.Session;
import java.util.Objects;

/** A session just started: the token for the browser's cookie (shown nowhere else) and what is stored. */
public record SessionStart(Secret token, Session session) {
  public SessionStart {
    Objects.requireNonNull(token, "token == null");
    Objects.requireNonNull(session, "session == null");
  }
}
