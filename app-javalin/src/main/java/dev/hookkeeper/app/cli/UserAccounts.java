package dev.hookkeeper.app.cli;

import dev.hookkeeper.core.config.Ports;
import dev.hookkeeper.core.crypto.AesGcmSecretCipher;
import dev.hookkeeper.core.crypto.RandomSecretGenerator;
import dev.hookkeeper.core.support.TimeOrderedIdGenerator;
import dev.hookkeeper.core.usecase.CreateUser;
import dev.hookkeeper.core.usecase.RotateApiToken;
import dev.hookkeeper.persistence.PersistenceModule;
import java.time.Clock;

/** The two account use cases the user commands run, on the command's database. */
final class UserAccounts {
  private final Ports ports;

  UserAccounts(CommandDatabase database) {
    AesGcmSecretCipher cipher = database.cipher();
    PersistenceModule stores = PersistenceModule.create(database.dataSource(), cipher);
    // nobody listens to a command's notifications (creating a user or a token sends none anyway)
    this.ports =
        new Ports(
            stores.users(),
            stores.tokenVault(),
            stores.repositories(),
            stores.hooks(),
            stores.connections(),
            stores.deliveries(),
            stores.inbox(),
            stores.workflowRuns(),
            stores.incidents(),
            stores.notifications(),
            stores.hookCleanups(),
            stores.hookEvents(),
            stores.reconcileSchedule(),
            notification -> {},
            stores.transactionRunner(),
            cipher,
            new RandomSecretGenerator(),
            new TimeOrderedIdGenerator(),
            Clock.systemUTC());
  }

  CreateUser createUser() {
    return new CreateUser(ports);
  }

  RotateApiToken rotateApiToken() {
    return new RotateApiToken(ports);
  }
}
