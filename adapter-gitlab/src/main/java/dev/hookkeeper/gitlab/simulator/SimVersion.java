package dev.hookkeeper.gitlab.simulator;

/** A GitLab version, major.minor, for the features the simulator gates by version. */
record SimVersion(int major, int minor) {
  /** {@code POST /projects/:id/hooks/:hook_id/test/:trigger} (project_webhooks.md). */
  static final SimVersion HOOK_TEST_API = new SimVersion(16, 11);
  /** {@code GET /projects/:id/hooks/:hook_id/events}. */
  static final SimVersion HOOK_EVENTS_API = new SimVersion(17, 3);
  /** {@code POST …/events/:hook_event_id/resend}. */
  static final SimVersion HOOK_RESEND_API = new SimVersion(17, 4);

  static SimVersion parse(String text) {
    if (text == null) return null;
    String[] parts = text.trim().split("[.\\-+]");
    if (parts.length < 2) return null;
    try {
      return new SimVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  boolean atLeast(SimVersion other) {
    return major != other.major ? major > other.major : minor >= other.minor;
  }
}
