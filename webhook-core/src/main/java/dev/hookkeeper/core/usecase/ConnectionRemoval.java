package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.Repository;
import java.util.Optional;

/**
 * What removing a connection (or a manager) from a repository's hook came to (see {@link
 * Disconnector}).
 *
 * @param removed false when there was nothing to remove (a concurrent disconnect got there first)
 * @param othersRemain other users are still connected: the hook stays
 * @param owed the provider hook's deletion, queued; empty when nothing is owed at the provider
 */
record ConnectionRemoval(Repository repository, boolean removed, boolean othersRemain, Optional<HookCleanup> owed) {}
