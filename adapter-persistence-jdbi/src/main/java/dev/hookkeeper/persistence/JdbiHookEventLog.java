package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.HookEventLog;
import java.util.List;
import java.util.Objects;

/** Hook audit trails in {@code hook_events}. */
final class JdbiHookEventLog implements HookEventLog {
  private final Database db;

  JdbiHookEventLog(Database db) {
    this.db = db;
  }

  @Override
  public void append(HookEvent event) {
    Objects.requireNonNull(event, "event == null");
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO hook_events (id, repository_id, hook_id, kind, detail, at)"
                        + " VALUES (:id, :repo, :hook, :kind, :detail, :at) ON CONFLICT (id) DO NOTHING")
                .bind("id", event.id())
                .bind("repo", event.repositoryId().value())
                .bind("hook", event.hookId().value())
                .bind("kind", event.kind().wireName())
                .bind("detail", event.detail())
                .bind("at", Sql.ts(event.at()))
                .execute());
  }

  @Override
  public Page<HookEvent> listByRepository(RepositoryId repositoryId, PageRequest page) {
    Objects.requireNonNull(repositoryId, "repositoryId == null");
    Cursor after = page.cursor() == null ? null : Cursor.decode(page.cursor());
    List<HookEvent> rows =
        db.withHandle(
            h -> {
              var query =
                  h.createQuery(
                          "SELECT id, repository_id, hook_id, kind, detail, at FROM hook_events"
                              + " WHERE repository_id = :repo"
                              + (after == null ? "" : " AND (at, id) < (:at, :key)")
                              + " ORDER BY at DESC, id DESC LIMIT :limit")
                      .bind("repo", repositoryId.value())
                      .bind("limit", page.limit() + 1);
              if (after != null) query.bind("at", Sql.ts(after.at())).bind("key", after.key());
              return query
                  .map(
                      (rs, ctx) ->
                          new HookEvent(
                              rs.getString("id"),
                              new RepositoryId(rs.getString("repository_id")),
                              new HookId(rs.getString("hook_id")),
                              Sql.enumValue(HookEventKind.class, rs.getString("kind")),
                              rs.getString("detail"),
                              Sql.instant(rs, "at")))
                  .list();
            });
    return Pages.of(rows, page.limit(), e -> Cursor.of(e.at(), e.id()));
  }
}
