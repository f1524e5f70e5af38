package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import java.util.List;

/**
 * A provider's REST API for repository hooks and their delivery logs, called with one user's token.
 * Repositories are addressed by {@link ProviderRepoRef}: GitHub by full name (following rename
 * redirects), or by stable id when the name is blank; GitLab by numeric id. The failures every call
 * can return are listed on {@link ProviderApi}; each method names the others.
 */
public interface ProviderHooksApi extends ProviderApi {

  /** Who owns the token and, where the provider says, its scopes. */
  ProviderResult<TokenIdentity> identify(Secret token);

  /**
   * The repository named {@code fullName} as the token's owner sees it, following a rename.
   * {@code REPOSITORY_NOT_FOUND} when it does not exist or the token cannot see it; {@code
   * TOKEN_SCOPE_MISSING} when a classic GitHub token can see it but has no scope to manage hooks.
   */
  ProviderResult<ProviderRepository> getRepository(Secret token, String fullName);

  /**
   * Every hook of the repository (all pages). {@code INSUFFICIENT_PERMISSIONS} when the repository
   * is visible but its hooks are not (not an admin/maintainer), {@code REPOSITORY_NOT_FOUND} when it
   * is not visible.
   */
  ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo);

  /**
   * One hook as the provider shows it now, with its {@link dev.hookkeeper.core.model.HookHealth}
   * (GitHub {@code active} and {@code last_response}; GitLab {@code alert_status} and {@code
   * disabled_until}). {@code HOOK_NOT_FOUND} when it is gone (deleted by a person, or with its
   * repository); {@code INSUFFICIENT_PERMISSIONS} / {@code REPOSITORY_NOT_FOUND} as for {@link #listHooks}.
   */
  ProviderResult<ProviderHook> getHook(Secret token, ProviderRepoRef repo, String providerHookId);

  /**
   * Creates an active JSON hook. {@code HOOK_ALREADY_EXISTS} when the provider refuses a
   * duplicate; {@code HOOK_LIMIT_REACHED} at the provider's per-repository limit; {@code
   * INVALID_HOOK_CONFIG} when it refuses the url or events.
   */
  ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec);

  /**
   * Puts an existing hook back to exactly {@code spec} in one request: url, events, JSON, active,
   * and the secret, always resent (GitHub drops a secret missing from a config update; GitLab
   * resets it when the url changes). Repairs any drift a person made. On GitHub it also switches an
   * inactive hook on; on GitLab it does not re-enable an auto-disabled hook (see {@link
   * #reenableHook}). {@code HOOK_NOT_FOUND}, {@code INVALID_HOOK_CONFIG}, {@code HOOK_LIMIT_REACHED}
   * (GitHub counts events per hook).
   */
  ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec);

  /**
   * Makes the provider deliver to the hook again and answers the hook as it is afterwards. GitHub:
   * {@link #updateHook} with {@code active: true}. GitLab: the update, then a test delivery ({@code
   * POST …/hooks/:id/test/:trigger}), which re-enables the hook when the receiver answers 2xx.
   * {@code HOOK_DISABLED_BY_PROVIDER} when the test delivery did not get a 2xx or the project has
   * nothing to test with (the hook stays disabled; GitLab retries a temporarily disabled one by itself
   * after {@code disabled_until}); {@code RATE_LIMITED} (GitLab allows 5 tests a minute); {@code
   * HOOK_NOT_FOUND}.
   */
  ProviderResult<ProviderHook> reenableHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec);

  /** Deletes the hook. A hook that is already gone is success ({@link DeleteOutcome#ALREADY_GONE}). */
  ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId);

  /**
   * Asks the provider to send a test delivery so the hook proves itself ({@link PingOutcome#SENT}),
   * or says the provider has no such thing ({@link PingOutcome#NOT_SUPPORTED}). {@code HOOK_NOT_FOUND}.
   */
  ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId);

  /**
   * The provider's own log of delivery attempts to the hook, newest first, each attempt one entry
   * (failures and redeliveries included), within the provider's retention (GitHub.com 3 days, GitLab
   * 7). Page through it until an entry is older than your checkpoint.
   *
   * @param cursor from a previous page, or {@code null}
   * @param failedOnly only attempts the provider counts as failed (GitHub {@code status=failure};
   *     GitLab: filtered from each page, so a page may hold fewer entries while more follow)
   * @return {@code HOOK_NOT_FOUND}; {@code UNSUPPORTED_BY_PROVIDER} on GitLab older than 17.3
   */
  ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly);

  /**
   * Asks the provider to send a logged delivery again, to the hook's current url, with the same
   * delivery id (GitHub {@code X-GitHub-Delivery}, GitLab {@code Idempotency-Key}), so the receiver's
   * dedup sees it as the same delivery. The provider sends it in the background. {@code
   * DELIVERY_NOT_FOUND} when the log no longer has it; {@code HOOK_NOT_FOUND}; {@code RATE_LIMITED}
   * (GitLab: 5 resends a minute per hook); {@code UNSUPPORTED_BY_PROVIDER} on GitLab older than 17.4.
   */
  ProviderResult<Redelivery> redeliver(Secret token, ProviderRepoRef repo, String providerHookId, String providerDeliveryId);

  enum DeleteOutcome {
    DELETED,
    ALREADY_GONE
  }

  enum PingOutcome {
    SENT,
    NOT_SUPPORTED
  }

  enum Redelivery {
    REQUESTED
  }
}
