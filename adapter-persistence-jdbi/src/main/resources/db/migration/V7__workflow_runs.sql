-- The newest known state of each run attempt (GitHub workflow run, GitLab pipeline).
CREATE TABLE workflow_runs (
  repository_id   text        NOT NULL REFERENCES repositories (id),
  provider_run_id bigint      NOT NULL,
  attempt         integer     NOT NULL CHECK (attempt >= 1),
  provider        text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  workflow_key    text        NOT NULL,
  workflow_name   text        NOT NULL,
  run_number      bigint      NOT NULL,
  branch          text        NOT NULL,
  sha             text        NOT NULL,
  status          text        NOT NULL,
  status_rank     smallint    NOT NULL,  -- RunStatus.rank(): state never goes backwards
  conclusion      text        NOT NULL,
  url             text        NOT NULL,
  trigger_event   text        NOT NULL,
  pull_requests   bigint[]    NOT NULL,
  run_created_at  timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,  -- the provider's timestamp of this state
  recorded_at     timestamptz NOT NULL,
  -- decision 5: a redelivered or replayed event upserts the same row; the upsert's WHERE keeps
  -- the newest state
  PRIMARY KEY (repository_id, provider_run_id, attempt)
);
CREATE INDEX workflow_runs_repository_created_idx
  ON workflow_runs (repository_id, run_created_at DESC, provider_run_id DESC, attempt DESC);
