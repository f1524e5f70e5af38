package dev.hookkeeper.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a hook's audit trail. Kept per repository, so the trail outlives a hook that was
 * deleted and made anew; never carries a secret or a token.
 *
 * @param id time-ordered ({@code hev_…}): the trail's order at equal {@code at}
 * @param detail what happened, in words (ids, names, reasons; no credentials)
 */
public record HookEvent(
    String id,
    RepositoryId repositoryId,
    HookId hookId,
    HookEventKind kind,
    String detail,
    Instant at) {
  public HookEvent {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Objects.requireNonNull(hookId, "hookId == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(detail, "detail == null");
    Objects.requireNonNull(at, "at == null");
  }
}
