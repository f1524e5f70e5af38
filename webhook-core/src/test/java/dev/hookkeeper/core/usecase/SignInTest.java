package dev.hookkeeper.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.config.Providers;
import dev.hookkeeper.core.config.SignInSettings;
import dev.hookkeeper.core.config.SignInStores;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.AdministrableRepository;
import dev.hookkeeper.core.model.FailureReason;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.ProviderOAuth;
import dev.hookkeeper.core.testkit.FakeProviderAccountsApi;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.testkit.FakeProviderOAuth;
import dev.hookkeeper.core.testkit.InMemoryIdentityStore;
import dev.hookkeeper.core.testkit.InMemoryPorts;
import dev.hookkeeper.core.testkit.InMemorySessionStore;
import dev.hookkeeper.core.testkit.InMemorySignInStore;
import dev.hookkeeper.core.testkit.ScriptedInboundDecoder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Begin and complete a sign-in, sessions, and linking a second provider. */
class SignInTest {
  private static final String GH_CALLBACK = "https://hk.example/auth/github/callback";
  private static final String GL_CALLBACK = "https://hk.example/auth/gitlab/callback";

  private final InMemoryPorts mem = new InMemoryPorts();
  private final InMemorySessionStore sessions = new InMemorySessionStore();
  private final InMemorySignInStore pending = new InMemorySignInStore();
  private final FakeProviderOAuth githubOAuth =
      new FakeProviderOAuth(Provider.GITHUB, mem.clock(), null);
  private final FakeProviderOAuth gitlabOAuth =
      new FakeProviderOAuth(Provider.GITLAB, mem.clock(), Duration.ofHours(2));
  private final FakeProviderAccountsApi githubAccounts =
      new FakeProviderAccountsApi(Provider.GITHUB)
          .account(
              "gho_octo", new ProviderAccount(Provider.GITHUB, "583231", "octocat", "The Octocat"))
          .account(
              "gho_renamed",
              new ProviderAccount(Provider.GITHUB, "583231", "octocat-2", "The Octocat"))
          .account("gho_hubot", new ProviderAccount(Provider.GITHUB, "1001", "hubot", "Hubot"))
          .administers(
              "gho_octo",
              new AdministrableRepository(
                  Provider.GITHUB, 7, "octo-org/b", true, "https://gh/b", "bees"))
          .administers(
              "gho_octo",
              new AdministrableRepository(
                  Provider.GITHUB, 6, "octo-org/a", false, "https://gh/a", ""));
  private final FakeProviderAccountsApi gitlabAccounts =
      new FakeProviderAccountsApi(Provider.GITLAB)
          .account("glo_tanuki", new ProviderAccount(Provider.GITLAB, "42", "tanuki", "Tanuki"));
  private final SignInUseCases signIn =
      signIn(List.of(githubOAuth, gitlabOAuth), Duration.ofDays(7));

  private SignInUseCases signIn(List<ProviderOAuth> oauthApps, Duration sessionTtl) {
    Providers providers =
        Providers.of(
            List.of(
                ProviderAdapters.of(
                        new FakeProviderHooksApi(Provider.GITHUB, mem.clock()),
                        new ScriptedInboundDecoder(Provider.GITHUB))
                    .withAccounts(githubAccounts),
                ProviderAdapters.of(
                        new FakeProviderHooksApi(Provider.GITLAB, mem.clock()),
                        new ScriptedInboundDecoder(Provider.GITLAB))
                    .withAccounts(gitlabAccounts)),
            oauthApps);
    return new SignInUseCases(
        mem.stores(),
        new SignInStores(new InMemoryIdentityStore(), sessions, pending),
        providers,
        SignInSettings.withSessionTtl(sessionTtl),
        new RandomSecretGenerator(),
        mem.ids(),
        mem.clock(),
        (user, provider) -> {});
  }

  /** Plays the browser: begin, the user approves at the provider, the callback. */
  private CompleteSignIn.Result signInWith(
      FakeProviderOAuth oauth, String callback, String token, UserId linkTo) {
    BeginSignIn.Result.Started started =
        (BeginSignIn.Result.Started) signIn.beginSignIn().begin(oauth.provider(), callback, linkTo);
    Map<String, String> query = query(started.authorizationUrl());
    assertThat(query.get("state")).isEqualTo(started.state().reveal());
    String code = oauth.approve(query.get("code_challenge"), query.get("redirect_uri"), token);
    return signIn.completeSignIn().complete(oauth.provider(), started.state().reveal(), code);
  }

  private static Map<String, String> query(String url) {
    return java.util.Arrays.stream(URI.create(url).getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p[1]));
  }

  @Test
  void
      a_first_sign_in_creates_the_user_bound_to_the_identity_stores_the_token_and_starts_a_session() {
    CompleteSignIn.Result.SignedIn done =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);

    assertThat(done.created()).isTrue();
    assertThat(done.user().name()).isEqualTo("The Octocat");
    ProviderCredential stored = mem.tokens().find(done.user().id(), Provider.GITHUB).orElseThrow();
    assertThat(stored.accessToken().reveal()).isEqualTo("gho_octo");
    assertThat(stored.login()).isEqualTo("octocat");
    assertThat(stored.renewable()).isFalse();
    assertThat(done.sessionToken().reveal()).startsWith("hks_");
    assertThat(sessions.find(done.sessionToken().reveal())).as("only the hash is stored").isEmpty();
    assertThat(signIn.authenticateSession().authenticate(done.sessionToken().reveal()))
        .hasValueSatisfying(s -> assertThat(s.user()).isEqualTo(done.user()));
  }

  @Test
  void the_same_identity_signs_in_as_the_same_user_even_after_a_login_rename() {
    CompleteSignIn.Result.SignedIn first =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);
    CompleteSignIn.Result.SignedIn again =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_renamed", null);
    CompleteSignIn.Result.SignedIn someoneElse =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_hubot", null);

    assertThat(again.created()).isFalse();
    assertThat(again.user().id()).isEqualTo(first.user().id());
    assertThat(mem.tokens().find(first.user().id(), Provider.GITHUB).orElseThrow().login())
        .isEqualTo("octocat-2");
    assertThat(someoneElse.user().id()).isNotEqualTo(first.user().id());
    assertThat(again.sessionToken()).isNotEqualTo(first.sessionToken());
  }

  @Test
  void gitlab_tokens_are_stored_with_their_refresh_token_and_expiry() {
    CompleteSignIn.Result.SignedIn done =
        (CompleteSignIn.Result.SignedIn) signInWith(gitlabOAuth, GL_CALLBACK, "glo_tanuki", null);

    ProviderCredential stored = mem.tokens().find(done.user().id(), Provider.GITLAB).orElseThrow();
    assertThat(stored.renewable()).isTrue();
    assertThat(stored.renewal().accessTokenExpiresAt())
        .isEqualTo(mem.clock().instant().plus(Duration.ofHours(2)));
  }

  @Test
  void a_signed_in_user_adds_a_second_provider_to_the_same_account() {
    CompleteSignIn.Result.SignedIn github =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);
    CompleteSignIn.Result.SignedIn gitlab =
        (CompleteSignIn.Result.SignedIn)
            signInWith(gitlabOAuth, GL_CALLBACK, "glo_tanuki", github.user().id());

    assertThat(gitlab.user().id()).isEqualTo(github.user().id());
    assertThat(gitlab.created()).isFalse();
    assertThat(mem.tokens().find(github.user().id(), Provider.GITLAB)).isPresent();
  }

  @Test
  void a_state_works_once_for_its_provider_and_before_it_expires() {
    BeginSignIn.Result.Started started =
        (BeginSignIn.Result.Started) signIn.beginSignIn().begin(Provider.GITHUB, GH_CALLBACK, null);
    String challenge = query(started.authorizationUrl()).get("code_challenge");
    String state = started.state().reveal();

    assertThat(signIn.completeSignIn().complete(Provider.GITHUB, state + "x", "code"))
        .isInstanceOf(CompleteSignIn.Result.StateInvalid.class);
    assertThat(signIn.completeSignIn().complete(Provider.GITLAB, state, "code"))
        .as("another provider's callback takes it and refuses it")
        .isInstanceOf(CompleteSignIn.Result.StateInvalid.class);
    assertThat(
            signIn
                .completeSignIn()
                .complete(
                    Provider.GITHUB,
                    state,
                    githubOAuth.approve(challenge, GH_CALLBACK, "gho_octo")))
        .as("already taken")
        .isInstanceOf(CompleteSignIn.Result.StateInvalid.class);

    BeginSignIn.Result.Started late =
        (BeginSignIn.Result.Started) signIn.beginSignIn().begin(Provider.GITHUB, GH_CALLBACK, null);
    String code =
        githubOAuth.approve(
            query(late.authorizationUrl()).get("code_challenge"), GH_CALLBACK, "gho_octo");
    mem.clock().advance(Duration.ofMinutes(11));
    assertThat(signIn.completeSignIn().complete(Provider.GITHUB, late.state().reveal(), code))
        .isInstanceOf(CompleteSignIn.Result.StateInvalid.class);
  }

  @Test
  void the_pending_sign_in_keeps_only_the_hash_of_the_state() {
    BeginSignIn.Result.Started started =
        (BeginSignIn.Result.Started) signIn.beginSignIn().begin(Provider.GITLAB, GL_CALLBACK, null);

    assertThat(pending.take(started.state().reveal())).isEmpty();
    assertThat(pending.take(Sha256.hex(started.state().reveal()))).isPresent();
  }

  @Test
  void a_refused_code_or_a_wrong_verifier_creates_nothing() {
    BeginSignIn.Result.Started started =
        (BeginSignIn.Result.Started) signIn.beginSignIn().begin(Provider.GITLAB, GL_CALLBACK, null);
    String code =
        gitlabOAuth.approve("a-challenge-for-another-verifier", GL_CALLBACK, "glo_tanuki");

    CompleteSignIn.Result result =
        signIn.completeSignIn().complete(Provider.GITLAB, started.state().reveal(), code);

    assertThat(result).isInstanceOf(CompleteSignIn.Result.ProviderRefused.class);
    assertThat(((CompleteSignIn.Result.ProviderRefused) result).failure().reason())
        .isEqualTo(FailureReason.TOKEN_INVALID);
  }

  @Test
  void a_provider_down_is_reported_as_such() {
    githubOAuth.outage(true);

    CompleteSignIn.Result result = signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);

    assertThat(((CompleteSignIn.Result.ProviderRefused) result).failure().reason())
        .isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
  }

  @Test
  void a_provider_without_an_oauth_app_offers_no_sign_in() {
    SignInUseCases githubOnly = signIn(List.of(githubOAuth), Duration.ofDays(1));

    assertThat(githubOnly.signInProviders()).containsExactly(Provider.GITHUB);
    assertThat(githubOnly.beginSignIn().begin(Provider.GITLAB, GL_CALLBACK, null))
        .isInstanceOf(BeginSignIn.Result.NotConfigured.class);
  }

  @Test
  void sessions_expire_and_end_on_sign_out_or_everywhere() {
    CompleteSignIn.Result.SignedIn a =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);
    CompleteSignIn.Result.SignedIn b =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);
    CompleteSignIn.Result.SignedIn c =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);

    assertThat(signIn.signOut().signOut(a.sessionToken().reveal())).isTrue();
    assertThat(signIn.authenticateSession().authenticate(a.sessionToken().reveal())).isEmpty();
    assertThat(signIn.authenticateSession().authenticate(b.sessionToken().reveal())).isPresent();
    assertThat(signIn.signOutEverywhere().signOut(b.user().id())).isEqualTo(2);
    assertThat(signIn.authenticateSession().authenticate(c.sessionToken().reveal())).isEmpty();

    CompleteSignIn.Result.SignedIn d =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);
    mem.clock().advance(Duration.ofDays(7));
    assertThat(signIn.authenticateSession().authenticate(d.sessionToken().reveal()))
        .as("after the TTL")
        .isEmpty();
    assertThat(signIn.authenticateSession().authenticate("hks_never-issued")).isEmpty();
  }

  @Test
  void lists_the_repositories_the_user_administers_searchable_and_marks_connected_ones() {
    CompleteSignIn.Result.SignedIn done =
        (CompleteSignIn.Result.SignedIn) signInWith(githubOAuth, GH_CALLBACK, "gho_octo", null);

    ListAdministrableRepositories.Result.Listed all =
        (ListAdministrableRepositories.Result.Listed)
            signIn.listAdministrableRepositories().list(done.user().id(), Provider.GITHUB, null);
    ListAdministrableRepositories.Result.Listed bees =
        (ListAdministrableRepositories.Result.Listed)
            signIn.listAdministrableRepositories().list(done.user().id(), Provider.GITHUB, "BEE");

    assertThat(all.login()).isEqualTo("octocat");
    assertThat(all.repositories())
        .extracting(e -> e.repository().fullName())
        .containsExactly("octo-org/a", "octo-org/b");
    assertThat(all.repositories()).noneMatch(ListAdministrableRepositories.Entry::connected);
    assertThat(bees.repositories())
        .extracting(e -> e.repository().fullName())
        .containsExactly("octo-org/b");
    assertThat(signIn.listAdministrableRepositories().list(done.user().id(), Provider.GITLAB, null))
        .isInstanceOf(ListAdministrableRepositories.Result.TokenMissing.class);
  }
}
