package dev.hookkeeper.archviolation.simulators.app.demo;

import dev.hookkeeper.archviolation.simulators.github.simulator.FakeGitHub;
import dev.hookkeeper.archviolation.simulators.gitlab.simulator.FakeGitLab;

/** The demo wiring: the one place allowed to start simulators. */
public final class Demo {
  public Object[] providers() {
    return new Object[] {new FakeGitHub(), new FakeGitLab()};
  }
}
