package dev.hookkeeper.app.web;

/**
 * Ends a page request with a page that says what happened and what to do next. A normal outcome
 * (another user's id, a refused sign-in), not a bug: no stack trace.
 *
 * @param action where to go next, e.g. {@code /login}; {@code null} for none
 */
final class PageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final String action;
  private final String actionLabel;

  PageError(int status, String title, String message, String action, String actionLabel) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
    this.action = action;
    this.actionLabel = actionLabel;
  }

  /** The same page for a missing id and another user's: nothing tells them apart. */
  static PageError notFound(String what) {
    return new PageError(404, "Not found", "There is no " + what + " with that id among yours.", "/", "Back to the dashboard");
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  String action() {
    return action;
  }

  String actionLabel() {
    return actionLabel;
  }
}
