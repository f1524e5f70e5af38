package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.PendingSignIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IdGenerator;
import dev.hookkeeper.core.port.IdentityStore;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.port.SecretGenerator;
import dev.hookkeeper.core.port.SignInStore;
import dev.hookkeeper.core.port.TokenVault;
import dev.hookkeeper.core.port.TransactionRunner;
import dev.hookkeeper.core.port.UserStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The provider's callback: takes the one-time {@code state} (a second use, another provider's or an
 * expired one is refused), exchanges the code, asks the provider who the token belongs to, finds or
 * creates the Hookkeeper user bound to that identity (by the provider's stable user id), stores the
 * token (encrypted by the vault, with its refresh token) and starts a session. The identity is
 * looked up again on every sign-in: the person may have switched provider accounts.
 */
public final class CompleteSignIn {
  private static final int MAX_NAME = 100;
  private static final int MAX_PARAMETER = 2048;

  private final UserStore users;
  private final TokenVault tokens;
  private final TransactionRunner tx;
  private final SecretGenerator secrets;
  private final IdGenerator ids;
  private final InstantSource clock;
  private final IdentityStore identities;
  private final SignInStore signIns;
  private final Providers providers;
  private final StartSession sessions;
  private final BiConsumer<UserId, Provider> tokenStored;

  /**
   * @param tokenStored told after the sign-in's token is stored (committed), before the session
   *     starts
   */
  public CompleteSignIn(
      UserStore users,
      TokenVault tokens,
      TransactionRunner tx,
      SecretGenerator secrets,
      IdGenerator ids,
      InstantSource clock,
      IdentityStore identities,
      SignInStore signIns,
      Providers providers,
      StartSession sessions,
      BiConsumer<UserId, Provider> tokenStored) {
    this.users = Objects.requireNonNull(users, "users == null");
    this.tokens = Objects.requireNonNull(tokens, "tokens == null");
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.secrets = Objects.requireNonNull(secrets, "secrets == null");
    this.ids = Objects.requireNonNull(ids, "ids == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.identities = Objects.requireNonNull(identities, "identities == null");
    this.signIns = Objects.requireNonNull(signIns, "signIns == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    this.tokenStored = Objects.requireNonNull(tokenStored, "tokenStored == null");
  }

  public Result complete(Provider provider, String state, String code) {
    if (blankOrLong(state) || blankOrLong(code)) return new Result.StateInvalid();
    Optional<PendingSignIn> taken = signIns.take(Sha256.hex(state));
    Instant now = clock.instant();
    if (taken.isEmpty() || taken.get().provider() != provider || taken.get().expiredAt(now)) {
      return new Result.StateInvalid();
    }
    PendingSignIn pending = taken.get();
    ProviderOAuth oauth = providers.oauth(provider).orElse(null);
    ProviderAccountsApi accounts = providers.accounts(provider).orElse(null);
    if (oauth == null || accounts == null) return new Result.StateInvalid();
    ProviderResult<OAuthTokens> granted =
        oauth.exchangeCode(code, pending.redirectUri(), pending.codeVerifier());
    if (!granted.isOk()) return new Result.ProviderRefused(granted.failure());
    ProviderResult<ProviderAccount> account = accounts.account(granted.value().accessToken());
    if (!account.isOk()) return new Result.ProviderRefused(account.failure());
    Bound bound = bindWithRetry(account.value(), pending.linkTo(), granted.value());
    tokenStored.accept(bound.userId(), provider);
    User user =
        users
            .find(bound.userId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "user " + bound.userId().value() + " vanished while signing in"));
    SessionStart session = sessions.start(user.id());
    return new Result.SignedIn(user, account.value(), session.token(), bound.created());
  }

  /**
   * Two first sign-ins of one identity race on the identity's uniqueness: the loser starts over and
   * finds the winner's user.
   */
  private Bound bindWithRetry(ProviderAccount account, UserId linkTo, OAuthTokens granted) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.inTransaction(() -> bind(account, linkTo, granted));
      } catch (LostRace e) {
        if (attempt == 3)
          throw new IllegalStateException(
              "identity "
                  + account.provider().id()
                  + ":"
                  + account.providerUserId()
                  + " could not be bound",
              e);
      }
    }
  }

  private Bound bind(ProviderAccount account, UserId linkTo, OAuthTokens granted) {
    Instant now = clock.instant();
    Optional<UserId> existing = identities.find(account.provider(), account.providerUserId());
    UserId userId;
    boolean created = false;
    if (existing.isPresent()) {
      userId = existing.get();
      identities.signedIn(account, now);
    } else if (linkTo != null && canLink(linkTo, account.provider())) {
      if (!identities.insertIfAbsent(linkTo, account, now)) throw new LostRace();
      userId = linkTo;
    } else {
      String name = account.displayName().strip();
      User user =
          new User(
              new UserId(ids.newId("usr")),
              name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name,
              now);
      // an API token the user never sees: they get one they can use by rotating it while signed in
      users.create(user, Sha256.hex(ApiTokens.next(secrets).reveal()));
      if (!identities.insertIfAbsent(user.id(), account, now)) throw new LostRace();
      userId = user.id();
      created = true;
    }
    tokens.store(
        userId,
        new ProviderCredential(
            account.provider(),
            granted.accessToken(),
            account.login(),
            granted.scopes(),
            now,
            granted.renewal()));
    return new Bound(userId, created);
  }

  /** A signed-in user adds a provider they hold no identity of yet. */
  private boolean canLink(UserId userId, Provider provider) {
    return users.find(userId).isPresent()
        && identities.ofUser(userId).stream().noneMatch(a -> a.provider() == provider);
  }

  private static boolean blankOrLong(String s) {
    return s == null || s.isBlank() || s.length() > MAX_PARAMETER;
  }

  private record Bound(UserId userId, boolean created) {}

  /** Rolls the losing transaction back (the user it created with it). */
  private static final class LostRace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostRace() {
      super("identity bound concurrently", null, false, false);
    }
  }

  public sealed interface Result {
    /**
     * @param sessionToken for the browser's cookie only
     * @param created whether this sign-in created the Hookkeeper user
     */
    record SignedIn(User user, ProviderAccount account, Secret sessionToken, boolean created)
        implements Result {}

    /** No such sign-in: a tampered, reused, expired or other provider's {@code state}. */
    record StateInvalid() implements Result {}

    /**
     * The provider refused the code (expired, used) or could not be reached; the failure says
     * which.
     */
    record ProviderRefused(ProviderFailure failure) implements Result {}
  }
}
