package dev.hookkeeper.github;

import dev.hookkeeper.core.model.FailureReason;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The deliveries API pages by an opaque {@code cursor} that only GitHub may build (provider-facts
 * 4.5: {@code v1_…}, sometimes URL-encoded). It is taken from the {@code Link} header's next URL in
 * its encoded form and sent back byte for byte.
 */
final class DeliveryCursor {
  /** What may appear in an encoded query value without breaking the query: no separators, no spaces. */
  private static final Pattern ENCODED_VALUE = Pattern.compile("[A-Za-z0-9._~%!$'()*+,;:@/?-]{1,512}");

  private DeliveryCursor() {}

  /** The encoded {@code cursor} of the next page's URL, or {@code null} on the last page. */
  static String next(HttpUrl nextPage) {
    if (nextPage == null) return null;
    String query = nextPage.encodedQuery();
    if (query == null) return null;
    for (String pair : query.split("&")) {
      if (pair.startsWith("cursor=")) return pair.substring("cursor=".length());
    }
    return null;
  }

  /** The caller's cursor, refused when it could smuggle other query parameters in. */
  static String checked(String cursor) throws GitHubCallException {
    if (!ENCODED_VALUE.matcher(cursor).matches()) {
      throw new GitHubCallException(FailureReason.PROVIDER_UNAVAILABLE, "not a cursor GitHub gave: " + cursor.length() + " characters");
    }
    return cursor;
  }
}
