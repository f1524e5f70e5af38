package dev.hookkeeper.archviolation.simulators.github.simulator;

/** A simulator that keeps to itself: breaks no rule. */
public final class FakeGitHub {
  public String baseUrl() {
    return "http://127.0.0.1:1";
  }
}
