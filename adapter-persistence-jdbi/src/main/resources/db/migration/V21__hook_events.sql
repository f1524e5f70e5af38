-- The audit trail of every repository's hook (GET /repositories/{id}/webhook/events): created,
-- repaired, recovered, lost. Kept per repository, so it outlives a hook row deleted and made anew.
CREATE TABLE hook_events (
  id            text        PRIMARY KEY,            -- time-ordered: the order at equal times
  repository_id text        NOT NULL REFERENCES repositories (id),
  hook_id       text        NOT NULL,               -- no foreign key: the trail outlives the hook
  kind          text        NOT NULL CHECK (kind IN ('created', 'activated', 'repaired', 'recreated',
                                                     'reenabled', 'url_updated', 'secret_rotated',
                                                     'deliveries_recovered', 'token_lost', 'handed_over',
                                                     'degraded', 'deleted')),
  detail        text        NOT NULL,
  at            timestamptz NOT NULL
);
-- the trail, newest first
CREATE INDEX hook_events_repository_idx ON hook_events (repository_id, at DESC, id DESC);
