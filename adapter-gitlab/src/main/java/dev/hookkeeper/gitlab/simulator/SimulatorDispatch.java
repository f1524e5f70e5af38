package dev.hookkeeper.gitlab.simulator;

import dev.hookkeeper.gitlab.simulator.SimulatorDeliverer.Planned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends one event to every hook of a project subscribed to it and not disabled, like GitLab: one
 * {@code X-Gitlab-Event-UUID} for the event, a fresh {@code Idempotency-Key} and {@code
 * X-Gitlab-Webhook-UUID} per hook; every attempt logged and counted by the auto-disable rule. Takes
 * the state lock only around state, never while sending.
 */
final class SimulatorDispatch {
  private final SimulatorState state;
  private final SimulatorDeliverer deliverer;
  private final String baseUrl;

  SimulatorDispatch(SimulatorState state, SimulatorDeliverer deliverer, String baseUrl) {
    this.state = state;
    this.deliverer = deliverer;
    this.baseUrl = baseUrl;
  }

  List<GitLabSimulator.Attempt> deliver(long projectId, String eventHeader, byte[] payload) {
    String flag = SimEventNames.flagFor(eventHeader);
    List<Planned> planned = new ArrayList<>();
    String version;
    Duration timeout;
    synchronized (state) {
      SimProject p = state.projects.get(projectId);
      if (p == null) throw new IllegalArgumentException("no simulated project " + projectId);
      version = state.version;
      timeout = state.deliveryTimeout;
      p.lastPayloads.put(eventHeader, payload.clone());
      String eventUuid = UUID.randomUUID().toString();
      Instant now = state.clock.instant();
      for (SimHook h : p.hooks.values()) {
        // the hook workers (Sidekiq) are down: nothing is attempted or logged
        if (state.webhooksDown) break;
        if (flag != null && h.subscribed(flag) && h.executable(now)) {
          planned.add(SimulatorApi.plan(h, eventHeader, payload.clone(), null, eventUuid));
        }
      }
    }
    List<GitLabSimulator.Attempt> attempts = new ArrayList<>();
    for (Planned each : planned) {
      SimulatorDeliverer.Outcome outcome = deliverer.send(each, version, baseUrl, timeout);
      synchronized (state) {
        SimulatorApi.record(state, projectId, each, outcome);
      }
      attempts.add(
          new GitLabSimulator.Attempt(each.hookId(), outcome.status(), outcome.responseBody()));
    }
    return attempts;
  }
}
