package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.crypto.Sha256;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.port.SecretDecryptionException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a stolen database dump shows: no webhook secret, provider token or API token in clear. */
class EncryptionAtRestTest {

  private static final String WEBHOOK_SECRET = "whsec-PLAINTEXT-4f1c2b9e7a";
  private static final String OAUTH_TOKEN = "gho_PLAINTEXT_TOKEN_9d8c7b6a5f";
  private static final String API_TOKEN = "hk_PLAINTEXT_API_TOKEN_1a2b3c";

  private static HikariDataSource dataSource;
  private static PersistenceModule stores;
  private static SecretCipher cipher;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    cipher = TestCipher.random();
    stores = PersistenceModule.create(dataSource, cipher);
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void a_dump_of_every_column_contains_no_plaintext_secret_or_token() {
    Fixtures fx = new Fixtures(stores);
    User user = new User(new UserId("usr_dump"), "Dump", Fixtures.T0);
    stores.users().create(user, Sha256.hex(API_TOKEN));
    stores.tokenVault().store(user.id(),
        new ProviderCredential(Provider.GITHUB, Secret.of(OAUTH_TOKEN), "octocat", List.of("repo"), Fixtures.T0));
    Repository repo = fx.repository();
    RepositoryHook hook = fx.hook(repo, user, cipher, Secret.of(WEBHOOK_SECRET));
    Fixtures.append(stores, Fixtures.delivery(hook, "guid-1", Fixtures.json("{}"), Fixtures.T0));

    String dump = dumpEveryColumn();

    assertThat(dump).contains("octocat", "guid-1"); // the dump does read the rows
    assertThat(dump).doesNotContain(WEBHOOK_SECRET, OAUTH_TOKEN, API_TOKEN, "sha256=abc");
    assertThat(stores.tokenVault().find(user.id(), Provider.GITHUB).orElseThrow().accessToken().reveal())
        .isEqualTo(OAUTH_TOKEN);
  }

  @Test
  void a_token_ciphertext_copied_to_another_users_row_does_not_decrypt() {
    Fixtures fx = new Fixtures(stores);
    User alice = fx.user();
    User mallory = fx.user();
    stores.tokenVault().store(alice.id(),
        new ProviderCredential(Provider.GITLAB, Secret.of("glpat-alice"), "alice", List.of(), Fixtures.T0));
    stores.tokenVault().store(mallory.id(),
        new ProviderCredential(Provider.GITLAB, Secret.of("glpat-mallory"), "mallory", List.of(), Fixtures.T0));

    Jdbi.create(dataSource).useHandle(h -> h.execute(
        "UPDATE provider_tokens SET access_token_encrypted ="
            + " (SELECT access_token_encrypted FROM provider_tokens WHERE user_id = ?) WHERE user_id = ?",
        alice.id().value(), mallory.id().value()));

    assertThatThrownBy(() -> stores.tokenVault().find(mallory.id(), Provider.GITLAB))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void sign_in_secrets_are_not_in_a_dump_either() {
    Fixtures fx = new Fixtures(stores);
    User user = fx.user();
    String refresh = "glrt-PLAINTEXT_REFRESH_77e1";
    String access = "glo-PLAINTEXT_ACCESS_88f2";
    String sessionToken = "hks_PLAINTEXT_SESSION_99a3";
    String state = "PLAINTEXT_STATE_aa11bb22cc33dd44ee55ff66gg77hh88ii99jj00kk";
    String verifier = "PLAINTEXT_VERIFIER_zz99yy88xx77ww66vv55uu44tt33ss22rr11qq";
    stores.tokenVault().store(user.id(), new ProviderCredential(Provider.GITLAB, Secret.of(access), "tanuki", List.of("api"),
        Fixtures.T0, new dev.hookkeeper.core.model.TokenRenewal(Secret.of(refresh), Fixtures.T0.plusSeconds(7200))));
    stores.sessions().create(new dev.hookkeeper.core.model.Session(Sha256.hex(sessionToken), user.id(), Fixtures.T0,
        Fixtures.T0.plusSeconds(3600)));
    stores.signIns().save(new dev.hookkeeper.core.model.PendingSignIn(Sha256.hex(state), Provider.GITLAB,
        Secret.of(verifier), "https://hk.example/auth/gitlab/callback", null, Fixtures.T0, Fixtures.T0.plusSeconds(600)));

    String dump = dumpEveryColumn();

    assertThat(dump).contains("tanuki", Sha256.hex(sessionToken));
    assertThat(dump).doesNotContain(refresh, access, sessionToken, state, verifier);
    assertThat(stores.tokenVault().find(user.id(), Provider.GITLAB).orElseThrow().renewal().refreshToken().reveal())
        .isEqualTo(refresh);
    assertThat(stores.signIns().take(Sha256.hex(state)).orElseThrow().codeVerifier().reveal()).isEqualTo(verifier);
  }

  @Test
  void a_refresh_token_ciphertext_moved_into_the_access_token_column_does_not_decrypt() {
    Fixtures fx = new Fixtures(stores);
    User user = fx.user();
    stores.tokenVault().store(user.id(), new ProviderCredential(Provider.GITLAB, Secret.of("glo-a"), "tanuki", List.of(),
        Fixtures.T0, new dev.hookkeeper.core.model.TokenRenewal(Secret.of("glrt-r"), Fixtures.T0.plusSeconds(7200))));

    Jdbi.create(dataSource).useHandle(h -> h.execute(
        "UPDATE provider_tokens SET access_token_encrypted = refresh_token_encrypted WHERE user_id = ?", user.id().value()));

    assertThatThrownBy(() -> stores.tokenVault().find(user.id(), Provider.GITLAB))
        .isInstanceOf(SecretDecryptionException.class);
  }

  /** The equivalent of grepping {@code pg_dump}: every column of every table, as text. */
  private static String dumpEveryColumn() {
    return Jdbi.create(dataSource).withHandle(h -> {
      List<String> tables = h.createQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
          .mapTo(String.class).list();
      StringBuilder out = new StringBuilder();
      for (String table : tables) {
        h.createQuery("SELECT t.*::text AS row_text FROM " + table + " t").mapTo(String.class)
            .forEach(row -> out.append(row).append('\n'));
        // bytea renders as hex in the row text; decode bodies so a plaintext inside one would show
        List<String> byteaColumns = h.createQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = :t AND data_type = 'bytea'")
            .bind("t", table).mapTo(String.class).list();
        for (String column : byteaColumns) {
          h.createQuery("SELECT " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL")
              .mapTo(byte[].class)
              .forEach(bytes -> out.append(new String(bytes, StandardCharsets.UTF_8)).append('\n'));
        }
      }
      return out.toString();
    });
  }
}
