-- Users. API tokens are stored only as hex SHA-256 hashes: a database leak yields no usable token.
CREATE TABLE users (
  id               text        PRIMARY KEY,
  name             text        NOT NULL,
  api_token_sha256 text        NOT NULL,
  created_at       timestamptz NOT NULL,
  -- every request authenticates by this hash, and two users must never share a token
  CONSTRAINT users_api_token_sha256_key UNIQUE (api_token_sha256)
);
