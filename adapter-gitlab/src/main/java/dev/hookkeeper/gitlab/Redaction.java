package dev.hookkeeper.gitlab;

import dev.hookkeeper.core.model.Secret;

/** Keeps credentials out of failure messages, whatever the provider echoes back. */
final class Redaction {
  private static final int MAX_MESSAGE = 300;

  private Redaction() {}

  static String scrub(String message, Secret... secrets) {
    if (message == null) return "";
    String out = message;
    for (Secret s : secrets) {
      if (s != null && !s.reveal().isEmpty()) out = out.replace(s.reveal(), "[redacted]");
    }
    return out.length() > MAX_MESSAGE ? out.substring(0, MAX_MESSAGE) + "…" : out;
  }
}
