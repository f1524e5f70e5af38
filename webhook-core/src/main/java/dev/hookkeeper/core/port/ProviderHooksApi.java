package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderDelivery;
import dev.hookkeeper.core.model.ProviderHook;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenIdentity;
import java.util.List;

/**
 * A provider's REST API for repository hooks, called with one user's token. Implementations never
 * throw for HTTP or I/O problems: every failure is a {@link ProviderResult.Failed} with a
 * {@link dev.hookkeeper.core.model.FailureReason}. Repositories are addressed by {@link
 * ProviderRepoRef}: GitHub by full name (following rename redirects), GitLab by numeric id.
 */
public interface ProviderHooksApi {

  Provider provider();

  /** Who owns the token and, where the provider says, its scopes. */
  ProviderResult<TokenIdentity> identify(Secret token);

  /**
   * The repository named {@code fullName} as the token's owner sees it. {@code
   * REPOSITORY_NOT_FOUND} when it does not exist or the token cannot see it.
   */
  ProviderResult<ProviderRepository> getRepository(Secret token, String fullName);

  /** Every hook of the repository (all pages). Succeeds only if the token may read hooks. */
  ProviderResult<List<ProviderHook>> listHooks(Secret token, ProviderRepoRef repo);

  /**
   * Creates an active JSON hook. {@code HOOK_ALREADY_EXISTS} when the provider refuses a
   * duplicate; {@code HOOK_LIMIT_REACHED} at the provider's per-repository limit.
   */
  ProviderResult<ProviderHook> createHook(Secret token, ProviderRepoRef repo, HookSpec spec);

  /**
   * Points an existing hook at {@code spec}: url, events, JSON, and the secret, always resent
   * (GitHub drops it otherwise, GitLab resets it when the url changes).
   */
  ProviderResult<ProviderHook> updateHook(Secret token, ProviderRepoRef repo, String providerHookId, HookSpec spec);

  /** Deletes the hook. A hook that is already gone is success ({@link DeleteOutcome#ALREADY_GONE}). */
  ProviderResult<DeleteOutcome> deleteHook(Secret token, ProviderRepoRef repo, String providerHookId);

  /**
   * Asks the provider to send a test delivery so the hook proves itself ({@link PingOutcome#SENT}),
   * or says the provider has no such thing ({@link PingOutcome#NOT_SUPPORTED}).
   */
  ProviderResult<PingOutcome> ping(Secret token, ProviderRepoRef repo, String providerHookId);

  /**
   * The provider's own log of deliveries to the hook, newest first.
   *
   * @param cursor from a previous page, or {@code null}
   * @param failedOnly only deliveries the provider counts as failed
   */
  ProviderResult<Page<ProviderDelivery>> listDeliveries(
      Secret token, ProviderRepoRef repo, String providerHookId, String cursor, boolean failedOnly);

  /** Asks the provider to send a delivery again; {@code UNSUPPORTED_BY_PROVIDER} where it cannot. */
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
