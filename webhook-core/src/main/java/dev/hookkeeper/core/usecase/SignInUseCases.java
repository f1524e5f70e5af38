package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.config.SignInStores;
import dev.hookkeeper.core.config.Stores;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.IdGenerator;
import dev.hookkeeper.core.port.SecretGenerator;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Signing in with a provider, sessions, and provider-token renewal: the use cases of a host with a
 * browser front end, each built with what it uses from {@link Stores} and {@link SignInStores}.
 * Built by {@code Hookkeeper} when sign-in is configured; an embedding service without a browser
 * front end needs none of it. Thread-safe.
 */
public final class SignInUseCases {
  private final BeginSignIn beginSignIn;
  private final CompleteSignIn completeSignIn;
  private final StartSession startSession;
  private final AuthenticateSession authenticateSession;
  private final SignOut signOut;
  private final SignOutEverywhere signOutEverywhere;
  private final RenewProviderToken renewProviderToken;
  private final RenewDueTokens renewDueTokens;
  private final ListAdministrableRepositories listAdministrableRepositories;
  private final PurgeExpiredSignIns purgeExpiredSignIns;
  private final Providers providers;

  /**
   * @param tokenStored told after a sign-in stored the user's provider token, e.g. to reconcile at
   *     once the hooks that waited for a working token
   */
  public SignInUseCases(
      Stores stores,
      SignInStores signIn,
      Providers providers,
      SignInSettings settings,
      SecretGenerator secrets,
      IdGenerator ids,
      InstantSource clock,
      BiConsumer<UserId, Provider> tokenStored) {
    Objects.requireNonNull(stores, "stores == null");
    Objects.requireNonNull(signIn, "signIn == null");
    this.providers = Objects.requireNonNull(providers, "providers == null");
    Objects.requireNonNull(settings, "settings == null");
    beginSignIn = new BeginSignIn(secrets, clock, signIn.signIns(), providers, settings);
    startSession = new StartSession(secrets, clock, signIn.sessions(), settings);
    completeSignIn =
        new CompleteSignIn(
            stores.users(),
            stores.tokens(),
            stores.tx(),
            secrets,
            ids,
            clock,
            signIn.identities(),
            signIn.signIns(),
            providers,
            startSession,
            tokenStored);
    authenticateSession = new AuthenticateSession(stores.users(), clock, signIn.sessions());
    signOut = new SignOut(signIn.sessions());
    signOutEverywhere = new SignOutEverywhere(signIn.sessions());
    renewProviderToken =
        new RenewProviderToken(stores.tokens(), stores.tx(), clock, providers, settings);
    renewDueTokens = new RenewDueTokens(stores.tokens(), clock, settings, renewProviderToken);
    listAdministrableRepositories =
        new ListAdministrableRepositories(
            stores.repositories(), stores.connections(), providers, renewProviderToken);
    purgeExpiredSignIns = new PurgeExpiredSignIns(clock, signIn.sessions(), signIn.signIns());
  }

  public BeginSignIn beginSignIn() {
    return beginSignIn;
  }

  public CompleteSignIn completeSignIn() {
    return completeSignIn;
  }

  public StartSession startSession() {
    return startSession;
  }

  public AuthenticateSession authenticateSession() {
    return authenticateSession;
  }

  public SignOut signOut() {
    return signOut;
  }

  public SignOutEverywhere signOutEverywhere() {
    return signOutEverywhere;
  }

  public RenewProviderToken renewProviderToken() {
    return renewProviderToken;
  }

  public RenewDueTokens renewDueTokens() {
    return renewDueTokens;
  }

  public ListAdministrableRepositories listAdministrableRepositories() {
    return listAdministrableRepositories;
  }

  public PurgeExpiredSignIns purgeExpiredSignIns() {
    return purgeExpiredSignIns;
  }

  /** The providers users can sign in with (an OAuth application is configured). */
  public Set<Provider> signInProviders() {
    return providers.signInProviders();
  }
}
