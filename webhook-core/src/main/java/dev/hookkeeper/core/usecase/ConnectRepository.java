package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ConnectionStore;
import dev.hookkeeper.core.port.HookStore;
import dev.hookkeeper.core.port.IdGenerator;
import dev.hookkeeper.core.port.RepositoryStore;
import dev.hookkeeper.core.port.TokenVault;
import dev.hookkeeper.core.port.TransactionRunner;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Connects a user to a repository. The first connection creates the repository's one hook; later
 * ones join it after proving, with their own token, that they may read the repository's hooks (also
 * to take over a hook that could not be created). A hook the provider refuses leaves the connection
 * in place with a FAILED hook and a reason.
 */
public final class ConnectRepository {
  private static final int MAX_ROUNDS = 3;

  private final TokenVault tokens;
  private final RepositoryStore repositories;
  private final HookStore hooks;
  private final ConnectionStore connections;
  private final TransactionRunner tx;
  private final IdGenerator ids;
  private final InstantSource clock;
  private final Providers providers;
  private final HookProvisioner provisioner;

  public ConnectRepository(
      TokenVault tokens,
      RepositoryStore repositories,
      HookStore hooks,
      ConnectionStore connections,
      TransactionRunner tx,
      IdGenerator ids,
      InstantSource clock,
      Providers providers,
      HookProvisioner provisioner) {
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.repositories = Objects.requireNonNull(repositories, "repositories == null");
    this.hooks = Objects.requireNonNull(hooks, "hooks == null");
    this.connections = Objects.requireNonNull(connections, "connections == null");
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.ids = Objects.requireNonNull(ids, "ids == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.provisioner = Objects.requireNonNull(provisioner, "provisioner == null");
  }

  /**
   * @throws IllegalArgumentException for a blank repository name or an unconfigured provider
   */
  public Result connect(UserId userId, Provider provider, String repositoryFullName) {
    String fullName = repositoryFullName == null ? "" : repositoryFullName.strip();
    if (fullName.isEmpty())
      throw new IllegalArgumentException("'repository_full_name' must not be blank");
    providers.requireApi(provider);

    Optional<ProviderCredential> credential = tokens.find(userId, provider);
    if (credential.isEmpty()) return new Result.TokenMissing();
    Secret token = credential.get().accessToken();

    ProviderResult<ProviderRepository> found =
        providers.requireApi(provider).getRepository(token, fullName);
    if (!found.isOk()) {
      ProviderFailure failure = found.failure();
      return failure.reason() == FailureReason.REPOSITORY_NOT_FOUND
          ? new Result.RepositoryNotFound(failure.message())
          : new Result.ProviderFailed(failure);
    }
    Repository repo = repositories.upsert(toRepository(found.value()));

    Optional<Connection> existing = connections.findByUserAndRepository(userId, repo.id());
    if (existing.isPresent()) return connected(existing.get(), repo, false);

    // Each round either creates the hook or joins it; a round ends early only when the hook
    // appeared or vanished meanwhile (a concurrent first connect or last disconnect).
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Optional<Result> result =
          hooks.findByRepository(repo.id()).isEmpty()
              ? createFirstHook(userId, repo, token)
              : join(userId, repo, token);
      if (result.isPresent()) return result.get();
    }
    throw new IllegalStateException(
        "the hook of " + repo.fullName() + " kept being created and deleted");
  }

  /** Empty when another user's connect stored the repository's hook first: join theirs instead. */
  private Optional<Result> createFirstHook(UserId userId, Repository repo, Secret token) {
    RepositoryHook fresh = provisioner.newHook(repo, userId);
    Connection connection = newConnection(userId, repo.id());
    boolean won =
        tx.inTransaction(
            () -> {
              if (!hooks.insertIfAbsent(fresh)) return false;
              connections.insertIfAbsent(connection);
              return true;
            });
    if (!won) return Optional.empty();
    return Optional.of(
        provisioned(connection, repo, provisioner.provision(fresh, repo, userId, token)));
  }

  /**
   * Joining an existing hook needs proof of access: the joiner's own token must list its hooks.
   * That holds for taking over a hook that could not be created as well, which makes the joiner its
   * manager. The connection is inserted under the hook's row lock, so a last disconnect cannot
   * delete the hook between the proof and the join. Empty when the hook was deleted meanwhile:
   * create it anew.
   */
  private Optional<Result> join(UserId userId, Repository repo, Secret token) {
    ProviderResult<List<ProviderHook>> proof =
        providers
            .requireApi(repo.provider())
            .listHooks(token, new ProviderRepoRef(repo.providerRepoId(), repo.fullName()));
    if (!proof.isOk()) {
      ProviderFailure failure = proof.failure();
      if (failure.reason().isTransient()) return Optional.of(new Result.ProviderFailed(failure));
      return Optional.of(
          new Result.AccessDenied(
              "Your token cannot read the webhooks of "
                  + repo.fullName()
                  + " ("
                  + failure.reason().code()
                  + ")"));
    }
    Connection connection = newConnection(userId, repo.id());
    Joined joined =
        tx.inTransaction(
            () -> {
              Optional<RepositoryHook> hook = hooks.lockByRepository(repo.id());
              if (hook.isEmpty()) return new Joined(false, false, null);
              return new Joined(true, connections.insertIfAbsent(connection), hook.get());
            });
    if (!joined.hookExists()) return Optional.empty();
    if (!joined.inserted()) return Optional.of(alreadyConnected(userId, repo));
    RepositoryHook hook = joined.hook();
    if (hook.status() == HookStatus.FAILED && !hook.isCreatedAtProvider()) {
      return Optional.of(
          provisioned(connection, repo, provisioner.provision(hook, repo, userId, token)));
    }
    return Optional.of(connected(connection, repo, true));
  }

  private record Joined(boolean hookExists, boolean inserted, RepositoryHook hook) {}

  private static Result provisioned(
      Connection connection, Repository repo, Optional<RepositoryHook> hook) {
    if (hook.isEmpty()) return new Result.DisconnectedMeanwhile();
    return new Result.Connected(new ConnectionDetails(connection, repo, hook.get()), true);
  }

  private Result alreadyConnected(UserId userId, Repository repo) {
    Connection existing = connections.findByUserAndRepository(userId, repo.id()).orElseThrow();
    return connected(existing, repo, false);
  }

  private Result connected(Connection connection, Repository repo, boolean created) {
    RepositoryHook hook = hooks.findByRepository(repo.id()).orElse(null);
    return new Result.Connected(new ConnectionDetails(connection, repo, hook), created);
  }

  private Connection newConnection(UserId userId, RepositoryId repositoryId) {
    Instant now = clock.instant();
    return new Connection(
        new ConnectionId(ids.newId("conn")), userId, repositoryId, true, false, now, now);
  }

  private Repository toRepository(ProviderRepository found) {
    return new Repository(
        new RepositoryId(ids.newId("repo")),
        found.provider(),
        found.providerRepoId(),
        found.fullName(),
        found.defaultBranch(),
        found.privateRepo(),
        clock.instant());
  }

  public sealed interface Result {
    /**
     * @param created false when the user was already connected (idempotent connect)
     */
    record Connected(ConnectionDetails details, boolean created) implements Result {}

    /** The user has stored no token for the provider. */
    record TokenMissing() implements Result {}

    /** The repository does not exist or the user's token cannot see it. No connection. */
    record RepositoryNotFound(String message) implements Result {}

    /** The repository has a hook and the user could not prove access to it. No connection. */
    record AccessDenied(String message) implements Result {}

    /** The provider could not be asked (down, rate limit, bad token). No connection. */
    record ProviderFailed(ProviderFailure failure) implements Result {}

    /**
     * The connection was removed (a disconnect) while its hook was being created; whatever was made
     * at the provider for it is deleted or queued for deletion. No connection.
     */
    record DisconnectedMeanwhile() implements Result {}
  }
}
