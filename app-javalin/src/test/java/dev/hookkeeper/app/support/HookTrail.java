package dev.hookkeeper.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A connection's hook as the API shows it: its audit trail, status and delivery log. */
public final class HookTrail {
  private final TestApp app;
  private final TestApp.TestUser user;
  private final String connection;

  public HookTrail(TestApp app, TestApp.TestUser user, String connection) {
    this.app = app;
    this.user = user;
    this.connection = connection;
  }

  /** Every event of the trail (all pages), oldest first. */
  public List<JsonNode> events() {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    do {
      Reply r =
          app.http.get(
              "/api/v2/repositories/"
                  + connection
                  + "/webhook/events?limit=200"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              user.token());
      if (r.status() != 200) throw new AssertionError("events: " + r);
      r.json().get("items").forEach(all::add);
      cursor = r.json().get("next_cursor").isNull() ? null : r.json().get("next_cursor").asText();
    } while (cursor != null);
    java.util.Collections.reverse(all);
    return all;
  }

  public List<String> kinds() {
    return events().stream().map(e -> e.get("kind").asText()).toList();
  }

  /** Waits until the trail holds an event of {@code kind}; returns it. */
  public JsonNode await(String kind, Duration timeout) {
    JsonNode[] found = new JsonNode[1];
    try {
      Poll.until(
          timeout,
          () -> {
            for (JsonNode e : events()) {
              if (kind.equals(e.get("kind").asText())) {
                found[0] = e;
                return true;
              }
            }
            return false;
          });
    } catch (AssertionError e) {
      throw new AssertionError(
          "no '"
              + kind
              + "' in the trail within "
              + timeout
              + ": "
              + kinds()
              + "; status "
              + status(),
          e);
    }
    return found[0];
  }

  /** The status as the API answers it (an error body when the connection is gone). */
  public JsonNode status() {
    return app.http
        .get("/api/v2/repositories/" + connection + "/webhook/status", user.token())
        .json();
  }

  /** The status's name; {@code "error: <code>"} when the API answered an error. */
  public String statusName() {
    JsonNode status = status();
    return status.has("status")
        ? status.get("status").asText()
        : "error: " + status.path("error").asText();
  }

  /** Waits until the hook's status is {@code status}. */
  public void awaitStatus(String status, Duration timeout) {
    try {
      Poll.until(timeout, () -> status.equals(statusName()));
    } catch (AssertionError e) {
      throw new AssertionError(
          "status not '" + status + "' within " + timeout + ": " + status() + "; trail " + kinds(),
          e);
    }
  }

  /** The delivery log (first page, newest first). */
  public List<JsonNode> deliveries() {
    List<JsonNode> all = new ArrayList<>();
    app.http
        .get("/api/v2/repositories/" + connection + "/deliveries?limit=200", user.token())
        .json()
        .get("items")
        .forEach(all::add);
    return all;
  }
}
