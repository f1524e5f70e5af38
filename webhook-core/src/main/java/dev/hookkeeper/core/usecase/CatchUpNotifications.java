package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.model.Notification;
import dev.hookkeeper.core.model.UserId;
import java.util.List;
import java.util.Objects;

/** What a reconnecting live client missed: the user's notifications after the last one it saw. */
public final class CatchUpNotifications {
  private final Ports ports;

  public CatchUpNotifications(Ports ports) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
  }

  public List<Notification> after(UserId userId, long lastSeenId, int limit) {
    return ports.notifications().listAfter(userId, Math.max(0, lastSeenId), limit);
  }

  /** The id of the user's newest notification (0 before the first): where a new stream starts. */
  public long latestId(UserId userId) {
    return ports.notifications().latestId(userId);
  }
}
