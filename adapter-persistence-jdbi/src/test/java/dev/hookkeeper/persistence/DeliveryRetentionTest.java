package dev.hookkeeper.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookkeeper.core.model.PageRequest;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.Secret;
import dev.hookkeeper.core.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeliveryRetentionTest {

  private static HikariDataSource dataSource;
  private static PersistenceModule stores;

  @BeforeAll
  static void database() {
    dataSource = TestPostgres.migratedDatabase();
    stores = PersistenceModule.create(dataSource, TestCipher.random());
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  @Test
  void purges_old_bodies_in_batches_and_keeps_every_row_and_recent_body() {
    Fixtures fx = new Fixtures(stores);
    User user = fx.user();
    var repo = fx.repository();
    RepositoryHook hook = fx.hook(repo, user, TestCipher.random(), Secret.of("retention-secret"));
    for (int day = 0; day < 12; day++) {
      Fixtures.append(stores, Fixtures.delivery(hook, "old-" + day, Fixtures.json("{\"day\":" + day + "}"),
          Fixtures.T0.plus(Duration.ofDays(day))));
    }
    Fixtures.append(stores, Fixtures.delivery(hook, "recent", Fixtures.json("{}"), Fixtures.T0.plus(Duration.ofDays(40))));
    var cutoff = Fixtures.T0.plus(Duration.ofDays(12));

    List<Integer> batches = new ArrayList<>();
    int purged;
    do {
      purged = stores.deliveries().purgeBodiesBefore(cutoff, 5);
      batches.add(purged);
    } while (purged > 0);

    assertThat(batches).containsExactly(5, 5, 2, 0);
    assertThat(stores.deliveries().find(repo.id(), "old-3").orElseThrow().body()).isEmpty();
    assertThat(stores.deliveries().find(repo.id(), "recent").orElseThrow().body()).isEqualTo(Fixtures.json("{}"));
    assertThat(stores.deliveries().listByRepository(repo.id(), PageRequest.first(50)).items()).hasSize(13);
  }
}
