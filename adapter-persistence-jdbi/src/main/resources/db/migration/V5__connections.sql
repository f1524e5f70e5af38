-- A user's subscription to a repository's events.
CREATE TABLE connections (
  id              text        PRIMARY KEY,
  user_id         text        NOT NULL REFERENCES users (id),
  repository_id   text        NOT NULL REFERENCES repositories (id),
  enabled         boolean     NOT NULL,
  auto_pr_enabled boolean     NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  -- connecting twice is idempotent, also when two requests race
  CONSTRAINT connections_user_repository_key UNIQUE (user_id, repository_id)
);
-- fan-out of every delivery to the repository's connections
CREATE INDEX connections_repository_idx ON connections (repository_id, created_at, id);
-- a user's connection list, newest first
CREATE INDEX connections_user_created_idx ON connections (user_id, created_at DESC, id DESC);
