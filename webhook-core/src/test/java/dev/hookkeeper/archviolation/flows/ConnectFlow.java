package dev.hookkeeper.archviolation.flows;

/** A use case with an internal helper. */
public final class ConnectFlow {
  public SharedResult connect() {
    new Internal();
    return new SharedResult.Done("connected");
  }

  static final class Internal {}
}
