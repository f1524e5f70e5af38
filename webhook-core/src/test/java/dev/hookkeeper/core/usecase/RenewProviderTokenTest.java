package dev.hookkeeper.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.config.SignInStores;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.model.AuthorizationRequest;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.OAuthTokens;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.ProviderResult;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.testkit.FakeProviderOAuth;
import dev.hookkeeper.core.testkit.InMemoryIdentityStore;
import dev.hookkeeper.core.testkit.InMemoryPorts;
import dev.hookkeeper.core.testkit.InMemorySessionStore;
import dev.hookkeeper.core.testkit.InMemorySignInStore;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GitLab's rotating refresh tokens: renewed ahead of expiry, stored before use, never spent twice.
 */
class RenewProviderTokenTest {
  private final InMemoryPorts mem = new InMemoryPorts();
  private final FakeProviderOAuth gitlab =
      new FakeProviderOAuth(Provider.GITLAB, mem.clock(), Duration.ofHours(2));
  private final SignInUseCases useCases = useCases(gitlab);

  private SignInUseCases useCases(ProviderOAuth oauth) {
    Providers providers =
        Providers.of(
            List.of(
                ProviderAdapters.of(
                    new FakeProviderHooksApi(Provider.GITLAB, mem.clock()),
                    new ScriptedInboundDecoder(Provider.GITLAB))),
            List.of(oauth));
    return new SignInUseCases(
        mem.stores(),
        new SignInStores(
            new InMemoryIdentityStore(), new InMemorySessionStore(), new InMemorySignInStore()),
        providers,
        SignInSettings.withSessionTtl(Duration.ofDays(7)),
        new RandomSecretGenerator(),
        mem.ids(),
        mem.clock(),
        (user, provider) -> {});
  }

  /** A user signed in with GitLab: the fake's first grant. */
  private User signedIn() {
    User user =
        mem.users()
            .find(
                new CreateUser(mem.users(), new RandomSecretGenerator(), mem.ids(), mem.clock())
                    .create("tanuki")
                    .user()
                    .id())
            .orElseThrow();
    String challenge = dev.hookkeeper.core.crypto.Pkce.challengeS256(Secret.of("v".repeat(43)));
    OAuthTokens tokens =
        gitlab
            .exchangeCode(gitlab.approve(challenge, "cb", "glo"), "cb", Secret.of("v".repeat(43)))
            .value();
    mem.tokens()
        .store(
            user.id(),
            new ProviderCredential(
                Provider.GITLAB,
                tokens.accessToken(),
                "tanuki",
                tokens.scopes(),
                mem.clock().instant(),
                tokens.renewal()));
    return user;
  }

  @Test
  void a_token_not_due_is_left_alone_and_one_due_is_renewed_and_stored_before_it_is_returned() {
    User user = signedIn();
    ProviderCredential before = mem.tokens().find(user.id(), Provider.GITLAB).orElseThrow();

    assertThat(useCases.renewProviderToken().renew(user.id(), Provider.GITLAB, false))
        .isEqualTo(new RenewalOutcome.Current(before));
    mem.clock().advance(Duration.ofMinutes(106)); // 14 min before the 2 h expiry: within the margin

    RenewalOutcome result = useCases.renewProviderToken().renew(user.id(), Provider.GITLAB, false);

    ProviderCredential renewed = ((RenewalOutcome.Renewed) result).credential();
    assertThat(renewed.accessToken()).isNotEqualTo(before.accessToken());
    assertThat(renewed.renewal().refreshToken()).isNotEqualTo(before.renewal().refreshToken());
    assertThat(renewed.renewal().accessTokenExpiresAt())
        .isEqualTo(mem.clock().instant().plus(Duration.ofHours(2)));
    assertThat(mem.tokens().find(user.id(), Provider.GITLAB)).contains(renewed);
  }

  @Test
  void the_scheduled_renewal_renews_only_due_tokens() {
    User due = signedIn();
    mem.clock().advance(Duration.ofMinutes(60));
    User fresh = signedIn();
    mem.clock().advance(Duration.ofMinutes(50));

    RenewDueTokens.Outcome outcome = useCases.renewDueTokens().renewDue();

    assertThat(outcome).isEqualTo(new RenewDueTokens.Outcome(1, 1, 0));
    assertThat(mem.tokens().find(due.id(), Provider.GITLAB).orElseThrow().storedAt())
        .isEqualTo(mem.clock().instant());
    assertThat(mem.tokens().find(fresh.id(), Provider.GITLAB).orElseThrow().storedAt())
        .isBefore(mem.clock().instant());
  }

  @Test
  void a_forced_renewal_after_the_provider_said_expired_renews_at_once() {
    User user = signedIn();

    assertThat(useCases.renewProviderToken().renew(user.id(), Provider.GITLAB, true))
        .isInstanceOf(RenewalOutcome.Renewed.class);
  }

  @Test
  void concurrent_renewals_spend_the_refresh_token_once() {
    User user = signedIn();
    mem.clock().advance(Duration.ofMinutes(119));

    List<RenewalOutcome> results =
        java.util.stream.IntStream.range(0, 4)
            .parallel()
            .mapToObj(i -> useCases.renewProviderToken().renew(user.id(), Provider.GITLAB, false))
            .toList();

    assertThat(gitlab.refreshCalls()).isEqualTo(1);
    assertThat(results).filteredOn(r -> r instanceof RenewalOutcome.Renewed).hasSize(1);
    assertThat(results)
        .allMatch(r -> r instanceof RenewalOutcome.Renewed || r instanceof RenewalOutcome.Current);
  }

  @Test
  void a_dead_refresh_token_is_dropped_so_it_is_not_tried_again() {
    User user = signedIn();
    ProviderCredential stored = mem.tokens().find(user.id(), Provider.GITLAB).orElseThrow();
    gitlab.refresh(
        stored.renewal().refreshToken()); // someone else spent it: ours is now invalid_grant
    mem.clock().advance(Duration.ofMinutes(119));

    RenewalOutcome result = useCases.renewProviderToken().renew(user.id(), Provider.GITLAB, false);

    assertThat(((RenewalOutcome.Refused) result).failure().reason())
        .isEqualTo(FailureReason.TOKEN_INVALID);
    assertThat(mem.tokens().find(user.id(), Provider.GITLAB).orElseThrow().renewable()).isFalse();
    assertThat(useCases.renewDueTokens().renewDue().due()).isZero();
  }

  @Test
  void a_provider_down_keeps_the_pair_for_the_next_try() {
    User user = signedIn();
    ProviderCredential stored = mem.tokens().find(user.id(), Provider.GITLAB).orElseThrow();
    gitlab.outage(true);

    RenewalOutcome result = useCases.renewProviderToken().renew(user.id(), Provider.GITLAB, true);

    assertThat(((RenewalOutcome.Refused) result).failure().reason())
        .isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
    assertThat(mem.tokens().find(user.id(), Provider.GITLAB)).contains(stored);
  }

  @Test
  void a_pair_whose_storing_fails_is_not_returned() {
    User user = signedIn();
    ProviderOAuth throwsAfterRefresh =
        new ProviderOAuth() {
          @Override
          public Provider provider() {
            return Provider.GITLAB;
          }

          @Override
          public String authorizationUrl(AuthorizationRequest request) {
            return "";
          }

          @Override
          public ProviderResult<OAuthTokens> exchangeCode(String c, String r, Secret v) {
            throw new AssertionError();
          }

          @Override
          public ProviderResult<OAuthTokens> refresh(Secret refreshToken) {
            ProviderResult<OAuthTokens> pair = gitlab.refresh(refreshToken);
            mem.tokens()
                .delete(
                    user.id(), Provider.GITLAB); // stands in for a store failing mid-transaction
            throw new IllegalStateException("store failed");
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                useCases(throwsAfterRefresh)
                    .renewProviderToken()
                    .renew(user.id(), Provider.GITLAB, true))
        .hasMessage("store failed");
    assertThat(mem.tokens().find(user.id(), Provider.GITLAB))
        .as("rolled back, nothing half stored")
        .isPresent();
  }
}
