package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentId;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunRef;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IncidentStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Incidents and their occurrences, judged per group (connection, workflow, branch) against the
 * group's row in {@code incident_groups}: the newest success and the open incident with its newest
 * failure. Each failure and each success is one statement that reads the group row, locks it, and
 * acts only if the row it locked is the row its snapshot read (same {@code version}); in READ
 * COMMITTED a statement that waited for the lock still reads the other tables as of before the
 * wait, so when the versions differ it changes nothing and is run again, after taking the lock
 * first, with a snapshot from after the change. The failures of a processed batch take two
 * statements in all, holding their groups' locks throughout ({@link JdbiFailureBatch}).
 */
final class JdbiIncidentStore implements IncidentStore {

  /**
   * The group kept changing under us: give up after this many tries (the second holds the lock).
   */
  private static final int MAX_ATTEMPTS = 5;

  private static final String GROUP =
      "connection_id = :conn AND workflow_key = :key AND branch = :branch";

  private static final String LOCK_GROUP =
      "SELECT version FROM incident_groups WHERE " + GROUP + " FOR UPDATE";

  /** The group as this statement's snapshot has it, and the same row's newest version, locked. */
  private static final String READ_AND_LOCK =
      " locked AS (SELECT version FROM incident_groups WHERE "
          + GROUP
          + " FOR UPDATE),"
          + " state AS (SELECT s.* FROM seen s JOIN locked l ON l.version = s.version),";

  /**
   * A failure: in a new group it opens an incident; in a group whose newest success is not older it
   * does nothing; else it opens an incident (none open) or is added to the open one, raising the
   * group's newest failure when it is newer.
   */
  private static final String RECORD =
      "WITH seen AS (SELECT version, open_incident_id, failure_run_number, failure_attempt,"
          + " COALESCE((success_run_number, success_attempt) >= (:runNumber, :attempt), false) AS superseded"
          + " FROM incident_groups WHERE "
          + GROUP
          + "),"
          + READ_AND_LOCK
          + " created AS (INSERT INTO incident_groups (connection_id, workflow_key, branch, version, open_incident_id,"
          + " failure_run_number, failure_attempt, updated_at)"
          + " SELECT :conn, :key, :branch, 1, :id, :runNumber, :attempt, :at WHERE NOT EXISTS (SELECT 1 FROM seen)"
          + " ON CONFLICT DO NOTHING RETURNING open_incident_id),"
          + " reopened AS (UPDATE incident_groups g SET version = g.version + 1, open_incident_id = :id,"
          + " failure_run_number = :runNumber, failure_attempt = :attempt, updated_at = :at"
          + " FROM state s WHERE g."
          + GROUP.replace(" AND ", " AND g.")
          + " AND s.open_incident_id IS NULL AND NOT s.superseded RETURNING g.open_incident_id),"
          + " raised AS (UPDATE incident_groups g SET version = g.version + 1, failure_run_number = :runNumber,"
          + " failure_attempt = :attempt, updated_at = :at"
          + " FROM state s WHERE g."
          + GROUP.replace(" AND ", " AND g.")
          + " AND s.open_incident_id IS NOT NULL AND NOT s.superseded"
          + " AND (:runNumber, :attempt) > (s.failure_run_number, s.failure_attempt) RETURNING g.version),"
          + " opened AS (INSERT INTO incidents (id, user_id, connection_id, repository_id, workflow_key, workflow_name,"
          + " branch, status, opened_at)"
          + " SELECT :id, :user, :conn, :repo, :key, :name, :branch, 'open', :at"
          + " WHERE EXISTS (SELECT 1 FROM created) OR EXISTS (SELECT 1 FROM reopened) RETURNING id),"
          + " target AS (SELECT id FROM opened"
          + " UNION ALL SELECT open_incident_id FROM state WHERE open_incident_id IS NOT NULL AND NOT superseded),"
          + " added AS (INSERT INTO incident_occurrences (incident_id, provider_run_id, attempt, run_number, sha, url,"
          + " conclusion, run_created_at, occurred_at)"
          + " SELECT id, :runId, :attempt, :runNumber, :sha, :url, :conclusion, :runCreatedAt, :occurredAt FROM target"
          + " ON CONFLICT DO NOTHING RETURNING incident_id)"
          + " SELECT (SELECT count(*) FROM seen) AS seen, (SELECT count(*) FROM state) AS fresh,"
          + " (SELECT superseded FROM state) AS superseded, (SELECT id FROM opened) AS opened,"
          + " (SELECT open_incident_id FROM state) AS open_id, (SELECT count(*) FROM added) AS added";

  /**
   * A success newer than the group's newest success becomes it, and resolves the open incident when
   * it is no older than that incident's newest failure; an older one changes nothing.
   */
  private static final String RESOLVE =
      "WITH seen AS (SELECT version, open_incident_id,"
          + " COALESCE((success_run_number, success_attempt) >= (:runNumber, :attempt), false) AS stale,"
          + " (open_incident_id IS NOT NULL AND (:runNumber, :attempt) >= (failure_run_number, failure_attempt))"
          + " AS resolves FROM incident_groups WHERE "
          + GROUP
          + "),"
          + READ_AND_LOCK
          + " created AS (INSERT INTO incident_groups (connection_id, workflow_key, branch, version,"
          + " success_run_number, success_attempt, updated_at)"
          + " SELECT :conn, :key, :branch, 1, :runNumber, :attempt, :at WHERE NOT EXISTS (SELECT 1 FROM seen)"
          + " ON CONFLICT DO NOTHING RETURNING version),"
          + " advanced AS (UPDATE incident_groups g SET version = g.version + 1, success_run_number = :runNumber,"
          + " success_attempt = :attempt, updated_at = :at,"
          + " open_incident_id = CASE WHEN s.resolves THEN NULL ELSE g.open_incident_id END,"
          + " failure_run_number = CASE WHEN s.resolves THEN NULL ELSE g.failure_run_number END,"
          + " failure_attempt = CASE WHEN s.resolves THEN NULL ELSE g.failure_attempt END"
          + " FROM state s WHERE g."
          + GROUP.replace(" AND ", " AND g.")
          + " AND NOT s.stale RETURNING s.open_incident_id AS was_open, s.resolves),"
          + " resolved AS (UPDATE incidents i SET status = 'resolved', resolved_at = :at, resolved_by_run_id = :runId,"
          + " resolved_by_attempt = :attempt, resolved_by_run_number = :runNumber, resolved_by_url = :url,"
          + " resolved_by_run_created_at = :runCreatedAt"
          + " FROM advanced a WHERE a.resolves AND i.id = a.was_open AND i.status = 'open' RETURNING i.id)"
          + " SELECT (SELECT count(*) FROM seen) AS seen, (SELECT count(*) FROM state) AS fresh,"
          + " (SELECT count(*) FROM created) AS created, (SELECT id FROM resolved) AS resolved";

  private final Database db;

  JdbiIncidentStore(Database db) {
    this.db = db;
  }

  @Override
  public FailureRecorded recordFailure(NewFailure f) {
    Objects.requireNonNull(f, "failure == null");
    return db.inTransaction(
        h -> {
          Recorded r = record(h, f);
          if (r.outcome == Outcome.SUPERSEDED) return new FailureRecorded(Outcome.SUPERSEDED, null);
          Incident incident =
              r.opened != null
                  ? r.opened
                  : load(h, "i.id = :id", Map.of("id", r.incidentId)).get(0);
          return new FailureRecorded(r.outcome, incident);
        });
  }

  /** Never reads the incident back: a branch that keeps failing has ever more occurrences. */
  @Override
  public Optional<Incident> recordFailureAndGetOpened(NewFailure f) {
    Objects.requireNonNull(f, "failure == null");
    return db.inTransaction(h -> Optional.ofNullable(record(h, f).opened));
  }

  /** One failure keeps its single statement; more take two in all ({@link JdbiFailureBatch}). */
  @Override
  public List<Optional<Incident>> recordFailuresAndGetOpened(List<NewFailure> failures) {
    Objects.requireNonNull(failures, "failures == null");
    if (failures.size() < 2) return failures.stream().map(this::recordFailureAndGetOpened).toList();
    List<NewFailure> truncated = failures.stream().map(JdbiIncidentStore::microseconds).toList();
    return db.inTransaction(h -> JdbiFailureBatch.record(h, truncated));
  }

  private Recorded record(Handle h, NewFailure given) {
    // timestamptz keeps microseconds: stored as truncated here, so an incident just opened can be
    // answered from what was written instead of read back
    NewFailure f = microseconds(given);
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      if (i > 0) lockGroup(h, f.connectionId(), f.workflowKey(), f.branch());
      Optional<Recorded> recorded = tryRecord(h, f);
      if (recorded.isPresent()) return recorded.get();
    }
    throw new IllegalStateException(
        "incident group of " + f.connectionId() + " kept changing; gave up");
  }

  /** What recording did; {@code opened} is the new incident, as written, when it opened one. */
  private record Recorded(Outcome outcome, String incidentId, Incident opened) {}

  private Optional<Recorded> tryRecord(Handle h, NewFailure f) {
    IncidentOccurrence o = f.occurrence();
    return h.createQuery(RECORD)
        .bind("conn", f.connectionId().value())
        .bind("key", f.workflowKey())
        .bind("branch", f.branch())
        .bind("runId", o.providerRunId())
        .bind("attempt", o.attempt())
        .bind("runNumber", o.runNumber())
        .bind("id", f.newId().value())
        .bind("user", f.userId().value())
        .bind("repo", f.repositoryId().value())
        .bind("name", f.workflowName())
        .bind("at", Sql.ts(f.at()))
        .bind("runCreatedAt", Sql.ts(o.runCreatedAt()))
        .bind("sha", o.sha())
        .bind("url", o.url())
        .bind("conclusion", Sql.enumName(o.conclusion()))
        .bind("occurredAt", Sql.ts(o.occurredAt()))
        .map(
            (rs, ctx) ->
                recorded(
                    f,
                    rs.getLong("seen") > 0,
                    rs.getLong("fresh") > 0,
                    rs.getBoolean("superseded"),
                    rs.getString("opened"),
                    rs.getString("open_id"),
                    rs.getLong("added") > 0))
        .one();
  }

  private static Optional<Recorded> recorded(
      NewFailure f,
      boolean seen,
      boolean fresh,
      boolean superseded,
      String opened,
      String openId,
      boolean added) {
    if (opened != null) {
      return Optional.of(new Recorded(Outcome.OPENED, opened, JdbiFailureBatch.openedBy(f)));
    }
    if (!fresh) return Optional.empty(); // created by another, or changed since our snapshot: again
    if (superseded) return Optional.of(new Recorded(Outcome.SUPERSEDED, null, null));
    return Optional.of(
        new Recorded(added ? Outcome.OCCURRENCE_ADDED : Outcome.ALREADY_RECORDED, openId, null));
  }

  private static void lockGroup(
      Handle h, ConnectionId connection, String workflowKey, String branch) {
    h.createQuery(LOCK_GROUP)
        .bind("conn", connection.value())
        .bind("key", workflowKey)
        .bind("branch", branch)
        .mapTo(Long.class)
        .findOne();
  }

  private static NewFailure microseconds(NewFailure f) {
    IncidentOccurrence o = f.occurrence();
    IncidentOccurrence occurrence =
        new IncidentOccurrence(
            o.providerRunId(),
            o.attempt(),
            o.runNumber(),
            o.sha(),
            o.url(),
            o.conclusion(),
            micros(o.runCreatedAt()),
            micros(o.occurredAt()));
    return new NewFailure(
        f.newId(),
        f.userId(),
        f.connectionId(),
        f.repositoryId(),
        f.workflowKey(),
        f.workflowName(),
        f.branch(),
        occurrence,
        micros(f.at()));
  }

  private static Instant micros(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public Optional<Incident> resolve(
      ConnectionId connectionId, String workflowKey, String branch, RunRef resolvedBy, Instant at) {
    Objects.requireNonNull(resolvedBy, "resolvedBy == null");
    Objects.requireNonNull(at, "at == null");
    return db.inTransaction(
        h -> {
          for (int i = 0; i < MAX_ATTEMPTS; i++) {
            if (i > 0) lockGroup(h, connectionId, workflowKey, branch);
            Optional<Optional<String>> resolved =
                tryResolve(h, connectionId, workflowKey, branch, resolvedBy, at);
            if (resolved.isPresent()) {
              return resolved.get().map(id -> load(h, "i.id = :id", Map.of("id", id)).get(0));
            }
          }
          throw new IllegalStateException(
              "incident group of " + connectionId + " kept changing; gave up");
        });
  }

  /** Empty when the statement must run again; else the id of the incident it resolved, if any. */
  private static Optional<Optional<String>> tryResolve(
      Handle h,
      ConnectionId connectionId,
      String workflowKey,
      String branch,
      RunRef resolvedBy,
      Instant at) {
    return h.createQuery(RESOLVE)
        .bind("conn", connectionId.value())
        .bind("key", workflowKey)
        .bind("branch", branch)
        .bind("runId", resolvedBy.providerRunId())
        .bind("attempt", resolvedBy.attempt())
        .bind("runNumber", resolvedBy.runNumber())
        .bind("url", resolvedBy.url())
        .bind("runCreatedAt", Sql.ts(resolvedBy.runCreatedAt()))
        .bind("at", Sql.ts(at))
        .map(
            (rs, ctx) -> {
              boolean seen = rs.getLong("seen") > 0;
              boolean acted = seen ? rs.getLong("fresh") > 0 : rs.getLong("created") > 0;
              return acted
                  ? Optional.of(Optional.ofNullable(rs.getString("resolved")))
                  : Optional.<Optional<String>>empty();
            })
        .one();
  }

  /**
   * Seq-scans the small group table (it has no index beyond its key, to keep its updates HOT);
   * {@code SKIP LOCKED} leaves groups a failure or success is judging alone.
   */
  @Override
  public int purgeIdleGroupsBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff == null");
    if (batchSize < 1) throw new IllegalArgumentException("'batchSize' must be positive");
    return db.withHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM incident_groups WHERE (connection_id, workflow_key, branch) IN"
                        + " (SELECT connection_id, workflow_key, branch FROM incident_groups"
                        + " WHERE open_incident_id IS NULL AND updated_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)")
                .bind("cutoff", Sql.ts(cutoff))
                .bind("batch", batchSize)
                .execute());
  }

  @Override
  public Page<Incident> listByUser(UserId userId, IncidentStatus status, PageRequest page) {
    Cursor after = page.cursor() == null ? null : Cursor.decode(page.cursor());
    Map<String, Object> binds = new HashMap<>();
    StringBuilder where = new StringBuilder("i.user_id = :user");
    binds.put("user", userId.value());
    if (status != null) {
      where.append(" AND i.status = :status");
      binds.put("status", Sql.enumName(status));
    }
    if (after != null) {
      where.append(" AND (i.opened_at, i.id) < (:at, :key)");
      binds.put("at", Sql.ts(after.at()));
      binds.put("key", after.key());
    }
    where.append(" ORDER BY i.opened_at DESC, i.id DESC LIMIT ").append(page.limit() + 1);
    List<Incident> rows = db.withHandle(h -> load(h, where.toString(), binds));
    return Pages.of(rows, page.limit(), i -> Cursor.of(i.openedAt(), i.id().value()));
  }

  @Override
  public Optional<Incident> find(UserId userId, IncidentId id) {
    List<Incident> found =
        db.withHandle(
            h ->
                load(
                    h,
                    "i.id = :id AND i.user_id = :user",
                    Map.of("id", id.value(), "user", userId.value())));
    return found.stream().findFirst();
  }

  @Override
  public int deleteByConnection(ConnectionId connectionId) {
    // the connection's groups first (a group names its open incident); occurrences go with their
    // incident (ON DELETE CASCADE)
    return db.inTransaction(
        h -> {
          h.createUpdate("DELETE FROM incident_groups WHERE connection_id = :conn")
              .bind("conn", connectionId.value())
              .execute();
          return h.createUpdate("DELETE FROM incidents WHERE connection_id = :conn")
              .bind("conn", connectionId.value())
              .execute();
        });
  }

  /** Incidents matching {@code whereAndOrder}, each with its occurrences, in two queries. */
  private static List<Incident> load(Handle h, String whereAndOrder, Map<String, Object> binds) {
    List<IncidentRow> rows =
        h.createQuery("SELECT * FROM incidents i WHERE " + whereAndOrder)
            .bindMap(binds)
            .map((rs, ctx) -> row(rs))
            .list();
    if (rows.isEmpty()) return List.of();
    Map<String, List<IncidentOccurrence>> occurrences = new HashMap<>();
    h.createQuery(
            "SELECT * FROM incident_occurrences WHERE incident_id = ANY(:ids) ORDER BY run_created_at, occurred_at, seq")
        .bindArray("ids", String.class, rows.stream().map(r -> r.id).toList())
        .map((rs, ctx) -> Map.entry(rs.getString("incident_id"), occurrence(rs)))
        .forEach(
            e -> occurrences.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    List<Incident> out = new ArrayList<>(rows.size());
    for (IncidentRow r : rows) out.add(r.toIncident(occurrences.getOrDefault(r.id, List.of())));
    return out;
  }

  private static IncidentRow row(ResultSet rs) throws SQLException {
    Instant resolvedByCreatedAt = Sql.instant(rs, "resolved_by_run_created_at");
    RunRef resolvedBy =
        resolvedByCreatedAt == null
            ? null
            : new RunRef(
                rs.getLong("resolved_by_run_id"),
                rs.getInt("resolved_by_attempt"),
                rs.getLong("resolved_by_run_number"), // 0 for incidents resolved before it was kept
                rs.getString("resolved_by_url"),
                resolvedByCreatedAt);
    return new IncidentRow(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("connection_id"),
        rs.getString("repository_id"),
        rs.getString("workflow_key"),
        rs.getString("workflow_name"),
        rs.getString("branch"),
        Sql.enumValue(IncidentStatus.class, rs.getString("status")),
        Sql.instant(rs, "opened_at"),
        Sql.instant(rs, "resolved_at"),
        resolvedBy);
  }

  private static IncidentOccurrence occurrence(ResultSet rs) throws SQLException {
    return new IncidentOccurrence(
        rs.getLong("provider_run_id"),
        rs.getInt("attempt"),
        rs.getLong("run_number"),
        rs.getString("sha"),
        rs.getString("url"),
        Sql.enumValue(RunConclusion.class, rs.getString("conclusion")),
        Sql.instant(rs, "run_created_at"),
        Sql.instant(rs, "occurred_at"));
  }

  /** An incident row before its occurrences are attached. */
  private record IncidentRow(
      String id,
      String userId,
      String connectionId,
      String repositoryId,
      String workflowKey,
      String workflowName,
      String branch,
      IncidentStatus status,
      Instant openedAt,
      Instant resolvedAt,
      RunRef resolvedBy) {

    Incident toIncident(List<IncidentOccurrence> occurrences) {
      return new Incident(
          new IncidentId(id),
          new UserId(userId),
          new ConnectionId(connectionId),
          new RepositoryId(repositoryId),
          workflowKey,
          workflowName,
          branch,
          status,
          openedAt,
          resolvedAt,
          resolvedBy,
          occurrences);
    }
  }
}
