package dev.hookkeeper.core.port;

import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import java.util.List;

/**
 * Who a token belongs to, and which repositories its user may manage webhooks of. Thread-safe;
 * never throws for an HTTP or I/O problem (see {@link ProviderApi} for the failures every provider
 * call can return).
 */
public interface ProviderAccountsApi {

  Provider provider();

  /** {@code GET /user}: the stable user id, login and name. */
  ProviderResult<ProviderAccount> account(Secret token);

  /**
   * Every repository the user may manage webhooks of, sorted by full name, at most {@code limit}
   * (GitHub {@code GET /user/repos} with {@code permissions.admin}; GitLab {@code GET /projects}
   * with {@code min_access_level=40}), read page by page.
   */
  ProviderResult<List<AdministrableRepository>> administrableRepositories(Secret token, int limit);
}
