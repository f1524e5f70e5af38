package dev.hookkeeper.github;

/**
 * Reads RFC 8288 {@code Link} headers as GitHub sends them: {@code <url>; rel="next", <url>;
 * rel="last"}. GitHub says never to build page URLs yourself, so the next page is always taken from
 * here.
 */
final class LinkHeader {
  private LinkHeader() {}

  /** The target of {@code rel="next"}, or {@code null}. */
  static String next(String header) {
    if (header == null) return null;
    for (String part : header.split(",(?=\\s*<)")) {
      int open = part.indexOf('<');
      int close = part.indexOf('>', open + 1);
      if (open < 0 || close < 0) continue;
      String params = part.substring(close + 1);
      for (String p : params.split(";")) {
        String t = p.trim().replace(" ", "");
        if (t.equalsIgnoreCase("rel=\"next\"") || t.equalsIgnoreCase("rel=next")) {
          return part.substring(open + 1, close).trim();
        }
      }
    }
    return null;
  }
}
