package dev.hookkeeper.core.contract;

import static dev.hookkeeper.core.contract.ProviderContractSupport.assertFailure;
import static dev.hookkeeper.core.contract.ProviderContractSupport.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.HookSpec;
import dev.hookkeeper.core.model.ProviderRepoRef;
import dev.hookkeeper.core.model.ProviderRepository;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.port.ProviderHooksApi;
import dev.hookkeeper.core.port.ProviderRepositoriesApi;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProviderRepositoriesApi} adapter must do: follow a repository through rename,
 * archive and deletion by its stable id.
 */
public abstract class ProviderRepositoriesApiContract {

  protected abstract ProviderRepositoriesApi api();

  /** The same adapter's hooks port, for lookups by name and hook calls by the old name. */
  protected abstract ProviderHooksApi hooksApi();

  protected abstract ProviderStandIn provider();

  private ProviderRepository byName() {
    return assertOk(hooksApi().getRepository(provider().adminToken(), provider().repositoryFullName()));
  }

  @Test
  void reads_the_repository_by_its_stable_id() {
    ProviderRepository named = byName();

    ProviderRepository byId = assertOk(api().getRepositoryById(provider().adminToken(), named.providerRepoId()));

    assertThat(byId).isEqualTo(named);
    assertThat(byId.archived()).isFalse();
    assertThat(byId.callerAccess()).isEqualTo(AccessLevel.ADMIN);
  }

  @Test
  void follows_a_rename_by_id_and_by_the_old_name() {
    ProviderRepository before = byName();
    String renamed = before.fullName().substring(0, before.fullName().indexOf('/') + 1) + "renamed-repo";
    String hook = assertOk(hooksApi().createHook(provider().adminToken(), before.ref(),
        new HookSpec(provider().hookUrl(), Secret.of("contract-rename-secret"), provider().hookEvents()))).providerHookId();
    provider().awaitBackgroundDeliveries();

    provider().renameRepository(renamed);

    ProviderRepository byId = assertOk(api().getRepositoryById(provider().adminToken(), before.providerRepoId()));
    assertThat(byId.fullName()).isEqualTo(renamed);
    assertThat(byId.providerRepoId()).isEqualTo(before.providerRepoId());
    assertThat(assertOk(hooksApi().getRepository(provider().adminToken(), before.fullName())).fullName()).isEqualTo(renamed);
    assertThat(assertOk(hooksApi().listHooks(provider().adminToken(), new ProviderRepoRef(before.providerRepoId(), before.fullName()))))
        .as("hooks stay with the repository and its old name still leads to them")
        .anySatisfy(h -> assertThat(h.providerHookId()).isEqualTo(hook));
  }

  @Test
  void shows_an_archived_repository() {
    long id = byName().providerRepoId();
    provider().archiveRepository();

    assertThat(assertOk(api().getRepositoryById(provider().adminToken(), id)).archived()).isTrue();
  }

  @Test
  void a_deleted_repository_is_not_found_by_id_or_name() {
    long id = byName().providerRepoId();
    provider().deleteRepository();

    assertFailure(api().getRepositoryById(provider().adminToken(), id), FailureReason.REPOSITORY_NOT_FOUND);
    assertFailure(hooksApi().getRepository(provider().adminToken(), provider().repositoryFullName()),
        FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void an_unknown_id_is_repository_not_found() {
    assertFailure(api().getRepositoryById(provider().adminToken(), 987_654_321L), FailureReason.REPOSITORY_NOT_FOUND);
  }

  @Test
  void rejects_an_invalid_token() {
    assertFailure(api().getRepositoryById(provider().invalidToken(), byName().providerRepoId()), FailureReason.TOKEN_INVALID);
  }
}
