package dev.hookkeeper.app.web;

import java.util.List;

/**
 * One delivery: headers (credentials already redacted by the core), body pretty-printed, and whether
 * it may be replayed (its body is still kept).
 *
 * @param notice a line to show on top ({@code ""} for none)
 */
public record DeliveryView(Chrome chrome, String connectionId, String repository, String deliveryId, String event,
    String action, StatusLabel status, String error, int attempts, String receivedAt, String processedAt, int replays,
    List<Header> headers, String body, boolean bodyPurged, String notice) {

  public record Header(String name, String value) {}
}
