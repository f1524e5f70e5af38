package dev.hookkeeper.core.usecase;

/** What reading a hook's delivery log at the provider came to ({@link DeliveryRecovery}). */
enum LogOutcome {
  /** Read back to the checkpoint; every failed attempt was redelivered, or is in our log. */
  COMPLETE,
  /**
   * Read, but not everything could be redelivered yet (or the log could not be read): the
   * checkpoint stays.
   */
  INCOMPLETE,
  /** The provider has no delivery log (GitLab older than 17.3): only catch-up can fill gaps. */
  UNSUPPORTED
}
