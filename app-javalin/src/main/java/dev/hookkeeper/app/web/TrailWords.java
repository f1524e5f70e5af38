package dev.hookkeeper.app.web;

import dev.hookkeeper.core.model.HookEventKind;

/** An audit-trail event's kind in words. */
final class TrailWords {
  private TrailWords() {}

  static String of(HookEventKind kind) {
    switch (kind) {
      case CREATED:
        return "Created";
      case ACTIVATED:
        return "First delivery arrived";
      case REPAIRED:
        return "Repaired";
      case RECREATED:
        return "Created again";
      case REENABLED:
        return "Switched on again";
      case URL_UPDATED:
        return "URL put back";
      case SECRET_ROTATED:
        return "Secret rotated";
      case DELIVERIES_RECOVERED:
        return "Missed deliveries recovered";
      case TOKEN_LOST:
        return "Token refused";
      case HANDED_OVER:
        return "Handed over";
      case DEGRADED:
        return "Degraded";
      case DELETED:
        return "Deleted";
      default:
        return kind.wireName();
    }
  }
}
