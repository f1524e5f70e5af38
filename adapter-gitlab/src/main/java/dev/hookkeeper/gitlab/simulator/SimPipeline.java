package dev.hookkeeper.gitlab.simulator;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline of the simulated GitLab and its jobs, as fired: created, started and finished at once.
 * Immutable; times are whole seconds, as hook payloads carry them.
 *
 * @param name GitLab's pipeline {@code name} ({@code workflow:name}); {@code null} when unset
 */
record SimPipeline(long id, long iid, long projectId, String name, String source, String ref, String sha, String status,
    Instant createdAt, Instant finishedAt, List<Job> jobs) {

  record Job(long id, String name, String stage, String status, String failureReason, Instant createdAt, Instant finishedAt) {}
}
