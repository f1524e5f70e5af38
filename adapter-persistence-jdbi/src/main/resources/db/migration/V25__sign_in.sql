-- Signing in with GitHub or GitLab (issue 13).

-- Expiring provider tokens (GitLab OAuth: 2 h) and their single-use refresh tokens. The refresh
-- token is encrypted like the access token, with its own associated data ("refresh:<user>:<provider>"),
-- so the two ciphertexts cannot be swapped. Both columns are written in the one statement that writes
-- the access token: a rotated pair is never half stored.
ALTER TABLE provider_tokens
  ADD COLUMN refresh_token_encrypted text,
  ADD COLUMN access_token_expires_at timestamptz,
  ADD CONSTRAINT provider_tokens_renewal_whole
    CHECK ((refresh_token_encrypted IS NULL) = (access_token_expires_at IS NULL));
-- the renewal job's scan: renewable tokens by expiry
CREATE INDEX provider_tokens_expiring_idx ON provider_tokens (access_token_expires_at)
  WHERE refresh_token_encrypted IS NOT NULL;

-- Which Hookkeeper user a provider identity signs in as. Keyed by the provider's stable user id: a
-- login can be renamed and taken by someone else.
CREATE TABLE provider_identities (
  provider         text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  provider_user_id text        NOT NULL,
  user_id          text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  login            text        NOT NULL,
  display_name     text        NOT NULL,
  bound_at         timestamptz NOT NULL,
  last_sign_in_at  timestamptz NOT NULL,
  PRIMARY KEY (provider, provider_user_id),
  -- one identity per provider and user: a second GitHub account is a second user
  CONSTRAINT provider_identities_one_per_user UNIQUE (user_id, provider)
);

-- Browser sessions. Only the SHA-256 of the session token is stored: a leaked table opens nothing.
CREATE TABLE sessions (
  token_sha256 text        PRIMARY KEY,
  user_id      text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
-- "sign out everywhere" and the deletion of a user
CREATE INDEX sessions_user_idx ON sessions (user_id);
-- the purge of expired sessions
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Sign-ins waiting for the provider's callback (10 minutes at most). The state is stored as its
-- SHA-256; the PKCE verifier encrypted ("signin:<state hash>" as associated data).
CREATE TABLE sign_ins (
  state_sha256            text        PRIMARY KEY,
  provider                text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  code_verifier_encrypted text        NOT NULL,
  redirect_uri            text        NOT NULL,
  link_to                 text        REFERENCES users (id) ON DELETE CASCADE,
  created_at              timestamptz NOT NULL,
  expires_at              timestamptz NOT NULL
);
CREATE INDEX sign_ins_expires_idx ON sign_ins (expires_at);
