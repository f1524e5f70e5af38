package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code …/hooks/{id}/deliveries}: the hook's delivery log (newest first, cursor paged through the
 * {@code Link} header with opaque {@code v1_} cursors, {@code status=success|failure}, 3 days kept),
 * one delivery, and {@code …/attempts}, which sends the logged payload again under the same GUID to
 * the hook's current URL with {@code redelivery: true} (provider-facts 1.3, 4.5). Runs under the
 * state lock.
 */
final class SimDeliveryRoutes {
  private final SimState state;
  private final Hookshot hookshot;
  private final SimJson json;
  private final String base;

  SimDeliveryRoutes(SimState state, Hookshot hookshot, SimJson json, String base) {
    this.state = state;
    this.hookshot = hookshot;
    this.json = json;
    this.base = base;
  }

  SimReply route(SimRequest request, SimRepo repo, SimHook hook, List<String> rest, Map<String, String> headers) {
    if (rest.isEmpty() && request.is("GET")) return list(repo, hook, request, headers);
    Optional<SimDelivery> delivery = rest.isEmpty() ? Optional.empty() : find(hook, rest.get(0));
    if (rest.size() == 1 && request.is("GET")) {
      return delivery.map(d -> SimReply.json(200, headers, json.delivery(d))).orElseGet(() -> SimReply.notFound(headers));
    }
    if (rest.size() == 2 && rest.get(1).equals("attempts") && request.is("POST")) {
      return delivery.map(d -> {
        // a new attempt of the same delivery: same GUID, the hook's current url and secret
        hookshot.sendLater(new Hookshot.Shot(hook.id, repo.id, hook.url, hook.contentType, hook.secret, d.event(), d.action(),
            d.payload(), d.guid(), true));
        return SimReply.json(202, headers, SimJson.MAPPER.createObjectNode());
      }).orElseGet(() -> SimReply.notFound(headers));
    }
    return SimReply.notFound(headers);
  }

  private SimReply list(SimRepo repo, SimHook hook, SimRequest request, Map<String, String> headers) {
    int perPage = request.intParam("per_page", 30, 100);
    String status = request.query().get("status");
    long before = Long.MAX_VALUE;
    String cursor = request.query().get("cursor");
    if (cursor != null && cursor.startsWith("v1_") && cursor.substring(3).matches("[0-9]{1,19}")) {
      before = Long.parseLong(cursor.substring(3));
    }
    List<SimDelivery> matching = new ArrayList<>();
    for (SimDelivery d : state.retained(hook)) {
      if (d.id() >= before) continue;
      if ("failure".equals(status) && !d.countsAsFailure()) continue;
      if ("success".equals(status) && d.countsAsFailure()) continue;
      matching.add(d);
    }
    ArrayNode array = SimJson.MAPPER.createArrayNode();
    matching.stream().limit(perPage).forEach(d -> array.add(json.deliveryItem(d)));
    if (matching.size() > perPage) {
      String next = base + "/repositories/" + repo.id + "/hooks/" + hook.id + "/deliveries?per_page=" + perPage
          + (status == null ? "" : "&status=" + status) + "&cursor=v1_" + matching.get(perPage - 1).id();
      headers.put("Link", "<" + next + ">; rel=\"next\"");
    }
    return SimReply.json(200, headers, array);
  }

  /** A logged attempt still within the retention; older ones are gone, as on GitHub. */
  private Optional<SimDelivery> find(SimHook hook, String id) {
    return state.retained(hook).stream().filter(d -> Long.toString(d.id()).equals(id)).findFirst();
  }
}
