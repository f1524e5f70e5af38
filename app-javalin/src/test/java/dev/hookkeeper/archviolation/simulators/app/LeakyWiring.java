package dev.hookkeeper.archviolation.simulators.app;

import dev.hookkeeper.archviolation.simulators.gitlab.simulator.FakeGitLab;

/** Production wiring outside the demo that starts a simulator. */
public final class LeakyWiring {
  public Object provider() {
    return new FakeGitLab();
  }
}
