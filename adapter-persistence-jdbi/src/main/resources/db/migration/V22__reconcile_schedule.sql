-- The reconciler's coordination, shared by every instance (docs/architecture.md, decision 30).
-- One row per hook: when it is due, who holds it now (a lease: it lapses if its holder dies), the
-- recovery checkpoint and the consecutive failures. A hook without a row takes part all the same:
-- a claim enrols it. The row goes with its hook.
CREATE TABLE hook_reconcile (
  hook_id             text        PRIMARY KEY REFERENCES repository_hooks (id) ON DELETE CASCADE,
  next_at             timestamptz NOT NULL,
  last_reconciled_at  timestamptz,
  recovered_until     timestamptz,             -- every delivery attempted before it is recovered
  failures            integer     NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_error_reason   text,
  last_error_message  text,
  last_error_retry_at timestamptz,
  claim_token         text,
  claimed_until       timestamptz
);
-- due hooks, soonest first
CREATE INDEX hook_reconcile_due_idx ON hook_reconcile (next_at);

-- One row per token (provider and user): at most one of its hooks is claimed at a time, so one
-- token reconciles one repository at a time across the cluster; a paused token (rate limited, or
-- its budget low) has none claimed until the pause ends.
CREATE TABLE reconcile_tokens (
  provider      text        NOT NULL CHECK (provider IN ('github', 'gitlab')),
  manager       text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  claimed_by    text,                             -- a hook id; no foreign key: the hook may go first
  claimed_until timestamptz,
  paused_until  timestamptz,
  PRIMARY KEY (provider, manager)
);
