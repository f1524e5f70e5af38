-- Durable notifications, numbered per user so a reconnecting SSE client resumes with Last-Event-ID.
-- The counter row is bumped in the notification's own transaction: its row lock serialises a
-- user's appends until commit, so ids increase in commit order (a sequence would not: a later id
-- can commit first, and a client resuming after it would miss the earlier one for good).
CREATE TABLE notification_counters (
  user_id text   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  last_id bigint NOT NULL
);

CREATE TABLE notifications (
  user_id    text        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id         bigint      NOT NULL CHECK (id > 0),
  type       text        NOT NULL,
  data       jsonb       NOT NULL,
  created_at timestamptz NOT NULL,
  -- resume reads "user's notifications after id N" straight off this key
  PRIMARY KEY (user_id, id)
);
