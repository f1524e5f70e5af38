-- The one provider hook per repository, shared by every connection to it. The webhook_* column
-- names are the seed's: webhook_id is the provider's hook id, webhook_secret the encrypted secret.
CREATE TABLE repository_hooks (
  id                       text        PRIMARY KEY,
  repository_id            text        NOT NULL REFERENCES repositories (id),
  provider                 text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  webhook_id               text,       -- NULL until the provider created the hook
  webhook_secret           text        NOT NULL,  -- SecretCipher output, AAD "hook:<id>"
  webhook_previous_secret  text,                  -- still accepted after a rotation
  token_lookup_hash        text        NOT NULL,  -- hex SHA-256 of the plaintext secret
  webhook_url              text        NOT NULL,
  webhook_events           text[]      NOT NULL,
  webhook_status           text        NOT NULL
                           CHECK (webhook_status IN ('pending', 'active', 'inactive', 'failed')),
  failure_reason           text,
  failure_message          text,
  managed_by               text        NOT NULL REFERENCES users (id),
  secret_version           integer     NOT NULL CHECK (secret_version >= 1),
  webhook_created_at       timestamptz NOT NULL,
  updated_at               timestamptz NOT NULL,
  webhook_last_delivery_at timestamptz,
  -- decision 1: one hook per repository; two concurrent first connections race on this index
  CONSTRAINT repository_hooks_repository_key UNIQUE (repository_id),
  -- GitHub deliveries name their hook by X-GitHub-Hook-ID (NULLs, i.e. not yet created, are distinct)
  CONSTRAINT repository_hooks_provider_hook_key UNIQUE (provider, webhook_id),
  -- GitLab sends no hook id: a delivery finds its hook by the SHA-256 of X-Gitlab-Token
  CONSTRAINT repository_hooks_token_lookup_key UNIQUE (provider, token_lookup_hash)
);
