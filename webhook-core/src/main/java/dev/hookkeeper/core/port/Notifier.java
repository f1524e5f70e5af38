package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Notification;

/**
 * Pushes a stored notification to the user's live clients. Called only after the notification's
 * transaction committed; best effort (a client that misses it replays from the store).
 */
@FunctionalInterface
public interface Notifier {
  void publish(Notification notification);
}
