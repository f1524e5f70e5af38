package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.RepositoryId;
import java.util.Objects;

/** What became of one inbound delivery; the host maps each variant to its HTTP answer. */
public sealed interface IngestResult {

  /** Not a delivery at all: a required provider header is absent. Nothing stored. */
  record MissingHeader(String header) implements IngestResult {
    public MissingHeader {
      Objects.requireNonNull(header, "header == null");
    }
  }

  /**
   * Failed authentication. Tell the sender nothing more: the reason goes to the hook's delivery
   * log when there is a hook.
   *
   * @param hookId {@code null} when no hook was identified
   * @param repositoryId {@code null} when no hook was identified
   */
  record Unauthenticated(String reason, HookId hookId, RepositoryId repositoryId) implements IngestResult {
    public Unauthenticated {
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /** Authentic, and (hook, delivery id) was already stored: no second effect. */
  record Duplicate(String deliveryId, HookId hookId, RepositoryId repositoryId) implements IngestResult {}

  /** Authentic, stored and processed: committed. */
  record Processed(Delivery delivery) implements IngestResult {}

  /**
   * Authentic and stored (committed), but not processed: undecodable or failed (status FAILED,
   * replayable), or nothing to do (status IGNORED).
   */
  record Stored(Delivery delivery, String why) implements IngestResult {}
}
