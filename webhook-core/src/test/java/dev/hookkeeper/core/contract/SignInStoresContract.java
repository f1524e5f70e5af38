package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.PendingSignIn;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderAccount;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.Session;
import dev.hookkeeper.core.model.User;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@code IdentityStore}, {@code SessionStore} and {@code SignInStore} must do. */
public abstract class SignInStoresContract extends StoreContractSupport {
  private SignInStoreFixture signIn;

  /** The sign-in stores, on the database of {@link #fixture()}. */
  protected abstract SignInStoreFixture signInFixture();

  /**
   * Synchronized: the concurrency tests' threads must all get the one fixture, not make their own.
   */
  private synchronized SignInStoreFixture signIn() {
    if (signIn == null) signIn = signInFixture();
    return signIn;
  }

  private static ProviderAccount account(Provider provider, String id, String login) {
    return new ProviderAccount(provider, id, login, login + " name");
  }

  @Test
  void binds_an_identity_once_by_its_stable_id() {
    User user = newUser();
    User other = newUser();
    String id = Long.toString(uniqueNumber());

    assertThat(
            signIn()
                .identities()
                .insertIfAbsent(user.id(), account(Provider.GITHUB, id, "octocat"), T0))
        .isTrue();
    assertThat(
            signIn()
                .identities()
                .insertIfAbsent(other.id(), account(Provider.GITHUB, id, "octocat"), T0))
        .as("one identity, one user")
        .isFalse();

    assertThat(signIn().identities().find(Provider.GITHUB, id)).contains(user.id());
    assertThat(signIn().identities().find(Provider.GITLAB, id))
        .as("ids are per provider")
        .isEmpty();
  }

  @Test
  void a_user_holds_one_identity_per_provider() {
    User user = newUser();
    String gh = Long.toString(uniqueNumber());
    String gl = Long.toString(uniqueNumber());

    assertThat(
            signIn()
                .identities()
                .insertIfAbsent(user.id(), account(Provider.GITHUB, gh, "octocat"), T0))
        .isTrue();
    assertThat(
            signIn()
                .identities()
                .insertIfAbsent(user.id(), account(Provider.GITLAB, gl, "tanuki"), T0))
        .isTrue();
    assertThat(
            signIn()
                .identities()
                .insertIfAbsent(
                    user.id(),
                    account(Provider.GITHUB, Long.toString(uniqueNumber()), "second"),
                    T0))
        .isFalse();

    assertThat(signIn().identities().ofUser(user.id()))
        .extracting(ProviderAccount::login)
        .containsExactly("octocat", "tanuki");
  }

  @Test
  void a_sign_in_records_a_renamed_login_under_the_same_identity() {
    User user = newUser();
    String id = Long.toString(uniqueNumber());
    signIn().identities().insertIfAbsent(user.id(), account(Provider.GITLAB, id, "old-name"), T0);

    signIn().identities().signedIn(account(Provider.GITLAB, id, "new-name"), t(60));

    assertThat(signIn().identities().ofUser(user.id()))
        .containsExactly(account(Provider.GITLAB, id, "new-name"));
    assertThat(signIn().identities().find(Provider.GITLAB, id)).contains(user.id());
  }

  @Test
  void concurrent_binds_of_one_identity_have_one_winner() {
    String id = Long.toString(uniqueNumber());
    List<User> users = List.of(newUser(), newUser(), newUser(), newUser());

    List<Boolean> won =
        concurrently(
            4,
            i ->
                signIn()
                    .identities()
                    .insertIfAbsent(
                        users.get(i).id(), account(Provider.GITHUB, id, "octocat"), T0));

    assertThat(won.stream().filter(w -> w).count()).isEqualTo(1);
  }

  @Test
  void sessions_are_found_by_hash_and_end_one_or_all() {
    User user = newUser();
    User other = newUser();
    Session a = new Session(Sha256.hex(uniqueId("s")), user.id(), T0, t(3600));
    Session b = new Session(Sha256.hex(uniqueId("s")), user.id(), T0, t(3600));
    Session c = new Session(Sha256.hex(uniqueId("s")), other.id(), T0, t(3600));
    signIn().sessions().create(a);
    signIn().sessions().create(b);
    signIn().sessions().create(c);

    assertThat(signIn().sessions().find(a.tokenSha256())).contains(a);
    assertThat(signIn().sessions().delete(a.tokenSha256())).isTrue();
    assertThat(signIn().sessions().delete(a.tokenSha256())).isFalse();
    assertThat(signIn().sessions().find(a.tokenSha256())).isEmpty();

    assertThat(signIn().sessions().deleteAllOf(user.id())).isEqualTo(1);
    assertThat(signIn().sessions().find(b.tokenSha256())).isEmpty();
    assertThat(signIn().sessions().find(c.tokenSha256())).contains(c);
  }

  @Test
  void purges_expired_sessions_in_batches() {
    User user = newUser();
    java.time.Instant past = java.time.Instant.parse("2001-01-01T00:00:00Z");
    Session old1 = new Session(Sha256.hex(uniqueId("s")), user.id(), past, past.plusSeconds(10));
    Session old2 = new Session(Sha256.hex(uniqueId("s")), user.id(), past, past.plusSeconds(20));
    Session live = new Session(Sha256.hex(uniqueId("s")), user.id(), past, past.plusSeconds(100));
    List.of(old1, old2, live).forEach(signIn().sessions()::create);

    int first = signIn().sessions().purgeExpired(past.plusSeconds(50), 1);
    int rest = signIn().sessions().purgeExpired(past.plusSeconds(50), 100);

    assertThat(first).isEqualTo(1);
    assertThat(signIn().sessions().find(old1.tokenSha256())).isEmpty();
    assertThat(signIn().sessions().find(old2.tokenSha256())).isEmpty();
    assertThat(signIn().sessions().find(live.tokenSha256())).contains(live);
    assertThat(rest).isGreaterThanOrEqualTo(1);
  }

  @Test
  void a_pending_sign_in_is_taken_once_with_its_verifier() {
    User user = newUser();
    PendingSignIn pending =
        new PendingSignIn(
            Sha256.hex(uniqueId("state")),
            Provider.GITLAB,
            Secret.of("ks02i3jdikdo2k0dkfodf3m39rjfjsdk0wk349rj3jrhf"),
            "https://hk.example/auth/gitlab/callback",
            user.id(),
            T0,
            t(600));
    signIn().signIns().save(pending);

    Optional<PendingSignIn> taken = signIn().signIns().take(pending.stateSha256());
    assertThat(taken).isPresent();
    assertThat(taken.get().codeVerifier().reveal())
        .isEqualTo("ks02i3jdikdo2k0dkfodf3m39rjfjsdk0wk349rj3jrhf");
    assertThat(taken.get().redirectUri()).isEqualTo(pending.redirectUri());
    assertThat(taken.get().linkTo()).isEqualTo(user.id());
    assertThat(taken.get().provider()).isEqualTo(Provider.GITLAB);
    assertThat(taken.get().expiresAt()).isEqualTo(t(600));
    assertThat(signIn().signIns().take(pending.stateSha256())).as("one-time").isEmpty();
  }

  @Test
  void concurrent_takes_of_one_state_have_one_winner() {
    PendingSignIn pending =
        new PendingSignIn(
            Sha256.hex(uniqueId("state")),
            Provider.GITHUB,
            Secret.of(uniqueId("v")),
            "https://hk.example/auth/github/callback",
            null,
            T0,
            t(600));
    signIn().signIns().save(pending);

    List<Boolean> took =
        concurrently(4, i -> signIn().signIns().take(pending.stateSha256()).isPresent());

    assertThat(took.stream().filter(t -> t).count()).isEqualTo(1);
  }

  @Test
  void purges_abandoned_sign_ins() {
    java.time.Instant past = java.time.Instant.parse("2001-01-01T00:00:00Z");
    PendingSignIn old =
        new PendingSignIn(
            Sha256.hex(uniqueId("state")),
            Provider.GITHUB,
            Secret.of(uniqueId("v")),
            "https://hk.example/cb",
            null,
            past,
            past.plusSeconds(600));
    signIn().signIns().save(old);

    assertThat(signIn().signIns().purgeExpired(past.plusSeconds(601), 100))
        .isGreaterThanOrEqualTo(1);
    assertThat(signIn().signIns().take(old.stateSha256())).isEmpty();
  }
}
