package dev.hookkeeper.archviolation.simulators.gitlab.simulator;

import dev.hookkeeper.archviolation.simulators.gitlab.GitLabHelper;

/** A simulator that borrows its adapter's idea of the provider instead of stating its own. */
public final class FakeGitLab {
  public String subscribedFlag() {
    return GitLabHelper.flag();
  }
}
