package dev.hookkeeper.core.config;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.port.IdentityStore;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.port.SessionStore;
import dev.hookkeeper.core.port.SignInStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What signing in with a provider needs besides {@link Ports}: the identity, session and pending
 * sign-in stores, the OAuth applications configured (a provider without one offers no sign-in) and
 * the accounts APIs (who a token belongs to, what it may administer).
 */
public final class SignInPorts {
  private final IdentityStore identities;
  private final SessionStore sessions;
  private final SignInStore signIns;
  private final Map<Provider, ProviderOAuth> oauth = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderAccountsApi> accounts = new EnumMap<>(Provider.class);

  public SignInPorts(IdentityStore identities, SessionStore sessions, SignInStore signIns, List<ProviderOAuth> oauth,
      List<ProviderAccountsApi> accounts) {
    this.identities = Objects.requireNonNull(identities, "identities == null");
    this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    this.signIns = Objects.requireNonNull(signIns, "signIns == null");
    for (ProviderOAuth o : oauth) {
      if (this.oauth.put(o.provider(), o) != null) throw new IllegalArgumentException("two OAuth apps for " + o.provider().id());
    }
    for (ProviderAccountsApi a : accounts) {
      if (this.accounts.put(a.provider(), a) != null) throw new IllegalArgumentException("two accounts APIs for " + a.provider().id());
    }
  }

  public IdentityStore identities() {
    return identities;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public SignInStore signIns() {
    return signIns;
  }

  public Optional<ProviderOAuth> oauth(Provider provider) {
    return Optional.ofNullable(oauth.get(provider));
  }

  public Optional<ProviderAccountsApi> accounts(Provider provider) {
    return Optional.ofNullable(accounts.get(provider));
  }

  /** The providers users can sign in with. */
  public Set<Provider> signInProviders() {
    return Set.copyOf(oauth.keySet());
  }
}
