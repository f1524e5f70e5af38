package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ReconcileState;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ReconcileSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The reconcile schedule in {@code hook_reconcile} (a row per hook, its lease) and {@code
 * reconcile_tokens} (a row per token, its lease and pause). A claim runs in one short transaction:
 * due rows are locked {@code FOR UPDATE SKIP LOCKED} (another claimer takes other rows, never
 * waits), then the first whose token is free takes the token row too; a transaction-scoped advisory
 * lock per token, taken with "try", keeps two claimers from waiting on one token row.
 */
final class JdbiReconcileSchedule implements ReconcileSchedule {
  /** The advisory-lock namespace of token claims ("rt"). */
  static final int LOCK_SPACE = 0x7274;

  /** A claim looks at up to this many due hooks, past those of busy tokens. */
  private static final int SCAN = 16;

  private final Database db;

  JdbiReconcileSchedule(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Claim> claimDue(Instant now, Duration lease, Duration firstAfter) {
    Objects.requireNonNull(now, "now == null");
    enrol(firstAfter);
    return db.inTransaction(
        h -> {
          List<Candidate> due =
              h.createQuery(
                      "SELECT r.hook_id, h.provider, h.managed_by FROM hook_reconcile r"
                          + " JOIN repository_hooks h ON h.id = r.hook_id"
                          + " WHERE r.next_at <= :now AND (r.claimed_until IS NULL OR r.claimed_until <= :now)"
                          + " AND NOT EXISTS (SELECT 1 FROM reconcile_tokens t WHERE t.provider = h.provider"
                          + "   AND t.manager = h.managed_by AND ((t.claimed_until > :now AND t.claimed_by <> r.hook_id)"
                          + "   OR t.paused_until > :now))"
                          + " ORDER BY r.next_at, r.hook_id LIMIT :scan FOR UPDATE OF r SKIP LOCKED")
                  .bind("now", Sql.ts(now))
                  .bind("scan", SCAN)
                  .map(
                      (rs, ctx) ->
                          new Candidate(
                              new HookId(rs.getString(1)),
                              Sql.provider(rs, "provider"),
                              new UserId(rs.getString("managed_by"))))
                  .list();
          for (Candidate c : due) {
            Optional<Claim> claim = take(h, c, now, lease);
            if (claim.isPresent()) return claim;
          }
          return Optional.<Claim>empty();
        });
  }

  /** Hooks without a row get one: first due {@code firstAfter} after their creation. */
  private void enrol(Duration firstAfter) {
    db.useHandle(
        h ->
            h.createUpdate(
                    "WITH fresh AS (SELECT h.id, h.webhook_created_at FROM repository_hooks h"
                        + " WHERE NOT EXISTS (SELECT 1 FROM hook_reconcile r WHERE r.hook_id = h.id)"
                        + " FOR KEY SHARE OF h SKIP LOCKED)"
                        + " INSERT INTO hook_reconcile (hook_id, next_at)"
                        + " SELECT id, webhook_created_at + :millis * interval '1 millisecond' FROM fresh"
                        + " ON CONFLICT (hook_id) DO NOTHING")
                .bind("millis", firstAfter.toMillis())
                .execute());
  }

  @Override
  public Optional<Claim> claim(HookId hookId, Instant now, Duration lease) {
    Objects.requireNonNull(hookId, "hookId == null");
    return db.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO hook_reconcile (hook_id, next_at)"
                      + " SELECT id, :now FROM repository_hooks WHERE id = :hook FOR KEY SHARE"
                      + " ON CONFLICT (hook_id) DO NOTHING")
              .bind("hook", hookId.value())
              .bind("now", Sql.ts(now))
              .execute();
          Optional<Candidate> free =
              h.createQuery(
                      "SELECT r.hook_id, h.provider, h.managed_by FROM hook_reconcile r"
                          + " JOIN repository_hooks h ON h.id = r.hook_id"
                          + " WHERE r.hook_id = :hook AND (r.claimed_until IS NULL OR r.claimed_until <= :now)"
                          + " FOR UPDATE OF r SKIP LOCKED")
                  .bind("hook", hookId.value())
                  .bind("now", Sql.ts(now))
                  .map(
                      (rs, ctx) ->
                          new Candidate(
                              new HookId(rs.getString(1)),
                              Sql.provider(rs, "provider"),
                              new UserId(rs.getString("managed_by"))))
                  .findOne();
          return free.flatMap(c -> take(h, c, now, lease));
        });
  }

  /** Takes the candidate's token (unless another claimer holds or is taking it), then the hook. */
  private static Optional<Claim> take(Handle h, Candidate c, Instant now, Duration lease) {
    boolean mine =
        h.createQuery("SELECT pg_try_advisory_xact_lock(:space, hashtext(:key))")
            .bind("space", LOCK_SPACE)
            .bind("key", c.provider().id() + ":" + c.manager().value())
            .mapTo(Boolean.class)
            .one();
    if (!mine) return Optional.empty();
    Instant until = now.plus(lease);
    boolean taken =
        h.createQuery(
                "INSERT INTO reconcile_tokens (provider, manager, claimed_by, claimed_until)"
                    + " VALUES (:provider, :manager, :hook, :until)"
                    + " ON CONFLICT (provider, manager) DO UPDATE SET claimed_by = EXCLUDED.claimed_by,"
                    + " claimed_until = EXCLUDED.claimed_until"
                    + " WHERE (reconcile_tokens.claimed_until IS NULL OR reconcile_tokens.claimed_until <= :now"
                    + "   OR reconcile_tokens.claimed_by = :hook)"
                    + " AND (reconcile_tokens.paused_until IS NULL OR reconcile_tokens.paused_until <= :now)"
                    + " RETURNING 1")
            .bind("provider", c.provider().id())
            .bind("manager", c.manager().value())
            .bind("hook", c.hookId().value())
            .bind("until", Sql.ts(until))
            .bind("now", Sql.ts(now))
            .mapTo(Integer.class)
            .findOne()
            .isPresent();
    if (!taken) return Optional.empty();
    String token = UUID.randomUUID().toString();
    h.createUpdate(
            "UPDATE hook_reconcile SET claim_token = :token, claimed_until = :until WHERE hook_id = :hook")
        .bind("token", token)
        .bind("until", Sql.ts(until))
        .bind("hook", c.hookId().value())
        .execute();
    return Optional.of(new Claim(c.hookId(), token, c.provider(), c.manager(), until));
  }

  @Override
  public boolean complete(
      Claim claim,
      Instant finishedAt,
      Instant nextAt,
      Instant recoveredUntil,
      ProviderFailure error) {
    Objects.requireNonNull(claim, "claim == null");
    Objects.requireNonNull(finishedAt, "finishedAt == null");
    Objects.requireNonNull(nextAt, "nextAt == null");
    return db.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE reconcile_tokens SET claimed_by = NULL, claimed_until = NULL"
                      + " WHERE provider = :provider AND manager = :manager AND claimed_by = :hook AND claimed_until = :until")
              .bind("provider", claim.provider().id())
              .bind("manager", claim.manager().value())
              .bind("hook", claim.hookId().value())
              .bind("until", Sql.ts(claim.until()))
              .execute();
          return h.createUpdate(
                      "UPDATE hook_reconcile SET next_at = :next, last_reconciled_at = :finished,"
                          + " recovered_until = COALESCE(CAST(:recovered AS timestamptz), recovered_until),"
                          + " failures = CASE WHEN :failed THEN failures + 1 ELSE 0 END,"
                          + " last_error_reason = :reason, last_error_message = :message, last_error_retry_at = :retry,"
                          + " claim_token = NULL, claimed_until = NULL"
                          + " WHERE hook_id = :hook AND claim_token = :token")
                  .bind("next", Sql.ts(nextAt))
                  .bind("finished", Sql.ts(finishedAt))
                  .bind("recovered", Sql.ts(recoveredUntil))
                  .bind("failed", error != null)
                  .bind("reason", error == null ? null : Sql.enumName(error.reason()))
                  .bind("message", error == null ? null : error.message())
                  .bind("retry", error == null ? null : Sql.ts(error.retryAt()))
                  .bind("hook", claim.hookId().value())
                  .bind("token", claim.token())
                  .execute()
              == 1;
        });
  }

  @Override
  public void pauseToken(Provider provider, UserId manager, Instant until) {
    Objects.requireNonNull(until, "until == null");
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO reconcile_tokens (provider, manager, paused_until)"
                        + " VALUES (:provider, :manager, :until)"
                        + " ON CONFLICT (provider, manager) DO UPDATE SET paused_until ="
                        + " GREATEST(reconcile_tokens.paused_until, EXCLUDED.paused_until)")
                .bind("provider", provider.id())
                .bind("manager", manager.value())
                .bind("until", Sql.ts(until))
                .execute());
  }

  @Override
  public void dueBy(Collection<HookId> hookIds, Instant at) {
    if (hookIds.isEmpty()) return;
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO hook_reconcile (hook_id, next_at)"
                        + " SELECT id, :at FROM repository_hooks WHERE id = ANY(:ids) ORDER BY id FOR KEY SHARE"
                        + " ON CONFLICT (hook_id) DO UPDATE SET next_at = LEAST(hook_reconcile.next_at, EXCLUDED.next_at)")
                .bind("at", Sql.ts(at))
                .bindArray(
                    "ids", String.class, hookIds.stream().map(HookId::value).sorted().toList())
                .execute());
  }

  @Override
  public void allDueBy(Instant at) {
    db.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO hook_reconcile (hook_id, next_at)"
                        + " SELECT id, :at FROM repository_hooks FOR KEY SHARE SKIP LOCKED"
                        + " ON CONFLICT (hook_id) DO UPDATE SET next_at = LEAST(hook_reconcile.next_at, EXCLUDED.next_at)")
                .bind("at", Sql.ts(at))
                .execute());
  }

  @Override
  public Optional<ReconcileState> find(HookId hookId) {
    return db.withHandle(
        h ->
            h.createQuery("SELECT * FROM hook_reconcile WHERE hook_id = :hook")
                .bind("hook", hookId.value())
                .map(
                    (rs, ctx) -> {
                      String reason = rs.getString("last_error_reason");
                      ProviderFailure error =
                          reason == null
                              ? null
                              : new ProviderFailure(
                                  Sql.enumValue(FailureReason.class, reason),
                                  Objects.requireNonNullElse(
                                      rs.getString("last_error_message"), ""),
                                  Sql.instant(rs, "last_error_retry_at"));
                      return new ReconcileState(
                          hookId,
                          Sql.instant(rs, "next_at"),
                          Sql.instant(rs, "last_reconciled_at"),
                          Sql.instant(rs, "recovered_until"),
                          rs.getInt("failures"),
                          error);
                    })
                .findOne());
  }

  private record Candidate(HookId hookId, Provider provider, UserId manager) {}
}
