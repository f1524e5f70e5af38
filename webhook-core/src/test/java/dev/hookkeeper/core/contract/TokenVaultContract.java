package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.TokenRenewal;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.TokenVault;
import java.time.Instant;
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

  @Test
  void stores_the_refresh_token_and_expiry_with_the_access_token_and_replaces_the_pair_together() {
    User user = newUser();
    vault().store(user.id(), new ProviderCredential(Provider.GITLAB, Secret.of("glo-1"), "tanuki", List.of("api"), T0,
        new TokenRenewal(Secret.of("glr-1"), t(7200))));

    ProviderCredential first = vault().find(user.id(), Provider.GITLAB).orElseThrow();
    assertThat(first.renewal().refreshToken().reveal()).isEqualTo("glr-1");
    assertThat(first.renewal().accessTokenExpiresAt()).isEqualTo(t(7200));

    vault().store(user.id(), new ProviderCredential(Provider.GITLAB, Secret.of("glo-2"), "tanuki", List.of("api"), t(7000),
        new TokenRenewal(Secret.of("glr-2"), t(14200))));
    ProviderCredential second = vault().findForRenewal(user.id(), Provider.GITLAB).orElseThrow();
    assertThat(second.accessToken().reveal()).isEqualTo("glo-2");
    assertThat(second.renewal().refreshToken().reveal()).isEqualTo("glr-2");
    assertThat(second.renewal().accessTokenExpiresAt()).isEqualTo(t(14200));

    vault().store(user.id(), new ProviderCredential(Provider.GITLAB, Secret.of("glpat-3"), "tanuki", List.of(), t(8000)));
    assertThat(vault().find(user.id(), Provider.GITLAB).orElseThrow().renewable()).isFalse();
  }

  @Test
  void lists_renewable_tokens_expiring_before_a_moment_soonest_first() {
    User a = newUser();
    User b = newUser();
    User c = newUser();
    Instant far = Instant.parse("2999-01-01T00:00:00Z");
    vault().store(a.id(), new ProviderCredential(Provider.GITLAB, Secret.of("a"), "a", List.of(), T0,
        new TokenRenewal(Secret.of("ra"), far.plusSeconds(300))));
    vault().store(b.id(), new ProviderCredential(Provider.GITLAB, Secret.of("b"), "b", List.of(), T0,
        new TokenRenewal(Secret.of("rb"), far.plusSeconds(100))));
    vault().store(c.id(), new ProviderCredential(Provider.GITLAB, Secret.of("c"), "c", List.of(), T0,
        new TokenRenewal(Secret.of("rc"), far.plusSeconds(900))));
    vault().store(c.id(), credential(Provider.GITHUB, "ghp_never_expires", "c"));

    List<TokenVault.Expiring> due = vault().expiringBefore(far.plusSeconds(600), 10).stream()
        .filter(e -> List.of(a.id(), b.id(), c.id()).contains(e.userId())).toList();

    assertThat(due).containsExactly(new TokenVault.Expiring(b.id(), Provider.GITLAB, far.plusSeconds(100)),
        new TokenVault.Expiring(a.id(), Provider.GITLAB, far.plusSeconds(300)));
  }

  @Test
  void a_renewal_holds_the_token_until_its_transaction_ends() throws Exception {
    User user = newUser();
    vault().store(user.id(), new ProviderCredential(Provider.GITLAB, Secret.of("glo-1"), "tanuki", List.of(), T0,
        new TokenRenewal(Secret.of("glr-1"), t(7200))));
    java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread first = new Thread(() -> stores().tx().inTransaction(() -> {
      vault().findForRenewal(user.id(), Provider.GITLAB).orElseThrow();
      locked.countDown();
      try {
        release.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      vault().store(user.id(), new ProviderCredential(Provider.GITLAB, Secret.of("glo-2"), "tanuki", List.of(), t(1),
          new TokenRenewal(Secret.of("glr-2"), t(7201))));
      return null;
    }));
    first.start();
    assertThat(locked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    java.util.concurrent.CompletableFuture<String> second = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        stores().tx().inTransaction(() ->
            vault().findForRenewal(user.id(), Provider.GITLAB).orElseThrow().renewal().refreshToken().reveal()));
    Thread.sleep(300);
    assertThat(second).as("the second renewal waits for the first").isNotDone();
    release.countDown();
    first.join(10_000);

    assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("and then sees the pair it stored").isEqualTo("glr-2");
  }
}
