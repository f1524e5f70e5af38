package dev.hookkeeper.archviolation.simulators.gitlab;

/** An adapter helper a simulator should not borrow. */
public final class GitLabHelper {
  public static String flag() {
    return "pipeline_events";
  }
}
