package dev.hookkeeper.github;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A hook created with GitHub's default {@code content_type=form} posts {@code
 * application/x-www-form-urlencoded} with the JSON in a {@code payload} field. The signature covers
 * the form body as sent, so this unwrapping happens only after verification.
 */
final class FormPayload {
  private FormPayload() {}

  static boolean isForm(String contentType) {
    return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** The decoded {@code payload} field, or {@code null} when the form has none. */
  static byte[] json(byte[] formBody) {
    String form = new String(formBody, StandardCharsets.US_ASCII);
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equals("payload")) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        return URLDecoder.decode(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
