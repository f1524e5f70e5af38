package dev.hookkeeper.core.ingest;

import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.RepositoryId;
import java.util.Objects;

/** What became of one inbound delivery; the host maps each variant to its HTTP answer. */
public sealed interface IngestResult {

  /**
   * The HTTP status to answer the provider with, as the server does: 202 stored, 200 a duplicate
   * (stored before), 400 a missing header, 401 not authentic (say nothing more), 503 not stored
   * (retry later; add {@code Retry-After}).
   */
  default int httpStatus() {
    if (this instanceof Accepted) return 202;
    if (this instanceof Duplicate) return 200;
    if (this instanceof MissingHeader) return 400;
    if (this instanceof Unauthenticated) return 401;
    if (this instanceof Unavailable) return 503;
    throw new AssertionError(this);
  }

  /** Not a delivery at all: a required provider header is absent. Nothing stored. */
  record MissingHeader(String header) implements IngestResult {
    public MissingHeader {
      Objects.requireNonNull(header, "header == null");
    }
  }

  /**
   * Failed authentication. Tell the sender nothing more: the reason goes to the hook's delivery log
   * when there is a hook.
   *
   * @param hookId {@code null} when no hook was identified
   * @param repositoryId {@code null} when no hook was identified
   */
  record Unauthenticated(String reason, HookId hookId, RepositoryId repositoryId)
      implements IngestResult {
    public Unauthenticated {
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /**
   * Not stored, and the sender should try again later: the store is down, hung, or too slow to
   * answer in time (see {@link IngestSettings#answerWithin()}). A provider that redelivers on its
   * own does; the others are caught up by redelivery from their delivery logs.
   */
  record Unavailable(String reason) implements IngestResult {
    public Unavailable {
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /** Authentic, and (hook, delivery id) was already stored: stored once, no second effect. */
  record Duplicate(String deliveryId, HookId hookId, RepositoryId repositoryId)
      implements IngestResult {}

  /** Authentic and durably stored: its effects follow from the inbox, whatever happens next. */
  record Accepted(Delivery delivery) implements IngestResult {
    public Accepted {
      Objects.requireNonNull(delivery, "delivery == null");
    }
  }
}
