package dev.hookkeeper.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookkeeper.core.model.Connection;
import dev.hookkeeper.core.model.Delivery;
import dev.hookkeeper.core.model.Repository;
import dev.hookkeeper.core.model.RepositoryHook;
import dev.hookkeeper.core.model.User;
import dev.hookkeeper.core.port.TransactionRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TransactionRunner} must do with its stores: commit together, or roll back
 * together and rethrow; a transaction opened inside an open one joins it. Store calls inside the
 * work run on the calling thread.
 */
public abstract class TransactionRunnerContract extends StoreContractSupport {

  private TransactionRunner tx() {
    return stores().tx();
  }

  @Test
  void commits_the_work_and_returns_its_value() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook hook = hookFor(repo, user);
    Connection connection = connectionFor(user, repo, T0);

    String result =
        tx().inTransaction(
                () -> {
                  stores().hooks().insertIfAbsent(hook);
                  stores().connections().insertIfAbsent(connection);
                  return "done";
                });

    assertThat(result).isEqualTo("done");
    assertThat(stores().hooks().find(hook.id())).contains(hook);
    assertThat(stores().connections().find(connection.id())).contains(connection);
  }

  @Test
  void an_exception_rolls_back_every_store_and_propagates() {
    User user = newUser();
    Repository repo = newRepository();
    RepositoryHook existing = newHook(repo, user);
    Delivery delivery = delivery(existing, uniqueId("gh"), T0);
    Connection connection = connectionFor(user, repo, T0);
    IllegalStateException failure = new IllegalStateException("processing failed");

    assertThatThrownBy(
            () ->
                tx().inTransaction(
                        () -> {
                          stores().inbox().append(List.of(delivery));
                          stores().connections().insertIfAbsent(connection);
                          stores().hooks().markDelivered(existing.id(), t(10));
                          throw failure;
                        }))
        .isSameAs(failure);

    assertThat(stores().deliveries().find(repo.id(), delivery.deliveryId())).isEmpty();
    assertThat(stores().connections().find(connection.id())).isEmpty();
    assertThat(stores().hooks().find(existing.id()).orElseThrow().lastDeliveryAt()).isNull();
    assertThat(stores().inbox().append(List.of(delivery)))
        .as("the dedup key was not consumed")
        .containsExactly(true);
  }

  @Test
  void a_transaction_opened_inside_another_joins_it() {
    User user = newUser();
    Repository repo = newRepository();
    Connection connection = connectionFor(user, repo, T0);
    IllegalStateException failure = new IllegalStateException("outer work failed");

    assertThatThrownBy(
            () ->
                tx().inTransaction(
                        () -> {
                          // a store method that opens its own transaction, called inside the
                          // caller's
                          assertThat(
                                  tx().inTransaction(
                                          () -> stores().connections().insertIfAbsent(connection)))
                              .isTrue();
                          assertThat(stores().connections().find(connection.id()))
                              .as("visible inside")
                              .contains(connection);
                          throw failure;
                        }))
        .isSameAs(failure);

    assertThat(stores().connections().find(connection.id()))
        .as("the inner transaction committed nothing of its own: it rolled back with the outer one")
        .isEmpty();
  }
}
