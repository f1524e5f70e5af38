package dev.hookkeeper.archviolation.spi;

import dev.hookkeeper.archviolation.domain.LeakyModel;
import dev.hookkeeper.archviolation.flows.ConnectFlow;

/** A port that is a class, holds behaviour, knows a use case and closes a cycle with the model. */
public class ClassyPort {
  LeakyModel model;
  ConnectFlow flow;

  /** Allowed: a value nested in a port. */
  public record Request(String name) {}

  /** Not allowed: behaviour nested in a port. */
  static final class Helper {}
}
