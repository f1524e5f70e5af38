package dev.hookkeeper.github.simulator;

/** The simulated github.com's few HTML pages. */
final class SimHtml {
  private SimHtml() {}

  static String escape(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
        + "<body style=\"font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem\"><main>"
        + "<p><strong>GitHub</strong> (simulated)</p>" + body + "</main></body></html>";
  }

  static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
  }
}
