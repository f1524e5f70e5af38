package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryId;
import dev.hookkeeper.core.port.RepositoryStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link RepositoryStore} must do. */
public abstract class RepositoryStoreContract extends StoreContractSupport {

  private RepositoryStore store() {
    return stores().repositories();
  }

  private static Repository candidate(Provider provider, long providerRepoId, String fullName) {
    return new Repository(new RepositoryId(uniqueId("repo")), provider, providerRepoId, fullName, "main", false, T0);
  }

  @Test
  void stores_a_new_repository_and_finds_it_both_ways() {
    Repository repo = candidate(Provider.GITHUB, uniqueNumber(), "octo/app");

    assertThat(store().upsert(repo)).isEqualTo(repo);
    assertThat(store().find(repo.id())).contains(repo);
    assertThat(store().findByProviderId(Provider.GITHUB, repo.providerRepoId())).contains(repo);
  }

  @Test
  void a_known_provider_id_keeps_its_row_and_refreshes_name_branch_and_visibility() {
    long providerRepoId = uniqueNumber();
    Repository first = store().upsert(candidate(Provider.GITHUB, providerRepoId, "octo/app"));
    Repository again = new Repository(new RepositoryId(uniqueId("repo")), Provider.GITHUB, providerRepoId,
        "octo/renamed", "trunk", true, t(60));

    Repository stored = store().upsert(again);

    assertThat(stored).isEqualTo(new Repository(first.id(), Provider.GITHUB, providerRepoId, "octo/renamed", "trunk",
        true, first.createdAt()));
    assertThat(store().find(first.id())).contains(stored);
    assertThat(store().find(again.id())).isEmpty();
  }

  @Test
  void the_same_numeric_id_on_another_provider_is_another_repository() {
    long providerRepoId = uniqueNumber();
    Repository github = store().upsert(candidate(Provider.GITHUB, providerRepoId, "octo/app"));
    Repository gitlab = store().upsert(candidate(Provider.GITLAB, providerRepoId, "group/app"));

    assertThat(gitlab.id()).isNotEqualTo(github.id());
    assertThat(store().findByProviderId(Provider.GITLAB, providerRepoId)).contains(gitlab);
    assertThat(store().findByProviderId(Provider.GITHUB, providerRepoId)).contains(github);
  }

  @Test
  void renames_and_ignores_unknown_ids() {
    Repository repo = store().upsert(candidate(Provider.GITHUB, uniqueNumber(), "octo/app"));

    store().rename(repo.id(), "new-owner/app");
    store().rename(new RepositoryId(uniqueId("repo")), "nobody/else");

    assertThat(store().find(repo.id()).orElseThrow().fullName()).isEqualTo("new-owner/app");
    assertThat(store().findByProviderId(Provider.GITHUB, repo.providerRepoId()).orElseThrow().fullName())
        .isEqualTo("new-owner/app");
  }

  @Test
  void concurrent_upserts_of_one_repository_agree_on_one_row() {
    long providerRepoId = uniqueNumber();

    List<Repository> results = concurrently(8, i -> store().upsert(candidate(Provider.GITHUB, providerRepoId, "octo/app")));

    assertThat(results).extracting(Repository::id).containsOnly(results.get(0).id());
    assertThat(store().find(results.get(0).id())).isPresent();
  }
}
