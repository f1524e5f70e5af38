-- Periodic jobs that must run once per period across every instance sharing the database (hook
-- cleanups, retention), not once per instance: an instance runs a job only when it moves the job's
-- next_run_at forward itself (a conditional upsert on the database's clock).
CREATE TABLE cluster_jobs (
  name            text        PRIMARY KEY,
  next_run_at     timestamptz NOT NULL,
  last_started_at timestamptz NOT NULL,
  last_owner      text        NOT NULL
);
