-- Self-healing hooks (issue 12). Two more statuses: degraded (the hook exists but no token can
-- manage it, or the provider reports failing or missing deliveries) and archived.
ALTER TABLE repository_hooks DROP CONSTRAINT repository_hooks_webhook_status_check;
ALTER TABLE repository_hooks ADD CONSTRAINT repository_hooks_webhook_status_check
  CHECK (webhook_status IN ('pending', 'active', 'inactive', 'failed', 'degraded', 'archived'));

-- A rotation keeps the previous secret accepted for a grace period; a GitLab delivery carries the
-- token itself, so the previous token's hash must find the hook too until it is retired.
ALTER TABLE repository_hooks ADD COLUMN previous_token_lookup_hash text;
CREATE INDEX repository_hooks_previous_token_idx ON repository_hooks (provider, previous_token_lookup_hash)
  WHERE previous_token_lookup_hash IS NOT NULL;

-- When the current secret was made: its age decides an automatic rotation, and the previous
-- secret is retired a grace period after it. Rows from before had their secret since creation.
ALTER TABLE repository_hooks ADD COLUMN secret_set_at timestamptz;
UPDATE repository_hooks SET secret_set_at = webhook_created_at;
ALTER TABLE repository_hooks ALTER COLUMN secret_set_at SET NOT NULL;
-- retirement finds the previous secrets due without a scan
CREATE INDEX repository_hooks_previous_secret_idx ON repository_hooks (secret_set_at)
  WHERE webhook_previous_secret IS NOT NULL;

-- Runs the reconciler caught up from the provider's runs API (their deliveries are lost for good)
-- enter the inbox beside webhooks and are processed by the same effects; the log says which is which.
ALTER TABLE deliveries ADD COLUMN source text NOT NULL DEFAULT 'webhook'
  CHECK (source IN ('webhook', 'catch_up'));
