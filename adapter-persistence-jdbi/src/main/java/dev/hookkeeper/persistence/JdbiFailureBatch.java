package dev.hookkeeper.persistence;

import dev.hookkeeper.core.model.Incident;
import dev.hookkeeper.core.model.IncidentOccurrence;
import dev.hookkeeper.core.model.IncidentStatus;
import dev.hookkeeper.core.port.IncidentStore.NewFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Several failures in two statements instead of one each, judged by the rule of {@link
 * JdbiIncidentStore}'s single-failure statement. The first statement gives every group of the batch
 * a row (an empty one for a new group), locks them in key order and answers their state; the
 * failures are then judged here in list order, each against its group as the ones before it left
 * it; the second statement writes the changed groups, the opened incidents and the occurrences.
 * Holding the group rows' locks from the first statement on, it needs no version check: a
 * single-failure statement of another transaction waits, then sees the version moved and runs
 * again.
 */
final class JdbiFailureBatch {

  /**
   * Every group's row, locked; a new group gets an empty row (judged as no row: nothing open, no
   * success), which the second statement fills. {@code DO UPDATE} rather than {@code DO NOTHING}:
   * it locks and returns an existing row too, as of after any transaction it waited for.
   */
  private static final String LOCK_GROUPS =
      "INSERT INTO incident_groups AS g (connection_id, workflow_key, branch, version, updated_at)"
          + " SELECT c, k, b, 0, CAST(:at AS timestamptz)"
          + " FROM unnest(CAST(:conns AS text[]), CAST(:keys AS text[]), CAST(:branches AS text[]))"
          + " AS t(c, k, b) ORDER BY c, k, b"
          + " ON CONFLICT (connection_id, workflow_key, branch) DO UPDATE SET version = g.version"
          + " RETURNING connection_id, workflow_key, branch, open_incident_id, failure_run_number,"
          + " failure_attempt, success_run_number, success_attempt";

  private static final String WRITE =
      "WITH opened AS (INSERT INTO incidents (id, user_id, connection_id, repository_id,"
          + " workflow_key, workflow_name, branch, status, opened_at)"
          + " SELECT id, u, c, r, k, n, b, 'open', CAST(at AS timestamptz)"
          + " FROM unnest(CAST(:incIds AS text[]), CAST(:incUsers AS text[]),"
          + " CAST(:incConns AS text[]), CAST(:incRepos AS text[]), CAST(:incKeys AS text[]),"
          + " CAST(:incNames AS text[]), CAST(:incBranches AS text[]), CAST(:incAts AS text[]))"
          + " AS t(id, u, c, r, k, n, b, at) RETURNING id),"
          + " grouped AS (UPDATE incident_groups g SET version = g.version + 1,"
          + " open_incident_id = t.open_id, failure_run_number = t.run_number,"
          + " failure_attempt = t.attempt, updated_at = CAST(t.at AS timestamptz)"
          + " FROM unnest(CAST(:grpConns AS text[]), CAST(:grpKeys AS text[]),"
          + " CAST(:grpBranches AS text[]), CAST(:grpOpen AS text[]), CAST(:grpRuns AS bigint[]),"
          + " CAST(:grpAttempts AS int[]), CAST(:grpAts AS text[]))"
          + " AS t(c, k, b, open_id, run_number, attempt, at)"
          + " WHERE g.connection_id = t.c AND g.workflow_key = t.k AND g.branch = t.b RETURNING 1),"
          + " added AS (INSERT INTO incident_occurrences (incident_id, provider_run_id, attempt,"
          + " run_number, sha, url, conclusion, run_created_at, occurred_at)"
          + " SELECT i, run_id, attempt, run_number, sha, url, conclusion,"
          + " CAST(created AS timestamptz), CAST(occurred AS timestamptz)"
          + " FROM unnest(CAST(:occIncidents AS text[]), CAST(:occRunIds AS bigint[]),"
          + " CAST(:occAttempts AS int[]), CAST(:occRuns AS bigint[]), CAST(:occShas AS text[]),"
          + " CAST(:occUrls AS text[]), CAST(:occConclusions AS text[]),"
          + " CAST(:occCreated AS text[]), CAST(:occOccurred AS text[])) WITH ORDINALITY"
          + " AS t(i, run_id, attempt, run_number, sha, url, conclusion, created, occurred, o)"
          + " ORDER BY o ON CONFLICT DO NOTHING RETURNING 1)"
          + " SELECT (SELECT count(*) FROM opened) AS opened, (SELECT count(*) FROM grouped) AS grouped";

  private JdbiFailureBatch() {}

  /** {@code failures} with timestamps already truncated to what timestamptz keeps. */
  static List<Optional<Incident>> record(Handle h, List<NewFailure> failures) {
    Map<GroupKey, Group> groups = lock(h, failures);
    List<Optional<Incident>> answers = new ArrayList<>(failures.size());
    List<NewFailure> opened = new ArrayList<>();
    List<Occurrence> occurrences = new ArrayList<>();
    Set<List<Object>> occurrenceKeys = new HashSet<>();
    for (NewFailure f : failures) {
      Group g = groups.get(GroupKey.of(f));
      IncidentOccurrence o = f.occurrence();
      if (g.supersededBy(o)) {
        answers.add(Optional.empty());
        continue;
      }
      if (g.openIncidentId == null) {
        g.open(f);
        opened.add(f);
        answers.add(Optional.of(openedBy(f)));
      } else {
        g.raise(f);
        answers.add(Optional.empty());
      }
      if (occurrenceKeys.add(List.of(g.openIncidentId, o.providerRunId(), o.attempt())))
        occurrences.add(new Occurrence(g.openIncidentId, o));
    }
    write(h, opened, groups.values().stream().filter(g -> g.changed).toList(), occurrences);
    return answers;
  }

  /** A new incident has exactly the occurrence that opened it. */
  static Incident openedBy(NewFailure f) {
    return new Incident(
        f.newId(),
        f.userId(),
        f.connectionId(),
        f.repositoryId(),
        f.workflowKey(),
        f.workflowName(),
        f.branch(),
        IncidentStatus.OPEN,
        f.at(),
        null,
        null,
        List.of(f.occurrence()));
  }

  private static Map<GroupKey, Group> lock(Handle h, List<NewFailure> failures) {
    Map<GroupKey, Group> groups = new LinkedHashMap<>();
    for (NewFailure f : failures) groups.putIfAbsent(GroupKey.of(f), null);
    List<GroupKey> keys = List.copyOf(groups.keySet());
    h.createQuery(LOCK_GROUPS)
        .bind("at", failures.get(0).at().toString())
        .bindArray("conns", String.class, keys.stream().map(GroupKey::connectionId).toList())
        .bindArray("keys", String.class, keys.stream().map(GroupKey::workflowKey).toList())
        .bindArray("branches", String.class, keys.stream().map(GroupKey::branch).toList())
        .map(
            (rs, ctx) -> {
              Group g =
                  new Group(
                      rs.getString("connection_id"),
                      rs.getString("workflow_key"),
                      rs.getString("branch"));
              g.openIncidentId = rs.getString("open_incident_id");
              g.failureRunNumber = rs.getObject("failure_run_number", Long.class);
              g.failureAttempt = rs.getObject("failure_attempt", Integer.class);
              g.successRunNumber = rs.getObject("success_run_number", Long.class);
              g.successAttempt = rs.getObject("success_attempt", Integer.class);
              return g;
            })
        .forEach(g -> groups.put(g.key, g));
    if (groups.containsValue(null)) throw new IllegalStateException("a group row was not locked");
    return groups;
  }

  private static void write(
      Handle h, List<NewFailure> opened, List<Group> changed, List<Occurrence> occurrences) {
    Counts counts =
        h.createQuery(WRITE)
            .bindArray("incIds", String.class, opened.stream().map(f -> f.newId().value()).toList())
            .bindArray(
                "incUsers", String.class, opened.stream().map(f -> f.userId().value()).toList())
            .bindArray(
                "incConns",
                String.class,
                opened.stream().map(f -> f.connectionId().value()).toList())
            .bindArray(
                "incRepos",
                String.class,
                opened.stream().map(f -> f.repositoryId().value()).toList())
            .bindArray(
                "incKeys", String.class, opened.stream().map(NewFailure::workflowKey).toList())
            .bindArray(
                "incNames", String.class, opened.stream().map(NewFailure::workflowName).toList())
            .bindArray(
                "incBranches", String.class, opened.stream().map(NewFailure::branch).toList())
            .bindArray("incAts", String.class, opened.stream().map(f -> f.at().toString()).toList())
            .bindArray(
                "grpConns", String.class, changed.stream().map(g -> g.key.connectionId()).toList())
            .bindArray(
                "grpKeys", String.class, changed.stream().map(g -> g.key.workflowKey()).toList())
            .bindArray(
                "grpBranches", String.class, changed.stream().map(g -> g.key.branch()).toList())
            .bindArray(
                "grpOpen", String.class, changed.stream().map(g -> g.openIncidentId).toList())
            .bindArray(
                "grpRuns", Long.class, changed.stream().map(g -> g.failureRunNumber).toList())
            .bindArray(
                "grpAttempts", Integer.class, changed.stream().map(g -> g.failureAttempt).toList())
            .bindArray("grpAts", String.class, changed.stream().map(g -> g.changedAt).toList())
            .bindArray(
                "occIncidents",
                String.class,
                occurrences.stream().map(Occurrence::incidentId).toList())
            .bindArray(
                "occRunIds",
                Long.class,
                occurrences.stream().map(o -> o.of().providerRunId()).toList())
            .bindArray(
                "occAttempts",
                Integer.class,
                occurrences.stream().map(o -> o.of().attempt()).toList())
            .bindArray(
                "occRuns", Long.class, occurrences.stream().map(o -> o.of().runNumber()).toList())
            .bindArray(
                "occShas", String.class, occurrences.stream().map(o -> o.of().sha()).toList())
            .bindArray(
                "occUrls", String.class, occurrences.stream().map(o -> o.of().url()).toList())
            .bindArray(
                "occConclusions",
                String.class,
                occurrences.stream().map(o -> Sql.enumName(o.of().conclusion())).toList())
            .bindArray(
                "occCreated",
                String.class,
                occurrences.stream().map(o -> o.of().runCreatedAt().toString()).toList())
            .bindArray(
                "occOccurred",
                String.class,
                occurrences.stream().map(o -> o.of().occurredAt().toString()).toList())
            .map((rs, ctx) -> new Counts(rs.getInt("opened"), rs.getInt("grouped")))
            .one();
    if (counts.opened() != opened.size() || counts.grouped() != changed.size()) {
      throw new IllegalStateException(
          "wrote "
              + counts
              + " for "
              + opened.size()
              + " incidents and "
              + changed.size()
              + " groups");
    }
  }

  private record Counts(int opened, int grouped) {}

  private record Occurrence(String incidentId, IncidentOccurrence of) {}

  private record GroupKey(String connectionId, String workflowKey, String branch) {
    static GroupKey of(NewFailure f) {
      return new GroupKey(f.connectionId().value(), f.workflowKey(), f.branch());
    }
  }

  /** A group's row as the failures before this one left it. */
  private static final class Group {
    final GroupKey key;
    String openIncidentId;
    Long failureRunNumber;
    Integer failureAttempt;
    Long successRunNumber;
    Integer successAttempt;
    String changedAt;
    boolean changed;

    Group(String connectionId, String workflowKey, String branch) {
      this.key = new GroupKey(connectionId, workflowKey, branch);
    }

    /** No newer than the group's newest success (at an equal run and attempt the success wins). */
    boolean supersededBy(IncidentOccurrence o) {
      return successRunNumber != null
          && compare(successRunNumber, successAttempt, o.runNumber(), o.attempt()) >= 0;
    }

    void open(NewFailure f) {
      openIncidentId = f.newId().value();
      failureRunNumber = f.occurrence().runNumber();
      failureAttempt = f.occurrence().attempt();
      changedAt = f.at().toString();
      changed = true;
    }

    /** The open incident's newest failure moves only forwards. */
    void raise(NewFailure f) {
      IncidentOccurrence o = f.occurrence();
      if (compare(o.runNumber(), o.attempt(), failureRunNumber, failureAttempt) <= 0) return;
      failureRunNumber = o.runNumber();
      failureAttempt = o.attempt();
      changedAt = f.at().toString();
      changed = true;
    }

    private static int compare(long runA, int attemptA, long runB, int attemptB) {
      int c = Long.compare(runA, runB);
      return c != 0 ? c : Integer.compare(attemptA, attemptB);
    }
  }
}
