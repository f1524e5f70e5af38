package dev.hookkeeper.gitlab.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookkeeper.gitlab.simulator.SimulatorApi.Pending;
import dev.hookkeeper.gitlab.simulator.SimulatorApi.Reply;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /projects/:id/hooks…} of the simulator. Runs with the state lock held. */
final class SimulatorHooksRoutes {
  static final java.time.Duration EVENTS_RETENTION = java.time.Duration.ofDays(7);

  private final SimulatorState state;
  private final String baseUrl;

  SimulatorHooksRoutes(SimulatorState state, String baseUrl) {
    this.state = state;
    this.baseUrl = baseUrl;
  }

  Reply route(String method, SimProject project, List<String> seg, Map<String, Object> params, SimUser user) {
    Instant now = state.clock.instant();
    String listPath = baseUrl + "/api/v4/projects/" + project.id + "/hooks";
    if (seg.isEmpty()) {
      if ("GET".equals(method)) {
        List<JsonNode> hooks = new ArrayList<>();
        for (SimHook h : project.hooks.values()) hooks.add(SimulatorJson.hook(h, now));
        return SimulatorApi.paged(hooks, params, listPath);
      }
      return "POST".equals(method) ? create(project, params, now) : SimulatorApi.notAllowed();
    }
    SimHook hook = seg.get(0).matches("[0-9]{1,18}") ? project.hooks.get(Long.parseLong(seg.get(0))) : null;
    if (hook == null) return Reply.of(404, SimulatorJson.message("message", "404 Not found"));
    if (seg.size() == 1) {
      switch (method) {
        case "GET":
          return Reply.of(200, SimulatorJson.hook(hook, now));
        case "PUT":
          return update(hook, params, now);
        case "DELETE":
          project.hooks.remove(hook.id);
          return Reply.of(204, null);
        default:
          return SimulatorApi.notAllowed();
      }
    }
    String sub = seg.get(1);
    if (sub.equals("test") && seg.size() == 3) {
      if (!state.supports(SimVersion.HOOK_TEST_API)) return SimulatorApi.notFoundRoute();
      if (!"POST".equals(method)) return SimulatorApi.notAllowed();
      if (!state.withinFivePerMinute("test:" + project.id + ":" + user.id())) return tooManyRequests();
      return test(project, hook, seg.get(2), user);
    }
    if (sub.equals("events") && seg.size() == 2) {
      if (!state.supports(SimVersion.HOOK_EVENTS_API)) return SimulatorApi.notFoundRoute();
      return "GET".equals(method) ? events(hook, params, listPath + "/" + hook.id + "/events") : SimulatorApi.notAllowed();
    }
    if (sub.equals("events") && seg.size() == 4 && seg.get(3).equals("resend")) {
      if (!state.supports(SimVersion.HOOK_RESEND_API)) return SimulatorApi.notFoundRoute();
      if (!"POST".equals(method)) return SimulatorApi.notAllowed();
      if (!state.withinFivePerMinute("resend:" + hook.id + ":" + user.id())) return tooManyRequests();
      return resend(project, hook, seg.get(2));
    }
    return SimulatorApi.notFoundRoute();
  }

  private Reply create(SimProject project, Map<String, Object> params, Instant now) {
    Reply invalid = validateUrl(params);
    if (invalid != null) return invalid;
    if (project.hooks.size() >= state.hookLimit) {
      return Reply.of(422, SimulatorJson.message("error",
          "Maximum number of project hooks (" + state.hookLimit + ") exceeded"));
    }
    SimHook hook = new SimHook(state.nextHookId++, project.id, now);
    apply(hook, params);
    project.hooks.put(hook.id, hook);
    return Reply.of(201, SimulatorJson.hook(hook, now));
  }

  private Reply update(SimHook hook, Map<String, Object> params, Instant now) {
    Reply invalid = validateUrl(params);
    if (invalid != null) return invalid;
    // GitLab: "When you change the webhook URL, the secret token is reset and not retained."
    if (!hook.url.equals(params.get("url")) && !params.containsKey("token")) hook.token = null;
    apply(hook, params);
    return Reply.of(200, SimulatorJson.hook(hook, now));
  }

  private static Reply validateUrl(Map<String, Object> params) {
    Object url = params.get("url");
    if (url == null || url.toString().isBlank()) return Reply.of(400, SimulatorJson.message("error", "url is missing"));
    try {
      URI uri = URI.create(url.toString());
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) throw new IllegalArgumentException();
    } catch (IllegalArgumentException e) {
      return Reply.of(422, SimulatorJson.message("error", "Invalid url given"));
    }
    return null;
  }

  private static void apply(SimHook hook, Map<String, Object> params) {
    hook.url = params.get("url").toString();
    if (params.containsKey("token")) hook.token = blankToNull(params.get("token"));
    if (params.containsKey("signing_token")) hook.signingToken = blankToNull(params.get("signing_token"));
    for (String flag : SimEventNames.FLAGS) {
      if (params.containsKey(flag)) hook.flags.put(flag, truthy(params.get(flag)));
    }
    if (params.containsKey("enable_ssl_verification")) hook.sslVerification = truthy(params.get("enable_ssl_verification"));
  }

  private Reply test(SimProject project, SimHook hook, String trigger, SimUser user) {
    String header = SimEventNames.headerFor(trigger);
    if (header == null) return Reply.of(400, SimulatorJson.message("error", "trigger does not have a valid value"));
    byte[] payload = project.lastPayloads.get(header);
    if (payload == null && trigger.equals("push_events")) payload = SimulatorJson.samplePush(project, baseUrl, user);
    if (payload == null) {
      String what = trigger.equals("pipeline_events") ? "CI pipelines" : "data for " + trigger;
      return Reply.of(422, SimulatorJson.message("message", "Ensure the project has " + what + "."));
    }
    // A test request is sent even to a disabled hook: that is how GitLab re-enables one.
    return new Reply(0, null, Map.of(), new Pending(project.id,
        SimulatorApi.plan(hook, header, payload, null, UUID.randomUUID().toString()), false));
  }

  private Reply events(SimHook hook, Map<String, Object> params, String path) {
    Object status = params.get("status");
    List<JsonNode> out = new ArrayList<>();
    for (int i = hook.events.size() - 1; i >= 0; i--) {
      SimEvent e = hook.events.get(i);
      if (!retained(e)) continue;
      if (status != null && !matches(status.toString(), e.status())) continue;
      out.add(SimulatorJson.event(e, hook.url, SimEventNames.flagFor(e.eventHeader())));
    }
    return SimulatorApi.paged(out, params, path);
  }

  private static boolean matches(String filter, int status) {
    switch (filter) {
      case "successful":
        return status >= 200 && status < 300;
      case "client_failure":
        return status >= 400 && status < 500;
      case "server_failure":
        return status >= 500 && status < 600;
      default:
        return filter.equals(String.valueOf(status));
    }
  }

  private Reply resend(SimProject project, SimHook hook, String eventId) {
    for (SimEvent e : hook.events) {
      if (retained(e) && String.valueOf(e.id()).equals(eventId)) {
        String eventUuid = e.requestHeaders().getOrDefault("X-Gitlab-Event-UUID", UUID.randomUUID().toString());
        // Same Idempotency-Key as the original: that is what makes a resend deduplicable.
        return new Reply(0, null, Map.of(), new Pending(project.id,
            SimulatorApi.plan(hook, e.eventHeader(), e.body(), e.idempotencyKey(), eventUuid), true));
      }
    }
    return Reply.of(404, SimulatorJson.message("message", "404 Not found"));
  }

  /** The hook events API covers the last 7 days (provider-facts 2.1, 2.3). */
  private boolean retained(SimEvent e) {
    return !e.at().isBefore(state.clock.instant().minus(EVENTS_RETENTION));
  }

  /** GitLab's rate limiter answer ({@code check_rate_limit!}): test and resend allow 5 a minute. */
  private static Reply tooManyRequests() {
    ObjectNode error = SimulatorJson.MAPPER.createObjectNode();
    error.putObject("message").put("error", "This endpoint has been requested too many times. Try again later.");
    return Reply.of(429, error);
  }

  private static boolean truthy(Object v) {
    return v != null && (Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(v.toString()) || "1".equals(v.toString()));
  }

  private static String blankToNull(Object v) {
    return v == null || v.toString().isEmpty() ? null : v.toString();
  }
}
