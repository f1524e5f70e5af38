-- Issue 10, item 11: notifications, workflow runs and jobs are purged past their retention
-- period, in batches, oldest first (ApplyRetention); these indexes let each batch find its rows
-- without scanning the table.
CREATE INDEX notifications_created_idx ON notifications (created_at);
CREATE INDEX workflow_runs_recorded_idx ON workflow_runs (recorded_at);

-- a job's age when its run is not stored: its completion, else when it was last stored
ALTER TABLE workflow_jobs ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX workflow_jobs_age_idx ON workflow_jobs ((COALESCE(completed_at, recorded_at)));

-- runs an incident references are kept: as an occurrence, or as the run that resolved it
CREATE INDEX incident_occurrences_run_idx ON incident_occurrences (provider_run_id, attempt);
CREATE INDEX incidents_resolved_by_idx ON incidents (repository_id, resolved_by_run_id, resolved_by_attempt)
  WHERE resolved_by_run_id IS NOT NULL;
