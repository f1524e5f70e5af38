package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
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
import dev.hookkeeper.core.port.ProviderAccountsApi;
import dev.hookkeeper.core.port.ProviderOAuth;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The provider's callback: takes the one-time {@code state} (a second use, another provider's or an
 * expired one is refused), exchanges the code, asks the provider who the token belongs to, finds or
 * creates the Hookkeeper user bound to that identity (by the provider's stable user id), stores the
 * token (encrypted by the vault, with its refresh token), tells whoever waited for a working token
 * (the reconciler: the user's degraded hooks) and starts a session. The identity is looked up again
 * on every sign-in: the person may have switched provider accounts.
 */
public final class CompleteSignIn {
  private static final int MAX_NAME = 100;
  private static final int MAX_PARAMETER = 2048;

  private final Ports ports;
  private final SignInPorts signIn;
  private final StartSession sessions;
  private final BiConsumer<UserId, Provider> tokenStored;

  public CompleteSignIn(Ports ports, SignInPorts signIn, StartSession sessions) {
    this(ports, signIn, sessions, (user, provider) -> {});
  }

  /**
   * @param tokenStored told after the sign-in's token is stored (committed), before the session
   *     starts
   */
  public CompleteSignIn(
      Ports ports,
      SignInPorts signIn,
      StartSession sessions,
      BiConsumer<UserId, Provider> tokenStored) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    this.tokenStored = Objects.requireNonNull(tokenStored, "tokenStored == null");
  }

  public Result complete(Provider provider, String state, String code) {
    if (blankOrLong(state) || blankOrLong(code)) return new Result.StateInvalid();
    Optional<PendingSignIn> taken = signIn.signIns().take(Sha256.hex(state));
    Instant now = ports.clock().instant();
    if (taken.isEmpty() || taken.get().provider() != provider || taken.get().expiredAt(now)) {
      return new Result.StateInvalid();
    }
    PendingSignIn pending = taken.get();
    ProviderOAuth oauth = signIn.oauth(provider).orElse(null);
    ProviderAccountsApi accounts = signIn.accounts(provider).orElse(null);
    if (oauth == null || accounts == null) return new Result.StateInvalid();
    ProviderResult<OAuthTokens> tokens =
        oauth.exchangeCode(code, pending.redirectUri(), pending.codeVerifier());
    if (!tokens.isOk()) return new Result.ProviderRefused(tokens.failure());
    ProviderResult<ProviderAccount> account = accounts.account(tokens.value().accessToken());
    if (!account.isOk()) return new Result.ProviderRefused(account.failure());
    Bound bound = bindWithRetry(account.value(), pending.linkTo(), tokens.value());
    tokenStored.accept(bound.userId(), provider);
    User user =
        ports
            .users()
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
  private Bound bindWithRetry(ProviderAccount account, UserId linkTo, OAuthTokens tokens) {
    for (int attempt = 1; ; attempt++) {
      try {
        return ports.tx().inTransaction(() -> bind(account, linkTo, tokens));
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

  private Bound bind(ProviderAccount account, UserId linkTo, OAuthTokens tokens) {
    Instant now = ports.clock().instant();
    Optional<UserId> existing =
        signIn.identities().find(account.provider(), account.providerUserId());
    UserId userId;
    boolean created = false;
    if (existing.isPresent()) {
      userId = existing.get();
      signIn.identities().signedIn(account, now);
    } else if (linkTo != null && canLink(linkTo, account.provider())) {
      if (!signIn.identities().insertIfAbsent(linkTo, account, now)) throw new LostRace();
      userId = linkTo;
    } else {
      String name = account.displayName().strip();
      User user =
          new User(
              new UserId(ports.ids().newId("usr")),
              name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name,
              now);
      // an API token the user never sees: they get one they can use by rotating it while signed in
      ports.users().create(user, Sha256.hex(ApiTokens.next(ports.secrets()).reveal()));
      if (!signIn.identities().insertIfAbsent(user.id(), account, now)) throw new LostRace();
      userId = user.id();
      created = true;
    }
    ports
        .tokens()
        .store(
            userId,
            new ProviderCredential(
                account.provider(),
                tokens.accessToken(),
                account.login(),
                tokens.scopes(),
                now,
                tokens.renewal()));
    return new Bound(userId, created);
  }

  /** A signed-in user adds a provider they hold no identity of yet. */
  private boolean canLink(UserId userId, Provider provider) {
    return ports.users().find(userId).isPresent()
        && signIn.identities().ofUser(userId).stream().noneMatch(a -> a.provider() == provider);
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
