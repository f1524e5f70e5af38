package dev.hookkeeper.persistence;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Headers;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.ProcessingStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.RunConclusion;
import dev.hookkeeper.core.model.RunSnapshot;
import dev.hookkeeper.core.model.RunStatus;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Parent rows for store tests (foreign keys need real users, repositories, hooks). */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");
  private static final AtomicLong SEQ = new AtomicLong(1000);

  private final PersistenceModule stores;

  Fixtures(PersistenceModule stores) {
    this.stores = stores;
  }

  static long next() {
    return SEQ.incrementAndGet();
  }

  User user() {
    long n = next();
    User user = new User(new UserId("usr_" + n), "user " + n, T0);
    stores.users().create(user, String.format("%064x", n));
    return user;
  }

  Repository repository() {
    long n = next();
    return stores.repositories()
        .upsert(new Repository(new RepositoryId("repo_" + n), Provider.GITHUB, n, "octo/repo-" + n, "main", false, T0));
  }

  RepositoryHook hook(Repository repo, User manager, SecretCipher cipher, Secret secret) {
    HookId id = new HookId("hook_" + next());
    RepositoryHook hook =
        new RepositoryHook(id, repo.id(), repo.provider(), String.valueOf(next()),
            cipher.encrypt(secret, RepositoryHook.secretContext(id)), null,
            Sha256.hex(secret.reveal()),
            "https://hooks.example.test/ingest", List.of("workflow_run"), HookStatus.PENDING, null, null,
            manager.id(), 1, T0, T0, null);
    stores.hooks().insertIfAbsent(hook);
    return hook;
  }

  Connection connection(User user, Repository repo) {
    Connection c = new Connection(new ConnectionId("conn_" + next()), user.id(), repo.id(), true, false, T0, T0);
    stores.connections().insertIfAbsent(c);
    return c;
  }

  static Delivery delivery(RepositoryHook hook, String deliveryId, byte[] body, Instant at) {
    return Delivery.received("dlv_" + next(), hook.provider(), hook.id(), hook.repositoryId(), deliveryId,
        "workflow_run", Headers.single("X-GitHub-Delivery", deliveryId, "X-Hub-Signature-256", "sha256=abc"), body, at);
  }

  /** Appends through the inbox and settles it as processed (the retention and log tests' deliveries). */
  static boolean append(PersistenceModule stores, Delivery d) {
    boolean fresh = stores.inbox().append(java.util.List.of(d))[0];
    if (fresh) {
      stores.transactionRunner().inTransaction(() -> {
        stores.inbox().claim(d.id()).orElseThrow();
        stores.inbox().settle(java.util.List.of(new dev.hookkeeper.core.port.Inbox.Settlement(d.id(),
            ProcessingStatus.PROCESSED, "completed", null, 1, d.receivedAt())));
        return null;
      });
    }
    return fresh;
  }

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static RunSnapshot run(long runId, RunStatus status, RunConclusion conclusion, Instant updatedAt) {
    return new RunSnapshot(runId, 1, "wf_1", "CI", 7, "main", "abc123", status, conclusion,
        "https://github.com/octo/repo/actions/runs/" + runId, "push", T0, updatedAt, List.of(3L));
  }

  static Instant at(long seconds) {
    return T0.plus(seconds, ChronoUnit.SECONDS);
  }
}
