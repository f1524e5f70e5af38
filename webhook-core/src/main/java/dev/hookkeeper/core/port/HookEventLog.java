package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryId;

/**
 * The audit trail of every repository's hook: what was created, repaired, recovered, lost. Kept per
 * repository, so it outlives a hook row. Thread-safe; {@link #append} joins the caller's
 * transaction when one is open. Throws {@link StoreUnavailableException} when the store is down.
 */
public interface HookEventLog {

  /** Records an event; an id already recorded is not recorded twice. */
  void append(HookEvent event);

  /** The repository's events, newest first (by time, then id). */
  Page<HookEvent> listByRepository(RepositoryId repositoryId, PageRequest page);
}
