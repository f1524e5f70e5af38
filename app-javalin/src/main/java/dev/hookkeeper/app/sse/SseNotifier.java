package dev.hookkeeper.app.sse;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.port.Notifier;

/** The core's notifier port, delivered to the user's open event streams. */
public final class SseNotifier implements Notifier {
  private final SseHub hub;

  public SseNotifier(SseHub hub) {
    this.hub = hub;
  }

  @Override
  public void publish(Notification notification) {
    hub.publish(notification);
  }
}
