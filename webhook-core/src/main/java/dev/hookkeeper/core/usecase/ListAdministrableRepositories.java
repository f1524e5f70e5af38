package dev.hookkeeper.core.usecase;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.config.SignInPorts;
import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.ConnectionId;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Page;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderFailure;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderAccountsApi;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The repositories the user may connect: those whose webhooks their provider token may manage, as
 * the provider lists them now, each marked with the user's connection if already connected (matched
 * by the provider's stable repository id, so a renamed repository is still recognised). An expiring
 * token is renewed first.
 */
public final class ListAdministrableRepositories {
  /** The most repositories one listing reads from the provider. */
  public static final int MAX_REPOSITORIES = 1000;
  private static final int MAX_CONNECTION_PAGES = 50;

  private final Ports ports;
  private final SignInPorts signIn;
  private final RenewProviderToken renew;

  public ListAdministrableRepositories(Ports ports, SignInPorts signIn, RenewProviderToken renew) {
    this.ports = Objects.requireNonNull(ports, "ports == null");
    this.signIn = Objects.requireNonNull(signIn, "signIn == null");
    this.renew = Objects.requireNonNull(renew, "renew == null");
  }

  /** @param query case-insensitive part of the full name or description; {@code null} or blank for all */
  public Result list(UserId userId, Provider provider, String query) {
    Optional<ProviderAccountsApi> accounts = signIn.accounts(provider);
    if (accounts.isEmpty()) {
      return new Result.Failed(ProviderFailure.of(FailureReason.UNSUPPORTED_BY_PROVIDER, provider.id() + " is not configured"));
    }
    RenewalOutcome token = renew.renew(userId, provider, false);
    ProviderCredential credential;
    if (token instanceof RenewalOutcome.Renewed r) {
      credential = r.credential();
    } else if (token instanceof RenewalOutcome.Current c) {
      credential = c.credential();
    } else if (token instanceof RenewalOutcome.NotFound) {
      return new Result.TokenMissing();
    } else if (token instanceof RenewalOutcome.Refused r) {
      return new Result.Failed(r.failure());
    } else {
      throw new AssertionError(token);
    }
    ProviderResult<List<AdministrableRepository>> listed =
        accounts.get().administrableRepositories(credential.accessToken(), MAX_REPOSITORIES);
    if (!listed.isOk()) return new Result.Failed(listed.failure());
    Map<Long, ConnectionId> connected = connectedRepositories(userId, provider);
    String needle = query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
    List<Entry> entries = listed.value().stream()
        .filter(r -> needle == null || r.fullName().toLowerCase(Locale.ROOT).contains(needle)
            || r.description().toLowerCase(Locale.ROOT).contains(needle))
        .map(r -> new Entry(r, connected.get(r.providerRepoId())))
        .toList();
    return new Result.Listed(credential.login(), entries);
  }

  private Map<Long, ConnectionId> connectedRepositories(UserId userId, Provider provider) {
    Map<Long, ConnectionId> out = new HashMap<>();
    String cursor = null;
    for (int i = 0; i < MAX_CONNECTION_PAGES; i++) {
      Page<Connection> page = ports.connections().listByUser(userId, new PageRequest(cursor, PageRequest.MAX_LIMIT));
      for (Connection c : page.items()) {
        ports.repositories().find(c.repositoryId()).filter(r -> r.provider() == provider)
            .ifPresent(r -> out.put(r.providerRepoId(), c.id()));
      }
      cursor = page.nextCursor();
      if (cursor == null) break;
    }
    return out;
  }

  /** @param connection the user's connection to it; {@code null} when not connected */
  public record Entry(AdministrableRepository repository, ConnectionId connection) {
    public boolean connected() {
      return connection != null;
    }
  }

  public sealed interface Result {
    /** @param login the provider login the token belongs to */
    record Listed(String login, List<Entry> repositories) implements Result {
      public Listed {
        repositories = List.copyOf(repositories);
      }
    }

    /** The user holds no token for the provider: sign in with it (or store one) first. */
    record TokenMissing() implements Result {}

    record Failed(ProviderFailure failure) implements Result {}
  }
}
