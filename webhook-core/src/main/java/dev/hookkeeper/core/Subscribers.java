package dev.hookkeeper.core;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.port.Notifier;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The notifier the use cases publish to: every subscribed notifier, each shielded from the others
 * (one that throws is logged and does not stop the rest). Subscribing while notifications flow is
 * safe; a subscriber sees what is published after it subscribed.
 */
final class Subscribers implements Notifier {
  private static final System.Logger LOG = System.getLogger(Subscribers.class.getName());

  private final List<Notifier> notifiers = new CopyOnWriteArrayList<>();

  Subscribers(List<Notifier> initial) {
    notifiers.addAll(initial);
  }

  Hookkeeper.Subscription add(Notifier notifier) {
    notifiers.add(notifier);
    return () -> notifiers.remove(notifier);
  }

  @Override
  public void publish(Notification notification) {
    for (Notifier n : notifiers) {
      try {
        n.publish(notification);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a notifier failed on notification " + notification.id() + ": " + e);
      }
    }
  }
}
