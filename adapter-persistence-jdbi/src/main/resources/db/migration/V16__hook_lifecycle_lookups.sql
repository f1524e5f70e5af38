-- Lookups of the hook and credential lifecycle (issue 10, items 4 and 12):
-- an adoption cancels the queued deletions of the provider hook it adopts
CREATE INDEX hook_cleanups_provider_hook_idx ON hook_cleanups (provider, provider_hook_id);
-- deleting a provider token or a user finds the deletions that still need that user's tokens
-- (and the foreign key check of a user's deletion finds none without a scan)
CREATE INDEX hook_cleanups_token_owner_idx ON hook_cleanups (token_owner);
-- the hooks a user manages: handed over before the user's token or the user goes
CREATE INDEX repository_hooks_managed_by_idx ON repository_hooks (managed_by);
