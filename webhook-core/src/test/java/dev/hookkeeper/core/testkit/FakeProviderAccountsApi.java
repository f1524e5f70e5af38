package dev.hookkeeper.core.testkit;

import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who each token belongs to and what its user administers. A token is recognised by its text up to
 * a {@code #} (so renewed tokens {@code t#2}, {@code t#3} stay the same user). Thread-safe.
 */
public final class FakeProviderAccountsApi implements ProviderAccountsApi {
  private final Provider provider;
  private final Map<String, ProviderAccount> accounts = new HashMap<>();
  private final Map<String, List<AdministrableRepository>> repositories = new HashMap<>();

  public FakeProviderAccountsApi(Provider provider) {
    this.provider = Objects.requireNonNull(provider, "provider == null");
  }

  public synchronized FakeProviderAccountsApi account(String token, ProviderAccount account) {
    accounts.put(token, account);
    return this;
  }

  public synchronized FakeProviderAccountsApi administers(String token, AdministrableRepository repository) {
    repositories.computeIfAbsent(token, t -> new ArrayList<>()).add(repository);
    return this;
  }

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public synchronized ProviderResult<ProviderAccount> account(Secret token) {
    ProviderAccount account = accounts.get(base(token));
    return account == null ? ProviderResult.failed(FailureReason.TOKEN_INVALID, "Bad credentials") : ProviderResult.ok(account);
  }

  @Override
  public synchronized ProviderResult<List<AdministrableRepository>> administrableRepositories(Secret token, int limit) {
    if (!accounts.containsKey(base(token))) return ProviderResult.failed(FailureReason.TOKEN_INVALID, "Bad credentials");
    return ProviderResult.ok(repositories.getOrDefault(base(token), List.of()).stream()
        .sorted(Comparator.comparing(AdministrableRepository::fullName)).limit(limit).toList());
  }

  private static String base(Secret token) {
    return token.reveal().replaceAll("#.*", "");
  }
}
