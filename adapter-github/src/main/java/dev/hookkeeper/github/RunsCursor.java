package dev.hookkeeper.github;

import dev.hookkeeper.core.model.FailureReason;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a runs listing goes on: a page of the {@code created} window, and the window's upper end
 * once GitHub's 1,000-results cap forced it down. Written {@code p<page>} or {@code p<page>u<epoch
 * seconds>}; opaque to callers.
 */
record RunsCursor(int page, Instant until) {
  private static final Pattern FORM = Pattern.compile("p([1-9][0-9]{0,4})(?:u([0-9]{1,12}))?");

  static RunsCursor first() {
    return new RunsCursor(1, null);
  }

  static RunsCursor parse(String cursor) throws GitHubCallException {
    if (cursor == null) return first();
    Matcher m = FORM.matcher(cursor);
    if (!m.matches()) throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "not a runs cursor this client gave");
    return new RunsCursor(Integer.parseInt(m.group(1)), m.group(2) == null ? null : Instant.ofEpochSecond(Long.parseLong(m.group(2))));
  }

  String encode() {
    return "p" + page + (until == null ? "" : "u" + until.getEpochSecond());
  }
}
