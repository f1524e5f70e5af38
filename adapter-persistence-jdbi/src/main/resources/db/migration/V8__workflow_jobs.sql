-- Jobs of runs, kept for incident detail.
CREATE TABLE workflow_jobs (
  repository_id   text        NOT NULL REFERENCES repositories (id),
  job_id          bigint      NOT NULL,
  provider_run_id bigint      NOT NULL,
  run_attempt     integer     NOT NULL,
  name            text        NOT NULL,
  status          text        NOT NULL,
  status_rank     smallint    NOT NULL,
  conclusion      text        NOT NULL,
  failure_reason  text,
  failed_steps    text[]      NOT NULL,
  url             text        NOT NULL,
  completed_at    timestamptz,
  -- a job's events upsert one row, newer state only
  PRIMARY KEY (repository_id, job_id)
);
CREATE INDEX workflow_jobs_run_idx ON workflow_jobs (repository_id, provider_run_id, run_attempt);
