package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.HookSettings;
import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookCleanup;
import dev.hookkeeper.core.model.HookEvent;
import dev.hookkeeper.core.model.HookEventKind;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.NotificationType;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.notify.NotificationPayloads;
import dev.hookkeeper.core.notify.Outbox;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderHooksApi.PingOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates a repository's hook at the provider, shared by connect and retry. Adopts a hook that
 * already points at our URL rather than creating a duplicate, stores the provider's hook id before
 * asking for a ping (the ping must find the hook), and turns a refusal into a FAILED hook with the
 * provider's reason instead of failing the connection.
 *
 * <p>Provider calls take seconds and nothing is locked meanwhile, so every write back is targeted
 * and conditional (see {@code HookStore}): it never undoes a delivery or status change made
 * meanwhile, and a provider hook whose row was deleted meanwhile (a disconnect) or now names
 * another hook (a concurrent provisioning) is queued for deletion at once, never left behind.
 */
final class HookProvisioner {
  private final Ports ports;
  private final Providers providers;
  private final HookSettings settings;
  private final HookCleaner cleaner;
  private final HookJournal journal;

  HookProvisioner(Ports ports, Providers providers, HookSettings settings) {
    this(ports, providers, settings, new HookJournal(ports, HealingListener.NONE));
  }

  HookProvisioner(Ports ports, Providers providers, HookSettings settings, HookJournal journal) {
    this.ports = ports;
    this.providers = providers;
    this.settings = settings;
    this.cleaner = new HookCleaner(ports, providers);
    this.journal = journal;
  }

  /**
   * A fresh PENDING hook row for the repository with a new random secret, managed by {@code
   * manager}.
   */
  RepositoryHook newHook(Repository repo, UserId manager) {
    Instant now = ports.clock().instant();
    HookId id = new HookId(ports.ids().newId("hook"));
    Secret secret = ports.secrets().newSecret();
    EncryptedSecret encrypted = ports.cipher().encrypt(secret, RepositoryHook.secretContext(id));
    return new RepositoryHook(
        id,
        repo.id(),
        repo.provider(),
        null,
        encrypted,
        null,
        Sha256.hex(secret.reveal()),
        settings.url(repo.provider()),
        settings.events(repo.provider()),
        HookStatus.PENDING,
        null,
        null,
        manager,
        1,
        now,
        now,
        null);
  }

  /**
   * Creates or adopts the provider hook for a stored hook row, with {@code actor}'s token.
   *
   * @return the hook as stored afterwards; empty when its row was deleted meanwhile (whatever was
   *     made at the provider for it is then deleted, or queued for deletion)
   */
  Optional<RepositoryHook> provision(
      RepositoryHook hook, Repository repo, UserId actor, Secret token) {
    return provision(hook, repo, actor, token, HookEventKind.CREATED, event -> {});
  }

  /**
   * As {@link #provision(RepositoryHook, Repository, UserId, Secret)}; a hook placed at the
   * provider is recorded in the audit trail as {@code placedAs} ({@code created}, or {@code
   * recreated} when the reconciler replaces one that went missing), and handed to {@code recorded}.
   */
  Optional<RepositoryHook> provision(
      RepositoryHook hook,
      Repository repo,
      UserId actor,
      Secret token,
      HookEventKind placedAs,
      Consumer<HookEvent> recorded) {
    Attempt attempt = new Attempt(hook, repo, actor, token);
    Placement placement = attempt.place();
    if (placement instanceof Placement.RowGone) return Optional.empty();
    if (placement instanceof Placement.Placed placed) {
      Instant now = ports.clock().instant();
      if (!hook.url().equals(attempt.spec.url()) || !hook.events().equals(attempt.spec.events())) {
        ports.hooks().recordSpec(hook.id(), attempt.spec.url(), attempt.spec.events(), now);
      }
      recorded.accept(
          journal.record(
              hook,
              repo,
              placedAs,
              "webhook "
                  + placed.providerHookId()
                  + (placed.adopted() ? " (one already pointing at us, adopted)" : "")
                  + " with "
                  + actor.value()
                  + "'s token"));
      ProviderResult<PingOutcome> ping =
          attempt.api.ping(token, attempt.ref, placed.providerHookId());
      if (ping.isOk() && ping.value() == PingOutcome.NOT_SUPPORTED) {
        // Nothing will prove the hook works until a real event arrives; it exists, so call it
        // active.
        ports
            .hooks()
            .updateStatus(hook.id(), HookStatus.ACTIVE, null, null, ports.clock().instant());
      }
    }
    // The ping delivery (or any other) may already have marked it active: read back what is stored.
    Optional<RepositoryHook> current = ports.hooks().find(hook.id());
    current.ifPresent(h -> announce(h, repo));
    return current;
  }

  /** What placing the hook at the provider came to. */
  private sealed interface Placement {
    /**
     * The row names {@code providerHookId}, which holds the row's secret; {@code adopted}: it
     * existed already.
     */
    record Placed(String providerHookId, boolean adopted) implements Placement {}

    /** The provider said no; the row is FAILED (or changed meanwhile by someone else). */
    record Refused() implements Placement {}

    /** The row is gone; what was made for it is queued for deletion. */
    record RowGone() implements Placement {}
  }

  /** One provisioning of one row: the provider calls and their conditional write-backs. */
  private final class Attempt {
    final RepositoryHook hook;
    final Repository repo;
    final UserId actor;
    final Secret token;
    final ProviderHooksApi api;
    final ProviderRepoRef ref;
    final HookSpec spec;

    /** The provider hook id the row names as far as this attempt knows: what its writes expect. */
    String named;

    Attempt(RepositoryHook hook, Repository repo, UserId actor, Secret token) {
      this.hook = hook;
      this.repo = repo;
      this.actor = actor;
      this.token = token;
      this.api = providers.requireApi(repo.provider());
      this.ref = new ProviderRepoRef(repo.providerRepoId(), repo.fullName());
      Secret secret =
          ports.cipher().decrypt(hook.secret(), RepositoryHook.secretContext(hook.id()));
      // where hooks point and what they carry now (the configuration may have changed since the row
      // was made)
      this.spec =
          new HookSpec(settings.url(repo.provider()), secret, settings.events(repo.provider()));
      this.named = hook.providerHookId();
    }

    Placement place() {
      ProviderResult<List<ProviderHook>> listed = api.listHooks(token, ref);
      if (!listed.isOk()) return refuse(listed.failure());
      Optional<ProviderHook> ours = pointingAtUs(listed.value());
      if (ours.isPresent()) {
        Optional<Placement> adopted = adopt(ours.get().providerHookId());
        if (adopted.isPresent()) return adopted.get();
      }
      ProviderResult<ProviderHook> created = api.createHook(token, ref, spec);
      if (created.isOk()) return claimCreated(created.value().providerHookId());
      if (created.failure().reason() != FailureReason.HOOK_ALREADY_EXISTS)
        return refuse(created.failure());
      // Someone created one between our list and our create: adopt it.
      ProviderResult<List<ProviderHook>> relisted = api.listHooks(token, ref);
      if (!relisted.isOk()) return refuse(relisted.failure());
      Optional<ProviderHook> theirs = pointingAtUs(relisted.value());
      if (theirs.isEmpty()) return refuse(created.failure());
      return adopt(theirs.get().providerHookId()).orElseGet(() -> refuse(created.failure()));
    }

    /**
     * Takes over the provider hook {@code x}, which points at our URL: first, in one transaction,
     * cancels any queued deletion of it (waiting for a deletion under way) and makes the row name
     * it, so that no cleanup deletes it from then on; then gives it the row's secret. Empty when
     * {@code x} turned out to be gone at the provider (a cleanup got there first): create anew.
     */
    Optional<Placement> adopt(String x) {
      Optional<HookCleanup> orphan =
          ports
              .tx()
              .inTransaction(
                  () -> {
                    ports.cleanups().cancel(repo.provider(), x);
                    if (ports
                        .hooks()
                        .recordProviderHook(hook.id(), named, x, actor, ports.clock().instant())) {
                      return Optional.<HookCleanup>empty();
                    }
                    // the row is gone or names another hook: x is nobody's, delete it after all
                    return Optional.of(enqueueDeletion(x));
                  });
      if (orphan.isPresent()) return Optional.of(abandon(orphan.get()));
      named = x;
      ProviderResult<ProviderHook> updated = api.updateHook(token, ref, x, spec);
      if (updated.isOk()) return Optional.of(new Placement.Placed(x, true));
      if (updated.failure().reason() == FailureReason.HOOK_NOT_FOUND) return Optional.empty();
      return Optional.of(refuse(updated.failure()));
    }

    /**
     * Makes the row name the provider hook {@code y} just created; deletes {@code y} if it cannot.
     */
    Placement claimCreated(String y) {
      if (ports.hooks().recordProviderHook(hook.id(), named, y, actor, ports.clock().instant())) {
        named = y;
        return new Placement.Placed(y, false);
      }
      return abandon(ports.tx().inTransaction(() -> enqueueDeletion(y)));
    }

    /** A provider hook made for a row that no longer wants it: deleted now, or retried later. */
    Placement abandon(HookCleanup cleanup) {
      cleaner.attempt(cleanup);
      return ports.hooks().find(hook.id()).isPresent()
          ? new Placement.Refused()
          : new Placement.RowGone();
    }

    HookCleanup enqueueDeletion(String providerHookId) {
      Instant now = ports.clock().instant();
      HookCleanup cleanup =
          new HookCleanup(
              ports.ids().newId("cln"),
              repo.provider(),
              actor,
              repo.providerRepoId(),
              repo.fullName(),
              providerHookId,
              0,
              now,
              null,
              now);
      ports.cleanups().enqueue(cleanup);
      return cleanup;
    }

    Placement refuse(ProviderFailure failure) {
      boolean recorded =
          ports
              .hooks()
              .recordRefusal(
                  hook.id(),
                  named,
                  actor,
                  failure.reason(),
                  failure.message(),
                  ports.clock().instant());
      return recorded || ports.hooks().find(hook.id()).isPresent()
          ? new Placement.Refused()
          : new Placement.RowGone();
    }

    /**
     * A hook at our URL, or at the one the row was made with (before {@code WEBHOOK_BASE_URL}
     * changed).
     */
    Optional<ProviderHook> pointingAtUs(List<ProviderHook> hooks) {
      return hooks.stream()
          .filter(h -> h.url().equals(spec.url()) || h.url().equals(hook.url()))
          .findFirst();
    }
  }

  /** Tells every user connected to the repository what state its hook is in now. */
  private void announce(RepositoryHook hook, Repository repo) {
    Outbox outbox = new Outbox();
    Instant now = ports.clock().instant();
    ports
        .tx()
        .inTransaction(
            () -> {
              for (Connection c :
                  Outbox.inLockOrder(ports.connections().listByRepository(repo.id()))) {
                outbox.add(
                    ports.notifications(),
                    c.userId(),
                    NotificationType.WEBHOOK_STATUS_CHANGED,
                    NotificationPayloads.hookStatus(c, repo, hook),
                    now);
              }
              return null;
            });
    outbox.publishAfterCommit(ports.notifier());
  }
}
