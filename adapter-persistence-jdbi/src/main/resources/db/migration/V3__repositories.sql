-- Repositories (GitHub) and projects (GitLab), identified by the provider's stable numeric id:
-- the full name changes on rename or transfer, the id never does.
CREATE TABLE repositories (
  id               text        PRIMARY KEY,
  provider         text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  provider_repo_id bigint      NOT NULL CHECK (provider_repo_id > 0),
  full_name        text        NOT NULL,
  default_branch   text        NOT NULL,
  private          boolean     NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- two users connecting the same repository (or one repository under a new name) share one row
  CONSTRAINT repositories_provider_repo_key UNIQUE (provider, provider_repo_id)
);
