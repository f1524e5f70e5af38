package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which Hookkeeper user each provider identity signs in as, keyed by the provider's stable user id
 * (never the login, which can be renamed and reused). One identity belongs to at most one user; a
 * user may hold one identity per provider. Thread-safe; throws {@link StoreUnavailableException}
 * when the store is down.
 */
public interface IdentityStore {

  /** The user bound to the identity, if any. */
  Optional<UserId> find(Provider provider, String providerUserId);

  /**
   * Binds the account to the user unless the identity is already bound (to anyone) or the user
   * already holds an identity of that provider; returns whether it bound. Concurrent binds of one
   * identity: exactly one wins.
   */
  boolean insertIfAbsent(UserId userId, ProviderAccount account, Instant boundAt);

  /** Records a sign-in: the login and name as the provider says them now. */
  void signedIn(ProviderAccount account, Instant at);

  /** The user's identities, by provider. */
  List<ProviderAccount> ofUser(UserId userId);
}
