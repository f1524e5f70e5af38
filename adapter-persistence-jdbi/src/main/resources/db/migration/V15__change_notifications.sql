-- Instances sharing the database hear what the others commit through LISTEN/NOTIFY, from these
-- triggers whatever code path made the change (PostgresChangeFeed). A notification is delivered
-- when its transaction commits, in commit order; a transaction that rolls back sends nothing.

-- A hook's secrets or the keys a delivery finds it by changed, or it is gone: every instance drops
-- its cached copy (payload: the hook id).
CREATE FUNCTION hookkeeper_hook_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hookkeeper_hooks', OLD.id);
  RETURN NULL;
END $$;

CREATE TRIGGER repository_hooks_changed
  AFTER UPDATE OF webhook_id, webhook_secret, webhook_previous_secret, token_lookup_hash OR DELETE
  ON repository_hooks FOR EACH ROW EXECUTE FUNCTION hookkeeper_hook_changed();

-- A live notification was stored: every instance pushes it to its own event streams of that user
-- (payload: "<user id>:<notification id>"; the row holds the data).
CREATE FUNCTION hookkeeper_notification_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hookkeeper_notifications', NEW.user_id || ':' || NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER notifications_stored
  AFTER INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION hookkeeper_notification_stored();
