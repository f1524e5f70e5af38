package dev.hookkeeper.archviolation.simulators.github;

import dev.hookkeeper.archviolation.simulators.github.simulator.FakeGitHub;

/** A real client that reaches into its own simulator. */
public final class LeakyClient {
  public String base() {
    return new FakeGitHub().baseUrl();
  }
}
