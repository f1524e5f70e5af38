-- The inbox apart from the delivery log (issue 11). Until now a pending delivery was a row of
-- `deliveries` with status 'received', found by a partial index on that status; settling it
-- therefore changed an indexed column, so every settle wrote a new copy of the row and an entry in
-- each of the table's five other indexes, and left a dead row for vacuum in the largest table.
-- Now a pending delivery also has a small row here, inserted in the append's statement and
-- deleted in the settle's; `deliveries.status` is in no index, so the settle's update of the log
-- row can stay on its page (a HOT update) with no index touched.
CREATE TABLE inbox (
  id            text        PRIMARY KEY,     -- deliveries.id (no foreign key: see the trigger)
  seq           bigint      NOT NULL,        -- deliveries.seq: processing order
  repository_id text        NOT NULL,        -- the claim's unit
  due_at        timestamptz NOT NULL         -- next attempt
);
CREATE INDEX inbox_seq_idx ON inbox (seq);

INSERT INTO inbox (id, seq, repository_id, due_at)
  SELECT id, seq, repository_id, due_at FROM deliveries WHERE status = 'received';
DROP INDEX deliveries_inbox_idx;

-- A foreign key would lock the delivery row (FOR KEY SHARE) on every append; deliveries are
-- deleted rarely (refused attempts past retention, which are never pending), so a statement
-- trigger keeps the two tables agreeing instead.
CREATE FUNCTION deliveries_leave_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM inbox WHERE id IN (SELECT id FROM gone);
  RETURN NULL;
END $$;
CREATE TRIGGER deliveries_leave_inbox AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION deliveries_leave_inbox();

-- Room on each page for a row's settled version beside it (the HOT update); a row is about 1 kB
-- (its body lives in the TOAST table). Applies to pages written from now on.
ALTER TABLE deliveries SET (fillfactor = 70);
