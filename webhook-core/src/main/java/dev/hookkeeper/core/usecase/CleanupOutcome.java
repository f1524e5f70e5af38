package dev.hookkeeper.core.usecase;

/** What one attempt at a queued hook deletion came to (see {@link HookCleaner}). */
enum CleanupOutcome {
  /** The provider deleted the hook, or says it is gone. */
  DELETED,
  /** Nothing is owed any more: completed or cancelled meanwhile, or the hook is in use again. */
  NOT_OWED,
  /** The provider (or a missing token) said no; the cleanup is rescheduled. */
  RETRY_LATER
}
