package dev.hookkeeper.gitlab.simulator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A project inside {@link GitLabSimulator}. Guarded by the simulator's state lock. */
final class SimProject {
  final long id;
  String path;
  String defaultBranch = "main";
  String visibility = "private";
  boolean archived;
  /** Pipeline id → the pipeline, in firing order; {@code iid}s count up per project. */
  final Map<Long, SimPipeline> pipelines = new LinkedHashMap<>();
  /** Username to access level (10 guest … 40 maintainer, 50 owner). */
  final Map<String, Integer> members = new HashMap<>();
  final Map<Long, SimHook> hooks = new LinkedHashMap<>();
  /** The last payload delivered per event header: what a test request of that trigger resends. */
  final Map<String, byte[]> lastPayloads = new HashMap<>();

  SimProject(long id, String path) {
    this.id = id;
    this.path = path;
  }

  String webUrl(String baseUrl) {
    return baseUrl + "/" + path;
  }
}
