-- The inbox (persist, acknowledge, process): an authentic delivery is stored 'received' and
-- acknowledged; processors apply its effects later and settle it as processed, ignored or failed.
-- Pending deliveries are found through a partial index on their arrival order, so the inbox costs
-- no second table and a delivery and its status can never disagree.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
  CHECK (status IN ('received', 'processed', 'ignored', 'failed', 'rejected'));
ALTER TABLE deliveries ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;   -- arrival order
ALTER TABLE deliveries ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE deliveries ADD COLUMN due_at timestamptz;                       -- next processing attempt
ALTER TABLE deliveries ADD COLUMN replayed_at timestamptz;
ALTER TABLE deliveries ADD COLUMN replays integer NOT NULL DEFAULT 0 CHECK (replays >= 0);
-- the acknowledgement no longer waits for processing, so there is no ingest duration to record
ALTER TABLE deliveries DROP COLUMN duration_micros;
UPDATE deliveries SET attempts = 1 WHERE status IN ('processed', 'ignored', 'failed');
UPDATE deliveries SET due_at = received_at;
ALTER TABLE deliveries ALTER COLUMN due_at SET NOT NULL;
CREATE INDEX deliveries_inbox_idx ON deliveries (seq) WHERE status = 'received';
-- retention of the refused attempts kept for forensics
CREATE INDEX deliveries_rejected_retention_idx ON deliveries (received_at) WHERE NOT signature_valid;

-- Every refused attempt is counted here; only a sample keeps a row in deliveries (at most 20 per
-- hook, reason and minute), so a flood of forgeries costs an amortised write, not one each.
CREATE TABLE rejection_counts (
  hook_id text   NOT NULL,  -- no foreign key: the counts outlive a deleted hook, like the log
  reason  text   NOT NULL,
  count   bigint NOT NULL CHECK (count >= 0),
  PRIMARY KEY (hook_id, reason)
);
INSERT INTO rejection_counts (hook_id, reason, count)
  SELECT hook_id, coalesce(signature_reason, 'unknown'), count(*) FROM deliveries
  WHERE NOT signature_valid GROUP BY 1, 2;
