package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.UserId;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Signing in with a provider, sessions, and provider-token renewal, built from {@link Ports} plus
 * {@link SignInPorts}. Kept apart from {@link UseCases} so that an embedding service without a
 * browser front end needs none of it. Thread-safe.
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
  private final SignInPorts signIn;

  public SignInUseCases(Ports ports, SignInPorts signIn, SignInSettings settings) {
    this(ports, signIn, settings, (user, provider) -> {});
  }

  /**
   * @param tokenStored told after a sign-in stored the user's provider token, e.g. to reconcile at
   *     once the hooks that waited for a working token
   */
  public SignInUseCases(
      Ports ports,
      SignInPorts signIn,
      SignInSettings settings,
      BiConsumer<UserId, Provider> tokenStored) {
    Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    Objects.requireNonNull(settings, "settings == null");
    beginSignIn = new BeginSignIn(ports, signIn, settings);
    startSession = new StartSession(ports, signIn, settings);
    completeSignIn = new CompleteSignIn(ports, signIn, startSession, tokenStored);
    authenticateSession = new AuthenticateSession(ports, signIn);
    signOut = new SignOut(signIn);
    signOutEverywhere = new SignOutEverywhere(signIn);
    renewProviderToken = new RenewProviderToken(ports, signIn, settings);
    renewDueTokens = new RenewDueTokens(ports, settings, renewProviderToken);
    listAdministrableRepositories =
        new ListAdministrableRepositories(ports, signIn, renewProviderToken);
    purgeExpiredSignIns = new PurgeExpiredSignIns(ports, signIn);
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
    return signIn.signInProviders();
  }
}
