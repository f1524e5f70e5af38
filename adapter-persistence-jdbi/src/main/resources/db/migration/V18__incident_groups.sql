-- Issue 10, item 5: an incident is open exactly while the newest completed run of its group
-- (connection, workflow, branch), by run number and then attempt, failed. Runs arrive out of order
-- and more than once, so each group keeps the newest success it was told of and the newest failure
-- of its open incident; every failure and success is judged against this row, under its lock.
CREATE TABLE incident_groups (
  connection_id      text        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  workflow_key       text        NOT NULL,
  branch             text        NOT NULL,
  -- bumped by every change: a statement acts only when the row it read is the row it locked
  version            bigint      NOT NULL,
  open_incident_id   text        REFERENCES incidents (id),
  failure_run_number bigint,
  failure_attempt    integer,
  success_run_number bigint,
  success_attempt    integer,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (connection_id, workflow_key, branch),
  CONSTRAINT incident_groups_failure_iff_open
    CHECK ((open_incident_id IS NULL) = (failure_run_number IS NULL AND failure_attempt IS NULL)),
  CONSTRAINT incident_groups_success_whole CHECK ((success_run_number IS NULL) = (success_attempt IS NULL))
);
-- no index beyond the key: every completed run updates its group, and without an index on the
-- changed columns those updates stay HOT (retention scans this small table once a day)

-- the run that resolved an incident, by number too (order is by run number, not creation time)
ALTER TABLE incidents ADD COLUMN resolved_by_run_number bigint;
UPDATE incidents i SET resolved_by_run_number = r.run_number
  FROM workflow_runs r
  WHERE r.repository_id = i.repository_id AND r.provider_run_id = i.resolved_by_run_id
    AND r.attempt = i.resolved_by_attempt;

-- every existing group: its open incident with its newest failure, and the newest run known to
-- have resolved one of its incidents
INSERT INTO incident_groups (connection_id, workflow_key, branch, version, open_incident_id,
    failure_run_number, failure_attempt, success_run_number, success_attempt, updated_at)
SELECT g.connection_id, g.workflow_key, g.branch, 1, o.id, f.run_number, f.attempt,
       s.resolved_by_run_number, s.resolved_by_attempt, now()
  FROM (SELECT DISTINCT connection_id, workflow_key, branch FROM incidents) g
  LEFT JOIN incidents o ON o.connection_id = g.connection_id AND o.workflow_key = g.workflow_key
    AND o.branch = g.branch AND o.status = 'open'
  LEFT JOIN LATERAL (
    SELECT run_number, attempt FROM incident_occurrences
     WHERE incident_id = o.id ORDER BY run_number DESC, attempt DESC LIMIT 1) f ON true
  LEFT JOIN LATERAL (
    SELECT resolved_by_run_number, resolved_by_attempt FROM incidents r
     WHERE r.connection_id = g.connection_id AND r.workflow_key = g.workflow_key AND r.branch = g.branch
       AND r.status = 'resolved' AND r.resolved_by_run_number IS NOT NULL
     ORDER BY r.resolved_by_run_number DESC, r.resolved_by_attempt DESC LIMIT 1) s ON true;

-- the creation-time rule it replaces
ALTER TABLE incidents DROP COLUMN latest_run_created_at;
