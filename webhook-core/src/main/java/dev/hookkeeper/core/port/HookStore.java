package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.EncryptedSecret;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookId;
import dev.hookkeeper.core.model.HookStatus;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Repository hooks: at most one per repository, unique by provider hook id and by token hash. Every
 * change after the insert is targeted: it names the columns it sets and leaves the others alone, so
 * a change made from a hook read seconds earlier (around a provider call) never undoes a concurrent
 * one (a status change, a delivery time, a hand-over).
 */
public interface HookStore {

  /**
   * Stores {@code hook} unless its repository already has one. Race-free: of two concurrent callers
   * for one repository exactly one gets {@code true}.
   */
  boolean insertIfAbsent(RepositoryHook hook);

  /**
   * The repository's hook, locked until the caller's transaction ends in a store with row locks (a
   * concurrent caller waits, then reads what the first one committed: an empty result if it deleted
   * the hook). What serialises the connections and disconnections of one repository.
   */
  Optional<RepositoryHook> lockByRepository(RepositoryId repositoryId);

  /**
   * Records that the provider holds {@code providerHookId} for this hook, created or adopted with
   * {@code manager}'s token: sets the provider hook id and the manager, and makes the hook PENDING
   * (awaiting an authentic delivery) with no failure reason, unless a delivery through that very
   * provider hook already made it ACTIVE, which stays. A compare-and-set: it changes the hook only
   * while it names {@code expectedProviderHookId} ({@code null}: none) or already names {@code
   * providerHookId}.
   *
   * @return false, changing nothing, when the hook is gone or names another provider hook
   */
  boolean recordProviderHook(
      HookId id, String expectedProviderHookId, String providerHookId, UserId manager, Instant at);

  /**
   * Records that the provider refused to create or adopt the hook for {@code manager}: FAILED with
   * {@code reason}, managed by {@code manager}; the provider hook id is left as it is. The same
   * compare-and-set as {@link #recordProviderHook} on {@code expectedProviderHookId}.
   *
   * @return false, changing nothing, when the hook is gone or names another provider hook
   */
  boolean recordRefusal(
      HookId id,
      String expectedProviderHookId,
      UserId manager,
      FailureReason reason,
      String message,
      Instant at);

  /**
   * Hands management from {@code from} to {@code to}, only if {@code from} still manages it.
   * Returns whether it changed hands.
   */
  boolean handOver(HookId id, UserId from, UserId to, Instant at);

  /**
   * A new current secret set at {@code at}; the current one stays accepted as the previous one (and
   * its token hash still finds the hook, see {@link #findByTokenHash}) until {@link
   * #retirePreviousSecrets} or the next rotation; the secret version goes up by one. Returns false
   * when the hook is gone.
   */
  boolean rotateSecret(HookId id, EncryptedSecret newSecret, String newLookupHash, Instant at);

  /**
   * Takes back the rotation that made the secret with {@code rotatedLookupHash} current, whose
   * provider update failed: the previous secret is current again and there is none before it. A
   * compare-and-set: only while that secret is current. Returns whether it changed the hook.
   */
  boolean abandonRotation(HookId id, String rotatedLookupHash, Instant at);

  /**
   * The grace period of rotations is over: forgets the previous secret (and its token hash) of up
   * to {@code limit} hooks whose current secret was set before {@code setBefore}. Returns their
   * ids.
   */
  List<HookId> retirePreviousSecrets(Instant setBefore, int limit);

  /**
   * The provider hook now delivers {@code events} to {@code url} (it was created or updated so):
   * sets those two columns only. Returns false when the hook is gone.
   */
  boolean recordSpec(HookId id, String url, List<String> events, Instant at);

  /**
   * Sets status and reason only, leaving every other column alone (an ingest marking a hook active
   * must not overwrite a concurrent update of its secret). Returns whether the status changed.
   */
  boolean updateStatus(
      HookId id, HookStatus status, FailureReason reason, String message, Instant at);

  /**
   * {@link #updateStatus} as a compare-and-set: only while the hook's status is {@code expected} (a
   * repair decided from a hook read seconds ago must not undo a delivery's activation made
   * meanwhile). Returns whether it changed the hook.
   */
  boolean updateStatusIf(
      HookId id,
      HookStatus expected,
      HookStatus status,
      FailureReason reason,
      String message,
      Instant at);

  /**
   * Moves {@code lastDeliveryAt} forward to {@code at}; never backwards, and when it would not
   * move, writes nothing. (Processing orders a repository's deliveries by claiming the repository,
   * not by this row.)
   */
  void markDelivered(HookId id, Instant at);

  Optional<RepositoryHook> find(HookId id);

  Optional<RepositoryHook> findByRepository(RepositoryId repositoryId);

  Optional<RepositoryHook> findByProviderHookId(Provider provider, String providerHookId);

  /**
   * The hook whose current secret, or previous secret not yet retired, has this token hash: during
   * a rotation's grace period a GitLab delivery carrying either token finds its hook.
   */
  Optional<RepositoryHook> findByTokenHash(Provider provider, String tokenLookupHash);

  /** Every hook {@code manager} manages, in id order. */
  List<RepositoryHook> listManagedBy(UserId manager);

  void delete(HookId id);

  /** How many hooks there are in each status; a status without hooks counts 0. */
  Map<HookStatus, Long> countByStatus();
}
