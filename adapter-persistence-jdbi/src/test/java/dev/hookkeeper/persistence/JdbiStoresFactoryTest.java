package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.Hookkeeper;
import dev.hookkeeper.core.config.ProviderAdapters;
import dev.hookkeeper.core.config.SignInStores;
import dev.hookkeeper.core.config.Stores;
import dev.hookkeeper.core.ingest.IngestResult;
import dev.hookkeeper.core.model.AccessLevel;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.Provider;
import dev.hookkeeper.core.model.ProviderCredential;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.UserId;
import dev.hookkeeper.core.port.JobSchedule;
import dev.hookkeeper.core.port.SecretCipher;
import dev.hookkeeper.core.testkit.FakeProviderHooksApi;
import dev.hookkeeper.core.usecase.ConnectRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The one-line way to PostgreSQL: migrated on build (or not), every store on the data source, the
 * cluster schedule.
 */
class JdbiStoresFactoryTest {

  @Test
  void on_migrates_an_empty_database_and_hookkeeper_runs_on_it() {
    try (HikariDataSource db = TestPostgres.emptyDatabase()) {
      FakeProviderHooksApi github =
          new FakeProviderHooksApi(Provider.GITHUB, java.time.Clock.systemUTC());
      github.addRepository("octocat/Hello-World", 1296269);
      SecretCipher cipher = TestCipher.random();
      try (Hookkeeper hookkeeper =
          Hookkeeper.builder()
              .stores(JdbiStores.on(db))
              .cipher(cipher)
              .provider(ProviderAdapters.of(github, new WorkflowRunTestDecoder()))
              .ingestUrl(Provider.GITHUB, "https://ci.example.com/hooks/github")
              .withoutBackgroundJobs()
              .build()) {
        UserId alice = hookkeeper.createUser().create("alice").user().id();
        Secret token = github.addToken("alice", AccessLevel.ADMIN);
        hookkeeper.storeProviderToken().store(alice, Provider.GITHUB, token);
        List<String> stored =
            Jdbi.create(db)
                .withHandle(
                    h ->
                        h.createQuery("SELECT access_token_encrypted FROM provider_tokens")
                            .mapTo(String.class)
                            .list());
        assertThat(stored)
            .as("encrypted with the builder's cipher")
            .hasSize(1)
            .noneMatch(v -> v.contains(token.reveal()));
        assertThat(
                hookkeeper
                    .connectRepository()
                    .connect(alice, Provider.GITHUB, "octocat/Hello-World"))
            .isInstanceOf(ConnectRepository.Result.Connected.class);

        RepositoryHook hook =
            hookkeeper.listConnections().list(alice, PageRequest.first(1)).items().get(0).hook();
        byte[] body = "{\"workflow_run\":{}}".getBytes(StandardCharsets.UTF_8);
        Secret secret = cipher.decrypt(hook.secret(), RepositoryHook.secretContext(hook.id()));
        IngestResult result =
            hookkeeper.ingest(
                Provider.GITHUB,
                Map.of(
                    WorkflowRunTestDecoder.EVENT, List.of("ping"),
                    WorkflowRunTestDecoder.DELIVERY, List.of("d-1"),
                    WorkflowRunTestDecoder.HOOK_ID, List.of(hook.providerHookId()),
                    WorkflowRunTestDecoder.SIGNATURE,
                        List.of(WorkflowRunTestDecoder.sign(secret, body))),
                body,
                "192.0.2.1");

        assertThat(result).isInstanceOf(IngestResult.Accepted.class);
      }
      assertThat(count(db, "SELECT count(*) FROM flyway_schema_history WHERE success"))
          .isPositive();
      assertThat(count(db, "SELECT count(*) FROM deliveries")).isEqualTo(1);
    }
  }

  @Test
  void without_migrations_leaves_the_schema_alone() {
    try (HikariDataSource db = TestPostgres.emptyDatabase()) {
      Stores.Factory factory = JdbiStores.on(db).withoutMigrations();

      Stores stores = factory.create(TestCipher.random());

      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
          .isZero();
      assertThatThrownBy(() -> stores.users().find(new UserId("usr_1")))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void every_store_and_the_sign_in_stores_work_on_the_same_database() {
    try (HikariDataSource db = TestPostgres.migratedDatabase()) {
      SecretCipher cipher = TestCipher.random();
      JdbiStores jdbi = JdbiStores.on(db).withoutMigrations();
      Stores stores = jdbi.create(cipher);
      SignInStores signIn = jdbi.signIn().create(cipher);
      UserId bob = new UserId("usr_bob");

      stores
          .tx()
          .inTransaction(
              () -> {
                stores
                    .users()
                    .create(
                        new dev.hookkeeper.core.model.User(bob, "bob", java.time.Instant.now()),
                        "hash-bob");
                stores
                    .tokens()
                    .store(
                        bob,
                        new ProviderCredential(
                            Provider.GITHUB,
                            Secret.of("ghp_secret_token_value_0001"),
                            "bob",
                            List.of("repo"),
                            java.time.Instant.now()));
                return null;
              });

      assertThat(stores.tokens().find(bob, Provider.GITHUB))
          .map(c -> c.accessToken().reveal())
          .contains("ghp_secret_token_value_0001");
      assertThat(signIn.sessions().deleteAllOf(bob)).isZero();
      assertThat(
              List.of(
                  stores.users(),
                  stores.tokens(),
                  stores.repositories(),
                  stores.hooks(),
                  stores.connections(),
                  stores.deliveries(),
                  stores.inbox(),
                  stores.runs(),
                  stores.incidents(),
                  stores.notifications(),
                  stores.cleanups()))
          .allSatisfy(
              store ->
                  assertThat(store.getClass().getPackageName())
                      .isEqualTo("dev.hookkeeper.persistence"));
    }
  }

  @Test
  void the_job_schedule_grants_a_job_once_per_period_across_instances() {
    try (HikariDataSource db = TestPostgres.migratedDatabase()) {
      JobSchedule one = JdbiStores.on(db).jobSchedule();
      JobSchedule other = JdbiStores.on(db).jobSchedule();

      assertThat(one.claim("hook-cleanups", Duration.ofHours(1))).isTrue();
      assertThat(other.claim("hook-cleanups", Duration.ofHours(1))).isFalse();
      assertThat(one.claim("hook-cleanups", Duration.ofHours(1))).isFalse();
    }
  }

  private static long count(HikariDataSource db, String sql) {
    return Jdbi.create(db).withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
