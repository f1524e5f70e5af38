-- Users' provider OAuth/personal tokens, encrypted by the SecretCipher with "token:<user>:<provider>"
-- as associated data, so a ciphertext copied to another user's row does not decrypt.
CREATE TABLE provider_tokens (
  user_id                text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider               text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  access_token_encrypted text        NOT NULL,
  login                  text        NOT NULL,
  scopes                 text[]      NOT NULL,
  stored_at              timestamptz NOT NULL,
  -- one token per user and provider; storing again replaces it
  PRIMARY KEY (user_id, provider)
);
