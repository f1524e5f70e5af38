package dev.hookkeeper.app.web;

import java.util.Locale;

/**
 * A status shown in words and colour: the known hook and delivery statuses get their colour, any
 * other (a status added later) is shown by its own name in a neutral colour. The word is always
 * there, so colour is never the only signal.
 *
 * @param tone {@code ok}, {@code warn}, {@code bad}, {@code info} or {@code neutral} (a CSS class)
 */
public record StatusLabel(String word, String tone, String description) {

  public static StatusLabel of(String status) {
    String s = status == null ? "unknown" : status.toLowerCase(Locale.ROOT);
    switch (s) {
      case "active": return new StatusLabel("Active", "ok", "the provider reaches Hookkeeper and deliveries verify");
      case "resolved": return new StatusLabel("Resolved", "ok", "a later run succeeded");
      case "open": return new StatusLabel("Open", "bad", "still failing");
      case "processed": return new StatusLabel("Processed", "ok", "its effects are applied");
      case "pending": return new StatusLabel("Pending", "info", "waiting for the provider's first delivery");
      case "received": return new StatusLabel("Received", "info", "stored, waiting to be processed");
      case "degraded": return new StatusLabel("Degraded", "warn", "the hook works only in part; see why below");
      case "inactive": return new StatusLabel("Inactive", "warn", "the provider disabled or deleted the hook");
      case "ignored": return new StatusLabel("Ignored", "neutral", "nothing to do for this event");
      case "archived": return new StatusLabel("Archived", "neutral", "the repository is archived");
      case "failed": return new StatusLabel("Failed", "bad", "it did not work; see why");
      case "rejected": return new StatusLabel("Rejected", "bad", "refused: not authentic");
      default:
        String word = s.isEmpty() ? "Unknown" : Character.toUpperCase(s.charAt(0)) + s.substring(1).replace('_', ' ');
        return new StatusLabel(word, "neutral", s);
    }
  }
}
