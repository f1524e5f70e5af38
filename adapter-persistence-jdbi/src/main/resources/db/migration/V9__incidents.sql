-- Failures of one workflow on one branch, per connection, with one row per failed run attempt.
CREATE TABLE incidents (
  id                         text        PRIMARY KEY,
  user_id                    text        NOT NULL REFERENCES users (id),
  connection_id              text        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  repository_id              text        NOT NULL REFERENCES repositories (id),
  workflow_key               text        NOT NULL,
  workflow_name              text        NOT NULL,
  branch                     text        NOT NULL,
  status                     text        NOT NULL CHECK (status IN ('open', 'resolved')),
  opened_at                  timestamptz NOT NULL,
  -- creation time of the newest failed run counted; kept on this row (not only derived from the
  -- occurrences) so that a concurrent resolve re-checks it under the row lock
  latest_run_created_at      timestamptz NOT NULL,
  resolved_at                timestamptz,
  resolved_by_run_id         bigint,
  resolved_by_attempt        integer,
  resolved_by_url            text,
  resolved_by_run_created_at timestamptz,
  CONSTRAINT incidents_resolved_iff_resolved_at CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
-- decision 6: at most one OPEN incident per (connection, workflow, branch); concurrent first
-- failures race on this index (INSERT ... ON CONFLICT DO NOTHING), resolved ones are not limited
CREATE UNIQUE INDEX incidents_one_open_key ON incidents (connection_id, workflow_key, branch) WHERE status = 'open';
-- every incident of a group, resolved ones too: a failed run attempt is counted once per group
CREATE INDEX incidents_group_idx ON incidents (connection_id, workflow_key, branch);
-- a user's incident list, newest first
CREATE INDEX incidents_user_opened_idx ON incidents (user_id, opened_at DESC, id DESC);

CREATE TABLE incident_occurrences (
  incident_id     text        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  provider_run_id bigint      NOT NULL,
  attempt         integer     NOT NULL,
  seq             bigint      GENERATED ALWAYS AS IDENTITY,  -- insertion order, for "oldest first"
  run_number      bigint      NOT NULL,
  sha             text        NOT NULL,
  url             text        NOT NULL,
  conclusion      text        NOT NULL,
  run_created_at  timestamptz NOT NULL,
  occurred_at     timestamptz NOT NULL,
  -- a redelivered failure of the same run attempt is counted once
  PRIMARY KEY (incident_id, provider_run_id, attempt)
);
