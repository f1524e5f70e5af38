package dev.hookkeeper.core.usecase;

/** What a repair step of {@link HookRepair} came to. */
enum RepairStep {
  /** The hook exists at the provider and delivers. */
  DELIVERING,
  /** The provider refused or could not answer: the run's error says why. */
  REFUSED,
  /** The hook row was removed meanwhile (its last connection ended). */
  GONE
}
