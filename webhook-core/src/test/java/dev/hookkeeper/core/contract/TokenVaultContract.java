package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.TokenVault;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link TokenVault} must do. */
public abstract class TokenVaultContract extends StoreContractSupport {

  private TokenVault vault() {
    return stores().tokens();
  }

  private static ProviderCredential credential(Provider provider, String token, String login) {
    return new ProviderCredential(provider, Secret.of(token), login, List.of("repo", "admin:repo_hook"), T0);
  }

  @Test
  void stores_and_finds_a_token_with_what_the_provider_said() {
    User user = newUser();

    vault().store(user.id(), credential(Provider.GITHUB, "ghp_first", "octocat"));

    ProviderCredential found = vault().find(user.id(), Provider.GITHUB).orElseThrow();
    assertThat(found.accessToken().reveal()).isEqualTo("ghp_first");
    assertThat(found.provider()).isEqualTo(Provider.GITHUB);
    assertThat(found.login()).isEqualTo("octocat");
    assertThat(found.scopes()).containsExactly("repo", "admin:repo_hook");
    assertThat(found.storedAt()).isEqualTo(T0);
  }

  @Test
  void replaces_the_token_of_a_provider() {
    User user = newUser();
    vault().store(user.id(), credential(Provider.GITHUB, "ghp_old", "octocat"));

    vault().store(user.id(), new ProviderCredential(Provider.GITHUB, Secret.of("ghp_new"), "octocat", List.of(), t(5)));

    ProviderCredential found = vault().find(user.id(), Provider.GITHUB).orElseThrow();
    assertThat(found.accessToken().reveal()).isEqualTo("ghp_new");
    assertThat(found.scopes()).isEmpty();
    assertThat(found.storedAt()).isEqualTo(t(5));
  }

  @Test
  void keeps_providers_and_users_apart() {
    User user = newUser();
    User other = newUser();
    vault().store(user.id(), credential(Provider.GITLAB, "glpat-1", "tanuki"));

    assertThat(vault().find(user.id(), Provider.GITHUB)).isEmpty();
    assertThat(vault().find(other.id(), Provider.GITLAB)).isEmpty();
    assertThat(vault().find(user.id(), Provider.GITLAB).orElseThrow().accessToken().reveal()).isEqualTo("glpat-1");
  }

  @Test
  void deletes_one_providers_token_only() {
    User user = newUser();
    vault().store(user.id(), credential(Provider.GITHUB, "ghp_gone", "octocat"));
    vault().store(user.id(), credential(Provider.GITLAB, "glpat-stays", "tanuki"));

    assertThat(vault().delete(user.id(), Provider.GITHUB)).isTrue();

    assertThat(vault().find(user.id(), Provider.GITHUB)).isEmpty();
    assertThat(vault().find(user.id(), Provider.GITLAB)).isPresent();
    assertThat(vault().delete(user.id(), Provider.GITHUB)).isFalse();
  }
}
