package dev.hookkeeper.app.web;

/** Ends a page request with a redirect (303 See Other: the browser follows with a GET). */
final class PageRedirect extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String location;

  PageRedirect(String location) {
    super(location, null, false, false);
    this.location = location;
  }

  String location() {
    return location;
  }
}
