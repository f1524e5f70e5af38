package dev.hookkeeper.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.Secret;
import org.junit.jupiter.api.Test;

class AccountsTest {
  private final UseCaseFixture f = new UseCaseFixture();

  @Test
  void a_new_users_token_authenticates_and_is_stored_only_as_a_hash() {
    CreateUser.CreatedUser created = f.useCases.createUser().create("  alice ");

    assertThat(created.user().name()).isEqualTo("alice");
    assertThat(created.user().id().value()).startsWith("usr_");
    assertThat(created.apiToken().reveal()).startsWith("hk_").hasSizeGreaterThan(40);
    assertThat(created.toString()).doesNotContain(created.apiToken().reveal());
    assertThat(f.useCases.authenticateUser().authenticate(created.apiToken().reveal())).contains(created.user());
    assertThat(f.stores.users().findByApiToken(Sha256.hex(created.apiToken().reveal()))).contains(created.user());
    assertThat(f.useCases.authenticateUser().authenticate(created.apiToken().reveal() + "x")).isEmpty();
    assertThat(f.useCases.authenticateUser().authenticate("")).isEmpty();
    assertThat(f.useCases.authenticateUser().authenticate(null)).isEmpty();
  }

  @Test
  void a_blank_name_is_refused() {
    assertThatThrownBy(() -> f.useCases.createUser().create(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.useCases.createUser().create("x".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_provider_token_is_checked_with_the_provider_before_it_is_stored() {
    var user = f.useCases.createUser().create("alice").user().id();
    Secret token = f.github.addToken("alice-gh", AccessLevel.ADMIN);

    StoreProviderToken.Result stored = f.useCases.storeProviderToken().store(user, Provider.GITHUB, token);

    assertThat(stored).isInstanceOf(StoreProviderToken.Result.Stored.class);
    assertThat(((StoreProviderToken.Result.Stored) stored).credential().login()).isEqualTo("alice-gh");
    assertThat(f.stores.tokens().find(user, Provider.GITHUB).orElseThrow().accessToken()).isEqualTo(token);
  }

  @Test
  void a_token_the_provider_rejects_is_not_stored() {
    var user = f.useCases.createUser().create("alice").user().id();

    StoreProviderToken.Result result =
        f.useCases.storeProviderToken().store(user, Provider.GITHUB, Secret.of("ghp_made_up"));

    assertThat(result).isInstanceOf(StoreProviderToken.Result.Rejected.class);
    assertThat(((StoreProviderToken.Result.Rejected) result).failure().reason()).isEqualTo(FailureReason.TOKEN_INVALID);
    assertThat(f.stores.tokens().find(user, Provider.GITHUB)).isEmpty();
  }
}
