package dev.hookkeeper.archviolation.flows;

/** Reaches into ConnectFlow's internals: not allowed. Using SharedResult's case is. */
public final class DisconnectFlow {
  public SharedResult disconnect() {
    Object borrowed = new ConnectFlow.Internal();
    return new SharedResult.Done(borrowed.toString());
  }
}
