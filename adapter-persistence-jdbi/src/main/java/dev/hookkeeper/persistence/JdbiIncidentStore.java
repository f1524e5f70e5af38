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
 * Incidents and their occurrences. "One open per (connection, workflow, branch)" is the partial
 * unique index {@code incidents_one_open_key}; opening races on it with {@code ON CONFLICT DO
 * NOTHING}, and adding to an open incident first updates its row, so a concurrent resolve waits
 * for that row lock and re-checks its condition against the newest failure.
 */
final class JdbiIncidentStore implements IncidentStore {

  /** Open incident vanished between our statements (resolved concurrently): retry a few times. */
  private static final int MAX_ATTEMPTS = 5;
  /** The advisory-lock namespace of an incident group's late failures ("ig"). */
  private static final int GROUP_LOCK_SPACE = 0x6967;

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
          Incident incident = r.opened != null ? r.opened : load(h, "i.id = :id", Map.of("id", r.incidentId)).get(0);
          return new FailureRecorded(r.outcome, incident);
        });
  }

  /** Never reads the incident back: a branch that keeps failing has ever more occurrences. */
  @Override
  public Optional<Incident> recordFailureAndGetOpened(NewFailure f) {
    Objects.requireNonNull(f, "failure == null");
    return db.inTransaction(h -> Optional.ofNullable(record(h, f).opened));
  }

  private Recorded record(Handle h, NewFailure f) {
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Optional<Recorded> recorded = tryRecord(h, f);
      if (recorded.isPresent()) return recorded.get();
    }
    throw new IllegalStateException("incident for " + f.connectionId() + " kept changing; gave up");
  }

  /** What recording did; {@code opened} is the new incident, as written, when it opened one. */
  private record Recorded(Outcome outcome, String incidentId, Incident opened) {}

  /**
   * One statement, one round trip per failure (it was three): skip a (run, attempt) the group
   * already counted; else open the group's incident, or bump the open one (taking its row lock,
   * see the class comment); then add the occurrence to whichever. Data-modifying CTEs share one
   * snapshot, so an incident opened by a concurrent transaction that committed after ours began
   * makes the insert conflict while the update cannot see it: then all three come back empty and
   * the caller tries again with a fresh snapshot.
   */
  private static final String RECORD =
      "WITH recorded AS ("
          + " SELECT i.id FROM incidents i JOIN incident_occurrences o ON o.incident_id = i.id"
          + " WHERE i.connection_id = :conn AND i.workflow_key = :key AND i.branch = :branch"
          + " AND o.provider_run_id = :runId AND o.attempt = :attempt LIMIT 1),"
          + " opened AS ("
          + " INSERT INTO incidents (id, user_id, connection_id, repository_id, workflow_key, workflow_name, branch,"
          + " status, opened_at, latest_run_created_at)"
          + " SELECT :id, :user, :conn, :repo, :key, :name, :branch, 'open', :at, :runCreatedAt"
          + " WHERE NOT EXISTS (SELECT 1 FROM recorded)"
          + " ON CONFLICT (connection_id, workflow_key, branch) WHERE status = 'open' DO NOTHING RETURNING id),"
          + " bumped AS ("
          + " UPDATE incidents SET latest_run_created_at = GREATEST(latest_run_created_at, :runCreatedAt)"
          + " WHERE connection_id = :conn AND workflow_key = :key AND branch = :branch AND status = 'open'"
          + " AND NOT EXISTS (SELECT 1 FROM recorded) AND NOT EXISTS (SELECT 1 FROM opened) RETURNING id),"
          + " added AS ("
          + " INSERT INTO incident_occurrences (incident_id, provider_run_id, attempt, run_number, sha, url,"
          + " conclusion, run_created_at, occurred_at)"
          + " SELECT id, :runId, :attempt, :runNumber, :sha, :url, :conclusion, :runCreatedAt, :occurredAt"
          + " FROM (SELECT id FROM opened UNION ALL SELECT id FROM bumped) target"
          + " ON CONFLICT DO NOTHING RETURNING incident_id)"
          + " SELECT (SELECT id FROM recorded) AS recorded, (SELECT id FROM opened) AS opened,"
          + " (SELECT id FROM bumped) AS bumped, (SELECT count(*) FROM added) AS added";

  private Optional<Recorded> tryRecord(Handle h, NewFailure given) {
    // timestamptz keeps microseconds: stored as truncated here, so an incident just opened can be
    // answered from what was written instead of read back
    NewFailure f = microseconds(given);
    IncidentOccurrence o = f.occurrence();
    return h.createQuery(RECORD)
        .bind("conn", f.connectionId().value())
        .bind("key", f.workflowKey())
        .bind("branch", f.branch())
        .bind("runId", o.providerRunId())
        .bind("attempt", o.attempt())
        .bind("id", f.newId().value())
        .bind("user", f.userId().value())
        .bind("repo", f.repositoryId().value())
        .bind("name", f.workflowName())
        .bind("at", Sql.ts(f.at()))
        .bind("runCreatedAt", Sql.ts(o.runCreatedAt()))
        .bind("runNumber", o.runNumber())
        .bind("sha", o.sha())
        .bind("url", o.url())
        .bind("conclusion", Sql.enumName(o.conclusion()))
        .bind("occurredAt", Sql.ts(o.occurredAt()))
        .map((rs, ctx) -> recorded(f, rs.getString("recorded"), rs.getString("opened"), rs.getString("bumped"),
            rs.getLong("added") > 0))
        .one();
  }

  private static Optional<Recorded> recorded(NewFailure f, String recordedIn, String opened, String bumped,
      boolean added) {
    if (recordedIn != null) return Optional.of(new Recorded(Outcome.ALREADY_RECORDED, recordedIn, null));
    if (opened != null) {
      // a new incident has exactly this one occurrence
      return Optional.of(new Recorded(Outcome.OPENED, opened, new Incident(f.newId(), f.userId(), f.connectionId(),
          f.repositoryId(), f.workflowKey(), f.workflowName(), f.branch(), IncidentStatus.OPEN, f.at(), null, null,
          List.of(f.occurrence()))));
    }
    if (bumped != null) {
      return Optional.of(new Recorded(added ? Outcome.OCCURRENCE_ADDED : Outcome.ALREADY_RECORDED, bumped, null));
    }
    return Optional.empty();
  }

  private static NewFailure microseconds(NewFailure f) {
    IncidentOccurrence o = f.occurrence();
    IncidentOccurrence occurrence = new IncidentOccurrence(o.providerRunId(), o.attempt(), o.runNumber(), o.sha(),
        o.url(), o.conclusion(), micros(o.runCreatedAt()), micros(o.occurredAt()));
    return new NewFailure(f.newId(), f.userId(), f.connectionId(), f.repositoryId(), f.workflowKey(),
        f.workflowName(), f.branch(), occurrence, micros(f.at()));
  }

  private static Instant micros(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Takes the group's advisory lock (two late failures of one group would otherwise both open an
   * incident: only open ones are unique), then adds the occurrence to the incident that run
   * resolved, or opens one resolved by it, unless the group counted the run already.
   */
  @Override
  public Optional<Incident> recordLateFailure(NewFailure given, RunRef resolvedBy) {
    Objects.requireNonNull(given, "failure == null");
    Objects.requireNonNull(resolvedBy, "resolvedBy == null");
    NewFailure f = microseconds(given);
    IncidentOccurrence o = f.occurrence();
    return db.inTransaction(h -> {
      h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:space, hashtext(:conn || '/' || :key || '/' || :branch)))"
              + " AS locked")
          .bind("space", GROUP_LOCK_SPACE)
          .bind("conn", f.connectionId().value())
          .bind("key", f.workflowKey())
          .bind("branch", f.branch())
          .mapTo(Integer.class)
          .one();
      boolean counted = h.createQuery("SELECT EXISTS (SELECT 1 FROM incidents i JOIN incident_occurrences oc"
              + " ON oc.incident_id = i.id WHERE i.connection_id = :conn AND i.workflow_key = :key"
              + " AND i.branch = :branch AND oc.provider_run_id = :runId AND oc.attempt = :attempt)")
          .bind("conn", f.connectionId().value())
          .bind("key", f.workflowKey())
          .bind("branch", f.branch())
          .bind("runId", o.providerRunId())
          .bind("attempt", o.attempt())
          .mapTo(Boolean.class)
          .one();
      if (counted) return Optional.<Incident>empty();
      Optional<String> target = h.createQuery("SELECT id FROM incidents WHERE connection_id = :conn"
              + " AND workflow_key = :key AND branch = :branch AND status = 'resolved'"
              + " AND resolved_by_run_id = :runId AND resolved_by_attempt = :attempt"
              + " ORDER BY opened_at DESC, id DESC LIMIT 1")
          .bind("conn", f.connectionId().value())
          .bind("key", f.workflowKey())
          .bind("branch", f.branch())
          .bind("runId", resolvedBy.providerRunId())
          .bind("attempt", resolvedBy.attempt())
          .mapTo(String.class)
          .findOne();
      Incident opened = null;
      if (target.isEmpty()) {
        h.createUpdate("INSERT INTO incidents (id, user_id, connection_id, repository_id, workflow_key, workflow_name,"
                + " branch, status, opened_at, latest_run_created_at, resolved_at, resolved_by_run_id,"
                + " resolved_by_attempt, resolved_by_url, resolved_by_run_created_at)"
                + " VALUES (:id, :user, :conn, :repo, :key, :name, :branch, 'resolved', :at, :runCreatedAt, :at,"
                + " :byRunId, :byAttempt, :byUrl, :byRunCreatedAt)")
            .bind("id", f.newId().value())
            .bind("user", f.userId().value())
            .bind("conn", f.connectionId().value())
            .bind("repo", f.repositoryId().value())
            .bind("key", f.workflowKey())
            .bind("name", f.workflowName())
            .bind("branch", f.branch())
            .bind("at", Sql.ts(f.at()))
            .bind("runCreatedAt", Sql.ts(o.runCreatedAt()))
            .bind("byRunId", resolvedBy.providerRunId())
            .bind("byAttempt", resolvedBy.attempt())
            .bind("byUrl", resolvedBy.url())
            .bind("byRunCreatedAt", Sql.ts(resolvedBy.runCreatedAt()))
            .execute();
        RunRef by = new RunRef(resolvedBy.providerRunId(), resolvedBy.attempt(), resolvedBy.url(),
            micros(resolvedBy.runCreatedAt()));
        opened = new Incident(f.newId(), f.userId(), f.connectionId(), f.repositoryId(), f.workflowKey(),
            f.workflowName(), f.branch(), IncidentStatus.RESOLVED, f.at(), f.at(), by, List.of(o));
      }
      h.createUpdate("INSERT INTO incident_occurrences (incident_id, provider_run_id, attempt, run_number, sha, url,"
              + " conclusion, run_created_at, occurred_at)"
              + " VALUES (:id, :runId, :attempt, :runNumber, :sha, :url, :conclusion, :runCreatedAt, :occurredAt)"
              + " ON CONFLICT DO NOTHING")
          .bind("id", target.orElse(f.newId().value()))
          .bind("runId", o.providerRunId())
          .bind("attempt", o.attempt())
          .bind("runNumber", o.runNumber())
          .bind("sha", o.sha())
          .bind("url", o.url())
          .bind("conclusion", Sql.enumName(o.conclusion()))
          .bind("runCreatedAt", Sql.ts(o.runCreatedAt()))
          .bind("occurredAt", Sql.ts(o.occurredAt()))
          .execute();
      return Optional.ofNullable(opened);
    });
  }

  @Override
  public Optional<Incident> resolve(
      ConnectionId connectionId, String workflowKey, String branch, RunRef resolvedBy, Instant at) {
    Objects.requireNonNull(resolvedBy, "resolvedBy == null");
    Objects.requireNonNull(at, "at == null");
    return db.inTransaction(
        h -> {
          Optional<String> resolved =
              h.createQuery(
                      "UPDATE incidents SET status = 'resolved', resolved_at = :at, resolved_by_run_id = :runId,"
                          + " resolved_by_attempt = :attempt, resolved_by_url = :url,"
                          + " resolved_by_run_created_at = :runCreatedAt"
                          + " WHERE connection_id = :conn AND workflow_key = :key AND branch = :branch"
                          + " AND status = 'open' AND latest_run_created_at <= :runCreatedAt RETURNING id")
                  .bind("conn", connectionId.value())
                  .bind("key", workflowKey)
                  .bind("branch", branch)
                  .bind("at", Sql.ts(at))
                  .bind("runId", resolvedBy.providerRunId())
                  .bind("attempt", resolvedBy.attempt())
                  .bind("url", resolvedBy.url())
                  .bind("runCreatedAt", Sql.ts(resolvedBy.runCreatedAt()))
                  .mapTo(String.class)
                  .findOne();
          return resolved.map(id -> load(h, "i.id = :id", Map.of("id", id)).get(0));
        });
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
        db.withHandle(h -> load(h, "i.id = :id AND i.user_id = :user", Map.of("id", id.value(), "user", userId.value())));
    return found.stream().findFirst();
  }

  @Override
  public int deleteByConnection(ConnectionId connectionId) {
    // occurrences go with their incident (ON DELETE CASCADE)
    return db.withHandle(
        h ->
            h.createUpdate("DELETE FROM incidents WHERE connection_id = :conn")
                .bind("conn", connectionId.value())
                .execute());
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
    h.createQuery("SELECT * FROM incident_occurrences WHERE incident_id = ANY(:ids) ORDER BY run_created_at, occurred_at, seq")
        .bindArray("ids", String.class, rows.stream().map(r -> r.id).toList())
        .map((rs, ctx) -> Map.entry(rs.getString("incident_id"), occurrence(rs)))
        .forEach(e -> occurrences.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
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
