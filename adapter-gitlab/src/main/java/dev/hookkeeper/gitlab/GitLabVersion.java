package dev.hookkeeper.gitlab;

/**
 * A GitLab version as {@code GET /api/v4/version} reports it ({@code 17.4.0-ee},
 * {@code 17.1.0-pre}). Only major and minor matter for feature gates.
 */
record GitLabVersion(int major, int minor) {
  /** {@code POST /projects/:id/hooks/:hook_id/test/:trigger}. */
  static final GitLabVersion HOOK_TEST_API = new GitLabVersion(16, 11);
  /** {@code GET /projects/:id/hooks/:hook_id/events}. */
  static final GitLabVersion HOOK_EVENTS_API = new GitLabVersion(17, 3);
  /** {@code POST …/events/:hook_event_id/resend}. */
  static final GitLabVersion HOOK_RESEND_API = new GitLabVersion(17, 4);

  /** The version, or {@code null} when {@code text} does not start with major.minor. */
  static GitLabVersion parse(String text) {
    if (text == null) return null;
    String[] parts = text.trim().split("[.\\-+]");
    if (parts.length < 2) return null;
    try {
      return new GitLabVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  boolean atLeast(GitLabVersion other) {
    return major != other.major ? major > other.major : minor >= other.minor;
  }
}
