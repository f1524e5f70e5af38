package dev.hookkeeper.app;

import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.port.Notifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts notifications by type (incidents are per connection, so an opened/resolved notification is
 * exactly one incident opened/resolved): a subscriber of Hookkeeper's notifications like the live
 * streams.
 */
final class NotificationMetrics implements Notifier {
  private final Map<NotificationType, Counter> counters = new EnumMap<>(NotificationType.class);

  NotificationMetrics(MeterRegistry registry) {
    counters.put(
        NotificationType.INCIDENT_OPENED,
        Counter.builder("hookkeeper.incidents.opened")
            .description("Incidents opened")
            .register(registry));
    counters.put(
        NotificationType.INCIDENT_RESOLVED,
        Counter.builder("hookkeeper.incidents.resolved")
            .description("Incidents resolved")
            .register(registry));
    for (NotificationType type : NotificationType.values()) {
      counters.putIfAbsent(
          type,
          Counter.builder("hookkeeper.notifications")
              .description("Notifications published")
              .tag("type", type.wireName())
              .register(registry));
    }
  }

  @Override
  public void publish(Notification notification) {
    counters.get(notification.type()).increment();
  }
}
