package dev.hookkeeper.github.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A repository of the simulated GitHub. Guarded by the {@link SimState} lock. */
final class SimRepo {
  final long id;
  String fullName;
  final boolean privateRepo;
  final String defaultBranch;
  boolean archived;
  final Map<Long, SimHook> hooks = new LinkedHashMap<>();
  /** Run id → the run and its jobs, in firing order. */
  final Map<Long, SimRun> runs = new LinkedHashMap<>();
  /** Workflow name → its stable workflow id in this repository. */
  final Map<String, Long> workflowIds = new LinkedHashMap<>();

  SimRepo(long id, String fullName, boolean privateRepo, String defaultBranch) {
    this.id = id;
    this.fullName = fullName;
    this.privateRepo = privateRepo;
    this.defaultBranch = defaultBranch;
  }

  String owner() {
    return fullName.substring(0, fullName.indexOf('/'));
  }

  String name() {
    return fullName.substring(fullName.indexOf('/') + 1);
  }
}
