-- Every delivery that reached a known hook: authentic ones (deduplicated) and rejected attempts
-- (signature_valid = false), which are kept for forensics without a body and take no dedup key.
CREATE TABLE deliveries (
  id               text        PRIMARY KEY,
  provider         text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  hook_id          text        NOT NULL,  -- no foreign key: the log outlives a deleted hook
  repository_id    text        NOT NULL REFERENCES repositories (id),
  delivery_id      text,                  -- NULL only for a rejected attempt that named none
  event            text,
  action           text,
  signature_valid  boolean     NOT NULL,
  signature_reason text,
  status           text        NOT NULL CHECK (status IN ('processed', 'ignored', 'failed', 'rejected')),
  error            text,
  duration_micros  bigint      NOT NULL,
  headers          jsonb       NOT NULL,  -- credential headers recorded as "[present]" only
  body             bytea,                 -- raw bytes as received; NULL when rejected or purged
  body_size        integer     NOT NULL,
  body_sha256      text,
  remote_address   text,
  received_at      timestamptz NOT NULL,
  processed_at     timestamptz,
  CONSTRAINT deliveries_rejected_iff_invalid CHECK (signature_valid = (status <> 'rejected')),
  CONSTRAINT deliveries_authentic_named CHECK (NOT signature_valid OR (delivery_id IS NOT NULL AND event IS NOT NULL))
);
-- decision 2: the dedup key. Partial, so forged attempts never consume the key of a real delivery;
-- INSERT ... ON CONFLICT DO NOTHING on it makes concurrent duplicates race-free.
CREATE UNIQUE INDEX deliveries_dedup_key ON deliveries (provider, hook_id, delivery_id) WHERE signature_valid;
-- the repository's delivery log, newest first
CREATE INDEX deliveries_repository_received_idx ON deliveries (repository_id, received_at DESC, id DESC);
-- hook status counters
CREATE INDEX deliveries_hook_idx ON deliveries (hook_id, received_at);
-- retention: finds the bodies still to purge without scanning purged rows
CREATE INDEX deliveries_body_retention_idx ON deliveries (received_at) WHERE body IS NOT NULL;
