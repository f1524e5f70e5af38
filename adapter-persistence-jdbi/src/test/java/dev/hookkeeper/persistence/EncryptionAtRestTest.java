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
