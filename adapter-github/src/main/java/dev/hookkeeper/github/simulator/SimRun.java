package dev.hookkeeper.github.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A workflow run: the {@code workflow-run} object GitHub lists and puts in {@code workflow_run}
 * webhooks, and its jobs' {@code job} objects, the very same JSON in both places.
 */
record SimRun(long id, Instant createdAt, ObjectNode run, ObjectNode workflow, List<ObjectNode> jobs) {}
