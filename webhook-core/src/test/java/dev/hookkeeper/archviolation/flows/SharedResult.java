package dev.hookkeeper.archviolation.flows;

/** Allowed: a shared result type whose cases any use case may return. */
public sealed interface SharedResult {
  record Done(String message) implements SharedResult {}
}
