package dev.hookkeeper.app.web;

/**
 * What every page's frame shows: the title, who is signed in, and the CSRF token its forms carry.
 *
 * @param userName {@code null} when nobody is signed in
 * @param section the navigation entry to mark current: {@code dashboard}, {@code connect} or {@code ""}
 */
public record Chrome(String title, String userName, String csrf, String section) {
  public boolean signedIn() {
    return userName != null;
  }

  public boolean current(String entry) {
    return section.equals(entry);
  }
}
