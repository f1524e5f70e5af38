-- Provider hooks still to delete after a disconnect whose deletion failed. Self-contained: the
-- repository and hook rows may be long gone, so nothing here references them.
CREATE TABLE hook_cleanups (
  id                   text        PRIMARY KEY,
  provider             text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  token_owner          text        NOT NULL REFERENCES users (id),
  provider_repo_id     bigint      NOT NULL,
  repository_full_name text        NOT NULL,
  provider_hook_id     text        NOT NULL,
  attempts             integer     NOT NULL,
  next_attempt_at      timestamptz NOT NULL,
  last_error           text,
  created_at           timestamptz NOT NULL
);
CREATE INDEX hook_cleanups_due_idx ON hook_cleanups (next_attempt_at, id);
