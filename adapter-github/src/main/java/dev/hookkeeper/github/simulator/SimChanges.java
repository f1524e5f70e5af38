package dev.hookkeeper.github.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happens on GitHub without the API: people editing, switching off or deleting hooks in the
 * settings page, repositories renamed, transferred, archived or deleted, CI runs. Each change is
 * made under the state lock and answers the deliveries it causes, for the caller to send without it.
 */
final class SimChanges {
  private final SimState state;
  private final SimPayloads payloads;
  private final SimRuns runs;

  SimChanges(SimState state, SimPayloads payloads, SimRuns runs) {
    this.state = state;
    this.payloads = payloads;
    this.runs = runs;
  }

  /** Created by someone else (another tool, the UI): no ping, any content type. */
  long addHook(String repoFullName, String url, List<String> events, String contentType, String secret) {
    SimRepo repo = state.repoOrThrow(repoFullName);
    SimHook hook = new SimHook(state.hookIds.incrementAndGet(), repo.id, state.now());
    hook.url = url;
    hook.events = List.copyOf(events);
    hook.active = true;
    hook.contentType = SimHook.normaliseContentType(contentType);
    hook.insecureSsl = "0";
    hook.secret = secret;
    repo.hooks.put(hook.id, hook);
    return hook.id;
  }

  /** Other tools' hooks until {@code event} is at GitHub's limit of 20 hooks per event. */
  void fillHookLimit(String repoFullName, String event) {
    SimRepo repo = state.repoOrThrow(repoFullName);
    long count = repo.hooks.values().stream().filter(h -> h.events.contains(event)).count();
    for (long i = count; i < SimState.HOOKS_PER_EVENT; i++) {
      addHook(repoFullName, "https://ci-" + i + ".example.com/hooks/" + event, List.of(event), "json", null);
    }
  }

  /** Deleted in the UI: gone from the API; a hook subscribed to {@code meta} first gets {@code deleted}. */
  List<Hookshot.Shot> deleteHook(String repoFullName, long hookId) {
    SimRepo repo = state.repoOrThrow(repoFullName);
    SimHook hook = hook(repo, hookId);
    List<Hookshot.Shot> shots = new ArrayList<>();
    if (hook.events.contains("meta") || hook.events.contains("*")) {
      shots.add(SimHookRoutes.shot(hook, "meta", "deleted", SimJson.bytes(payloads.metaDeleted(repo, hook, null))));
    }
    repo.hooks.remove(hookId);
    return shots;
  }

  void setActive(String repoFullName, long hookId, boolean active) {
    SimHook hook = hook(state.repoOrThrow(repoFullName), hookId);
    hook.active = active;
    hook.updatedAt = state.now();
  }

  /** Edited in the UI: url and events change, the secret and content type stay. */
  void editHook(String repoFullName, long hookId, String url, List<String> events) {
    SimHook hook = hook(state.repoOrThrow(repoFullName), hookId);
    hook.url = url;
    hook.events = List.copyOf(events);
    hook.updatedAt = state.now();
  }

  /**
   * A new name, or a new owner (a transfer): the id and every hook stay, the old name redirects,
   * and hooks subscribed to {@code repository} get {@code renamed} or {@code transferred}.
   */
  List<Hookshot.Shot> rename(String oldFullName, String newFullName) {
    if (!newFullName.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("'newFullName' must be owner/name");
    SimRepo repo = state.repoOrThrow(oldFullName);
    String oldOwner = repo.owner();
    String oldName = repo.name();
    state.renamed.put(repo.fullName.toLowerCase(Locale.ROOT), repo.id);
    repo.fullName = newFullName;
    boolean transferred = !repo.owner().equalsIgnoreCase(oldOwner);
    byte[] payload = SimJson.bytes(transferred ? payloads.transferred(repo, oldOwner) : payloads.renamed(repo, oldName));
    return toSubscribers(repo, "repository", transferred ? "transferred" : "renamed", payload);
  }

  List<Hookshot.Shot> archive(String fullName) {
    SimRepo repo = state.repoOrThrow(fullName);
    repo.archived = true;
    return toSubscribers(repo, "repository", "archived", SimJson.bytes(payloads.archived(repo)));
  }

  /**
   * Deleted: gone by name and id, hooks with it. A repository hook does not receive its own
   * repository's deletion (provider-facts 4.6), and whether {@code meta} fires then is unverified,
   * so nothing is sent.
   */
  void delete(String fullName) {
    SimRepo repo = state.repoOrThrow(fullName);
    state.repos.remove(repo.id);
    state.renamed.values().removeIf(id -> id == repo.id);
  }

  /** The run's webhooks, one {@code workflow_job} per job then the {@code workflow_run}, each under its own GUID. */
  List<Hookshot.Shot> fire(String repoFullName, FiredRun spec, long[] runId) {
    SimRepo repo = state.repoOrThrow(repoFullName);
    SimRun run = runs.create(repo, spec);
    runId[0] = run.id();
    List<Hookshot.Shot> shots = new ArrayList<>();
    for (var job : run.jobs()) {
      shots.addAll(toSubscribers(repo, "workflow_job", "completed", SimJson.bytes(runs.jobPayload(repo, job))));
    }
    shots.addAll(toSubscribers(repo, "workflow_run", "completed", SimJson.bytes(runs.runPayload(repo, run))));
    return shots;
  }

  /** One event to every active hook subscribed to it, under one GUID shared by all of them (provider-facts 0.1). */
  static List<Hookshot.Shot> toSubscribers(SimRepo repo, String event, String action, byte[] payload) {
    String guid = java.util.UUID.randomUUID().toString();
    List<Hookshot.Shot> shots = new ArrayList<>();
    for (SimHook h : repo.hooks.values()) {
      if (h.active && h.subscribes(event)) {
        shots.add(new Hookshot.Shot(h.id, repo.id, h.url, h.contentType, h.secret, event, action, payload.clone(), guid, false));
      }
    }
    return shots;
  }

  private static SimHook hook(SimRepo repo, long hookId) {
    SimHook hook = repo.hooks.get(hookId);
    if (hook == null) throw new IllegalArgumentException("no hook " + hookId + " on " + repo.fullName);
    return hook;
  }
}
